// Reading a request body by its framing (RFC 9112 §6.3): chunked (§7.1) when Transfer-Encoding ends
// in chunked, else Content-Length, else none. The lab counts body bytes; it never keeps them.
import { fieldValue, type RequestHead } from './request-head.ts';

export type BodyFraming =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' };

export function framingOf(head: RequestHead): BodyFraming | { readonly kind: 'invalid'; readonly reason: string } {
  const te = fieldValue(head.headers, 'transfer-encoding');
  if (te !== undefined) {
    const codings = te.toLowerCase().split(',').map((c) => c.trim());
    if (codings[codings.length - 1] === 'chunked') return { kind: 'chunked' };
    return { kind: 'invalid', reason: `request Transfer-Encoding "${te}" does not end in chunked` };
  }
  const cl = fieldValue(head.headers, 'content-length');
  if (cl === undefined) return { kind: 'none' };
  const values = new Set(cl.split(',').map((v) => v.trim()));
  const [only] = values;
  if (values.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only)) {
    return { kind: 'invalid', reason: `request Content-Length "${cl}" is not one number` };
  }
  return { kind: 'length', length: Number(only) };
}

export type FeedResult =
  | { readonly kind: 'more'; readonly consumed: number }
  | { readonly kind: 'done'; readonly consumed: number }
  | { readonly kind: 'invalid'; readonly reason: string };

export interface BodyDecoder {
  feed(chunk: Buffer): FeedResult;
  readonly bodyBytes: number;
}

export function createBodyDecoder(framing: BodyFraming): BodyDecoder {
  if (framing.kind === 'chunked') return createChunkedDecoder();
  let remaining = framing.kind === 'length' ? framing.length : 0;
  let bodyBytes = 0;
  return {
    feed(chunk) {
      const take = Math.min(remaining, chunk.length);
      remaining -= take;
      bodyBytes += take;
      return remaining === 0 ? { kind: 'done', consumed: take } : { kind: 'more', consumed: take };
    },
    get bodyBytes() {
      return bodyBytes;
    },
  };
}

const MAX_LINE = 8192;

function createChunkedDecoder(): BodyDecoder {
  let state: 'size' | 'data' | 'data-end' | 'trailer' = 'size';
  let line = '';
  let remaining = 0;
  let bodyBytes = 0;
  return {
    feed(chunk) {
      let i = 0;
      while (i < chunk.length) {
        if (state === 'data') {
          const take = Math.min(remaining, chunk.length - i);
          remaining -= take;
          bodyBytes += take;
          i += take;
          if (remaining === 0) state = 'data-end';
          continue;
        }
        const byte = chunk[i] as number;
        i += 1;
        if (byte !== 0x0a) {
          if (line.length >= MAX_LINE) return { kind: 'invalid', reason: 'chunk line longer than 8 KiB' };
          if (byte !== 0x0d) line += String.fromCharCode(byte);
          continue;
        }
        const text = line;
        line = '';
        if (state === 'data-end') {
          if (text !== '') return { kind: 'invalid', reason: 'chunk data not followed by CRLF' };
          state = 'size';
        } else if (state === 'size') {
          const size = (text.split(';')[0] ?? '').trim();
          if (!/^[0-9a-fA-F]{1,12}$/.test(size)) return { kind: 'invalid', reason: `chunk size "${text.slice(0, 40)}" is not hex` };
          remaining = Number.parseInt(size, 16);
          state = remaining === 0 ? 'trailer' : 'data';
        } else if (text === '') {
          return { kind: 'done', consumed: i };
        }
      }
      return { kind: 'more', consumed: i };
    },
    get bodyBytes() {
      return bodyBytes;
    },
  };
}
