// Test support: feed bytes to a parser whole, split in two at every boundary, and byte by byte,
// and check every way gives the same verdict (incrementality is part of the contract).
import assert from 'node:assert/strict';
import type { FieldLines, HeadParser, ParseError, ParseStatus } from '../../src/http1/index.ts';

export interface Fed<H> {
  status: ParseStatus;
  /** Bytes taken across all calls. */
  consumed: number;
  head: H | null;
  error: ParseError | null;
}

export function feed<H>(parser: HeadParser<H>, chunks: readonly Buffer[], begin?: () => void): Fed<H> {
  begin?.();
  let consumed = 0;
  for (const chunk of chunks) {
    const status = parser.execute(chunk, 0);
    consumed += parser.consumed;
    if (status === 'done') return { status, consumed, head: parser.head, error: null };
    if (status === 'error') return { status, consumed, head: null, error: parser.error };
  }
  return { status: 'more', consumed, head: null, error: null };
}

/** Every way to cut `bytes`: whole, two pieces at each boundary, one byte at a time. */
export function splits(bytes: Buffer): Buffer[][] {
  const ways: Buffer[][] = [[bytes]];
  for (let k = 1; k < bytes.length; k++) ways.push([bytes.subarray(0, k), bytes.subarray(k)]);
  const single: Buffer[] = [];
  for (let k = 0; k < bytes.length; k++) single.push(bytes.subarray(k, k + 1));
  ways.push(single);
  return ways;
}

export function lines(h: FieldLines): [string, string, number][] {
  const out: [string, string, number][] = [];
  for (let i = 0; i < h.count; i++) out.push([h.name(i), h.value(i), h.hopByHop[i]!]);
  return out;
}

/**
 * Parse `bytes` every way with `parse` (which must summarise the head into plain data before
 * the next call) and assert all ways agree; return the whole-buffer result.
 */
export function agreeAcrossSplits<S>(bytes: Buffer, parse: (chunks: Buffer[]) => S): S {
  const all = splits(bytes);
  const first = parse(all[0]!);
  for (let w = 1; w < all.length; w++) {
    const got = parse(all[w]!);
    assert.deepEqual(got, first, `split #${w} (${all[w]!.map((c) => c.length).join('+')} bytes) disagrees with the whole parse`);
  }
  return first;
}

export const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');
