// Per-target state on the hot path, keyed by the bytes of the target field: an open-addressing
// table over FNV hashes with typed arrays, so counting a request for a target allocates nothing
// (the target's string is made once, when it is first seen). Bounded: beyond `capacity` distinct
// targets, the rest are counted under one overflow slot.

export const OVERFLOW_TARGET = '(other targets)';

export interface TargetTable {
  /** Slot of the target in buf[start, end); creates it on first sight. */
  slot(buf: Uint8Array, start: number, end: number): number;
  slotOf(name: string): number;
  readonly requests: Float64Array;
  readonly lastSeenMs: Float64Array;
  readonly prevOk: Uint8Array;
  readonly failStreak: Int32Array;
  /** Failures that came after an idle gap of at least the keep-alive threshold. */
  readonly afterIdle: Int32Array;
  names(): (string | undefined)[];
  readonly size: number;
}

export function createTargetTable(capacity = 4096): TargetTable {
  const size = capacity * 2;
  const mask = size - 1;
  const keys = new Int32Array(size).fill(-1);
  const hashes = new Int32Array(size);
  const lengths = new Int32Array(size);
  const names: (string | undefined)[] = [];
  const requests = new Float64Array(capacity + 1);
  const lastSeenMs = new Float64Array(capacity + 1).fill(Number.NaN);
  const prevOk = new Uint8Array(capacity + 1);
  const failStreak = new Int32Array(capacity + 1);
  const afterIdle = new Int32Array(capacity + 1);
  let used = 0;
  const overflow = capacity;
  names[overflow] = OVERFLOW_TARGET;

  /** The slot of a key, or its free table index as -(index + 1). */
  function probe(h: number, len: number): number {
    let i = h & mask;
    for (;;) {
      const k = keys[i] as number;
      if (k === -1) return -(i + 1);
      if (hashes[i] === h && lengths[i] === len) return k;
      i = (i + 1) & mask;
    }
  }

  function add(i: number, h: number, len: number, name: string): number {
    if (used >= capacity) return overflow;
    keys[i] = used;
    hashes[i] = h;
    lengths[i] = len;
    names[used] = name;
    return used++;
  }

  return {
    slot(buf, start, end) {
      // FNV-1a kept as a signed 32-bit value (Int32Array): an unsigned one above 2^30 would be a
      // heap number, one allocation per line.
      let h = 0x811c9dc5 | 0;
      for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
      const k = probe(h, end - start);
      if (k >= 0) return k;
      return add(-k - 1, h, end - start, Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'));
    },
    slotOf(name) {
      const bytes = Buffer.from(name, 'latin1');
      let h = 0x811c9dc5 | 0;
      for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
      const k = probe(h, bytes.length);
      return k >= 0 ? k : add(-k - 1, h, bytes.length, name);
    },
    requests,
    lastSeenMs,
    prevOk,
    failStreak,
    afterIdle,
    names: () => names,
    get size() {
      return used;
    },
  };
}
