// Just enough HTTP/1.1 response framing for a load generator (RFC 9112 §6.3): find the end of the
// head, then read a Content-Length body or a chunked body. A response framed by connection close
// (neither header) cannot be told apart from the next one on a keep-alive connection, so it is
// counted invalid rather than guessed at: every proxy in the benchmark frames its responses.

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const MAX_HEAD = 64 * 1024;

export interface ResponseFrame {
  readonly status: number;
  readonly headBytes: number;
  readonly close: boolean;
  readonly done: boolean;
  /** Eat body bytes from `data`; returns how many belong to this response, or 'invalid'. */
  consume(data: Buffer): number | 'invalid';
}

export function parseResponseHead(buf: Buffer): ResponseFrame | 'incomplete' | 'invalid' {
  const end = buf.indexOf(HEAD_END);
  if (end < 0) return buf.length > MAX_HEAD ? 'invalid' : 'incomplete';
  const head = buf.toString('latin1', 0, end);
  if (!head.startsWith('HTTP/1.')) return 'invalid';
  const status = Number(head.slice(9, 12));
  if (!Number.isInteger(status)) return 'invalid';
  // Plain indexOf before any regex: this runs once per response, tens of thousands of times a second.
  const close = head.startsWith('HTTP/1.0') || (/close/i.test(head) && /\r\nconnection:[^\r]*\bclose\b/i.test(head));
  const headBytes = end + HEAD_END.length;
  if (status === 204 || status === 304 || (status >= 100 && status < 200)) return fixed(status, headBytes, close, 0);
  if (/chunked/i.test(head) && /\r\ntransfer-encoding:[^\r]*chunked/i.test(head)) return chunked(status, headBytes, close);
  const length = contentLength(head);
  return length === undefined ? 'invalid' : fixed(status, headBytes, close, length);
}

function contentLength(head: string): number | undefined {
  let at = head.indexOf('\r\nContent-Length:');
  if (at < 0) at = head.indexOf('\r\ncontent-length:');
  if (at >= 0) {
    const lineEnd = head.indexOf('\r', at + 2);
    const value = head.slice(at + 17, lineEnd < 0 ? undefined : lineEnd).trim();
    return /^\d+$/.test(value) ? Number(value) : undefined;
  }
  const match = /\r\ncontent-length:[ \t]*(\d+)[ \t]*(?:\r|$)/i.exec(head);
  return match?.[1] ? Number(match[1]) : undefined;
}

function fixed(status: number, headBytes: number, close: boolean, length: number): ResponseFrame {
  let remaining = length;
  return {
    status,
    headBytes,
    close,
    get done() {
      return remaining === 0;
    },
    consume(data: Buffer): number {
      const take = Math.min(remaining, data.length);
      remaining -= take;
      return take;
    },
  };
}

// Chunked: size line, data, CRLF … then "0" CRLF, optional trailers, CRLF (RFC 9112 §7.1).
function chunked(status: number, headBytes: number, close: boolean): ResponseFrame {
  let state: 'size' | 'data' | 'data-crlf' | 'trailer' | 'done' = 'size';
  let remaining = 0;
  let line = '';
  return {
    status,
    headBytes,
    close,
    get done() {
      return state === 'done';
    },
    consume(data: Buffer): number | 'invalid' {
      let i = 0;
      while (i < data.length && state !== 'done') {
        if (state === 'data') {
          const take = Math.min(remaining, data.length - i);
          i += take;
          remaining -= take;
          if (remaining === 0) state = 'data-crlf';
          continue;
        }
        const byte = data[i++] as number;
        if (byte !== 0x0a) {
          if (line.length > 1024) return 'invalid';
          line += String.fromCharCode(byte);
          continue;
        }
        const text = line.endsWith('\r') ? line.slice(0, -1) : line;
        line = '';
        if (state === 'data-crlf') {
          if (text !== '') return 'invalid';
          state = 'size';
        } else if (state === 'size') {
          const size = Number.parseInt(text.split(';')[0] ?? '', 16);
          if (!Number.isInteger(size) || size < 0) return 'invalid';
          if (size === 0) state = 'trailer';
          else {
            remaining = size;
            state = 'data';
          }
        } else if (text === '') {
          state = 'done'; // end of trailers
        }
      }
      return i;
    },
  };
}
