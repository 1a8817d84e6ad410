// The flight recorder (DESIGN §5): when a target's response head is refused as malformed, its first
// bytes are kept — bounded, with header values redacted unless their name is on the keep list — in
// a ring the admin API and the dashboard show, like HAProxy's `show errors`. It is the packet
// capture a troubleshooting guide asks for, without tcpdump.
import type { FlightRecorderConfig } from '../../config/model.ts';
import type { ParseError } from '../../http1/types.ts';
import { Ring } from './ring.ts';

export interface FlightRecord {
  readonly at: number;
  readonly pool: string;
  readonly target: string;
  readonly requestId: string;
  /** The parser's error code (e.g. HPE_INVALID_HEADER_TOKEN) and its sentence. */
  readonly code: string;
  readonly detail: string;
  /** Offset of the fault from the start of the head. */
  readonly offset: number;
  /** Bytes of the head as received (latin1, redacted), at most maxBytes. */
  readonly head: string;
  readonly truncated: boolean;
  readonly redacted: number;
}

export const REDACTED = '<redacted>';

/**
 * Replace the value of every field line whose name is not kept. Works on raw bytes that may be
 * malformed: a line is "name: value" if it has a colon; the status line and lines without a colon
 * are kept as they are (they are usually the evidence).
 */
export function redactHead(text: string, keep: ReadonlySet<string>): { text: string; redacted: number } {
  let redacted = 0;
  const lines = text.split(/(\r?\n)/);
  for (let i = 2; i < lines.length; i += 2) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (keep.has(name)) continue;
    const value = line.slice(colon + 1);
    if (value.trim() === '') continue;
    lines[i] = `${line.slice(0, colon + 1)} ${REDACTED}`;
    redacted += 1;
  }
  return { text: lines.join(''), redacted };
}

export class FlightRecorder {
  #config: FlightRecorderConfig;
  #keep: ReadonlySet<string>;
  #ring: Ring<FlightRecord>;

  constructor(config: FlightRecorderConfig) {
    this.#config = config;
    this.#keep = new Set(config.keepValues);
    this.#ring = new Ring(config.entries);
  }

  get total(): number {
    return this.#ring.total;
  }

  configure(config: FlightRecorderConfig): void {
    const old = this.#ring;
    this.#config = config;
    this.#keep = new Set(config.keepValues);
    this.#ring = new Ring(config.entries);
    for (const r of old.newest(config.entries).reverse()) this.#ring.push(r);
    this.#ring.total = old.total;
  }

  record(pool: string, target: string, bytes: Buffer, error: ParseError, requestId: string): FlightRecord | null {
    if (this.#config.entries === 0) return null;
    const max = this.#config.maxBytes;
    // Up to the end of the head when it is in view, else the first maxBytes.
    const end = bytes.indexOf('\r\n\r\n');
    const headLength = end >= 0 ? end + 4 : bytes.length;
    const kept = bytes.subarray(0, Math.min(headLength, max));
    const { text, redacted } = redactHead(kept.toString('latin1'), this.#keep);
    const entry: FlightRecord = {
      at: Date.now(),
      pool,
      target,
      requestId,
      code: error.code,
      detail: error.detail,
      offset: error.offset,
      head: text,
      truncated: headLength > max,
      redacted,
    };
    this.#ring.push(entry);
    return entry;
  }

  newest(limit?: number): FlightRecord[] {
    return this.#ring.newest(limit);
  }
}
