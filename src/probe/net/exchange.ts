// One HTTP/1.1 exchange on a raw socket, judged by the same strict parser as the gateway
// (src/http1), so the probe and the gateway agree on what a bad head is. It records what a capture
// would show: time to first byte, head size, how the body ended, and whether the connection is
// left open and idle for the keep-alive measurement.
import type { Socket } from 'node:net';
import { createChunkedDecoder, createLengthBody, createResponseParser } from '../../http1/index.ts';
import type { ParseError, ResponseFraming, ResponseHead } from '../../http1/index.ts';

export interface ExchangeRequest {
  readonly method: 'GET' | 'HEAD';
  readonly path: string;
  readonly authority: string;
}

/** A copy of the parsed head (the parser's head is a view valid only until its next execute()). */
export interface HeadFacts {
  readonly version: 10 | 11;
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly framing: ResponseFraming;
  readonly contentLength: number;
  readonly keepAlive: boolean;
  readonly connectionClose: boolean;
  readonly keepAliveTimeoutSec: number;
  readonly warnings: number;
  /** Status line to final CRLF, in bytes. */
  readonly headBytes: number;
}

export type BodyOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'complete'; readonly bytes: number }
  | { readonly kind: 'until-close'; readonly bytes: number }
  | { readonly kind: 'closed-early'; readonly bytes: number; readonly expected: number | null; readonly reset: boolean }
  | { readonly kind: 'bad-chunked'; readonly bytes: number; readonly error: ParseError }
  | { readonly kind: 'timeout'; readonly bytes: number }
  | { readonly kind: 'too-large'; readonly bytes: number };

export type ExchangeResult =
  | {
      readonly kind: 'response';
      readonly head: HeadFacts;
      readonly body: BodyOutcome;
      readonly firstByteMs: number;
      readonly headMs: number;
      readonly totalMs: number;
      /** Bytes that arrived after the end of the framed body (a Content-Length smaller than the body). */
      readonly trailingBytes: number;
      /** The first bytes of the body (for a cause named in a proxy's error page). */
      readonly bodyStart: Buffer;
      /** Open and idle after a complete framed keep-alive response (paused; the caller owns it), else null. */
      readonly idleSocket: Socket | null;
      /** performance.now() when the last byte of the response arrived. */
      readonly completedAt: number;
    }
  | { readonly kind: 'parse-error'; readonly error: ParseError; readonly firstBytes: Buffer; readonly ms: number }
  | { readonly kind: 'closed'; readonly reset: boolean; readonly bytes: number; readonly firstBytes: Buffer; readonly ms: number }
  | { readonly kind: 'timeout'; readonly bytes: number; readonly firstBytes: Buffer; readonly ms: number };

export interface ExchangeLimits {
  /** Bound of the wait for the head, then of each silence in the body. */
  readonly timeoutMs: number;
  /** The probe measures heads larger than proxies accept, so its own limit is generous. */
  readonly maxHeadBytes?: number;
  /** Bodies are read and counted, not kept, up to this size. */
  readonly maxBodyBytes?: number;
}

const FIRST_BYTES_KEPT = 2048;

const ignore = () => {};

function copyHead(head: ResponseHead): HeadFacts {
  const headers: (readonly [string, string])[] = [];
  for (let i = 0; i < head.count; i++) headers.push([head.name(i), head.value(i)]);
  return {
    version: head.version,
    status: head.status,
    reason: head.reason,
    headers,
    framing: head.framing,
    contentLength: head.contentLength,
    keepAlive: head.keepAlive,
    connectionClose: head.connectionClose,
    keepAliveTimeoutSec: head.keepAliveTimeoutSec,
    warnings: head.warnings,
    headBytes: head.headEnd - head.headStart,
  };
}

export function requestBytes(request: ExchangeRequest): Buffer {
  return Buffer.from(
    `${request.method} ${request.path} HTTP/1.1\r\nHost: ${request.authority}\r\nUser-Agent: gatewise-probe\r\nAccept: */*\r\n\r\n`,
    'latin1',
  );
}

/** Sends one request on a connected socket and reads the response; never throws. */
export function exchange(socket: Socket, request: ExchangeRequest, limits: ExchangeLimits): Promise<ExchangeResult> {
  const parser = createResponseParser({ maxHeadBytes: limits.maxHeadBytes ?? 65_536, maxHeaders: 1000 });
  parser.startExchange(request.method === 'HEAD');
  const maxBody = limits.maxBodyBytes ?? 8 * 1024 * 1024;
  const started = performance.now();
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let received = 0;
  let firstByteMs = -1;
  let head: HeadFacts | null = null;
  let headMs = 0;
  let bodyBytes = 0;
  const bodyKept: Buffer[] = [];
  let bodyKeptBytes = 0;
  let length: ReturnType<typeof createLengthBody> | null = null;
  let chunked: ReturnType<typeof createChunkedDecoder> | null = null;

  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const firstBytes = () => Buffer.concat(kept).subarray(0, FIRST_BYTES_KEPT);
    const elapsed = () => performance.now() - started;
    const finish = (result: ExchangeResult, keepSocket: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
      if (keepSocket) {
        // Idle and paused until the keep-alive check takes it; an RST meanwhile must not crash us.
        socket.pause();
        socket.on('error', ignore);
      } else {
        socket.destroy();
      }
      resolve(result);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(onTimeout, limits.timeoutMs);
    };
    const response = (body: BodyOutcome, trailingBytes: number, idle: boolean): void => {
      if (head === null) return;
      const completedAt = performance.now();
      finish(
        {
          kind: 'response',
          head,
          body,
          firstByteMs,
          headMs,
          totalMs: completedAt - started,
          trailingBytes,
          bodyStart: Buffer.concat(bodyKept),
          idleSocket: idle ? socket : null,
          completedAt,
        },
        idle,
      );
    };
    const keepBody = (chunk: Buffer, from: number, to: number) => {
      bodyBytes += to - from;
      if (bodyKeptBytes < FIRST_BYTES_KEPT && to > from) {
        const part = chunk.subarray(from, Math.min(to, from + FIRST_BYTES_KEPT - bodyKeptBytes));
        bodyKept.push(Buffer.from(part));
        bodyKeptBytes += part.length;
      }
    };
    const bodyDone = (chunk: Buffer, end: number) => {
      const h = head as HeadFacts;
      response({ kind: 'complete', bytes: bodyBytes }, chunk.length - end, h.keepAlive);
    };
    const onBody = (chunk: Buffer, start: number): void => {
      const h = head as HeadFacts;
      if (h.framing === 'none') return bodyDone(chunk, start);
      if (h.framing === 'until-close') {
        keepBody(chunk, start, chunk.length);
        if (bodyBytes > maxBody) response({ kind: 'too-large', bytes: bodyBytes }, 0, false);
        return;
      }
      if (h.framing === 'length') {
        length ??= createLengthBody(h.contentLength);
        const status = length.execute(chunk, start);
        keepBody(chunk, start, start + length.consumed);
        if (status === 'done') return bodyDone(chunk, start + length.consumed);
      } else {
        chunked ??= createChunkedDecoder({ allowBareLf: true });
        const status = chunked.execute(chunk, start);
        if (status === 'error') {
          return response({ kind: 'bad-chunked', bytes: bodyBytes, error: chunked.error as ParseError }, 0, false);
        }
        keepBody(chunk, start, status === 'done' ? start + chunked.consumed : chunk.length);
        if (status === 'done') return bodyDone(chunk, start + chunked.consumed);
      }
      if (bodyBytes > maxBody) response({ kind: 'too-large', bytes: bodyBytes }, 0, false);
    };
    const onHead = (chunk: Buffer, start: number): void => {
      const status = parser.execute(chunk, start);
      if (status === 'more') return;
      if (status === 'error') {
        finish({ kind: 'parse-error', error: parser.error as ParseError, firstBytes: firstBytes(), ms: elapsed() }, false);
        return;
      }
      const next = start + parser.consumed;
      if (parser.head.interim) return onHead(chunk, next);
      head = copyHead(parser.head);
      headMs = elapsed();
      onBody(chunk, next);
    };
    const onData = (chunk: Buffer) => {
      if (firstByteMs < 0) firstByteMs = elapsed();
      received += chunk.length;
      if (keptBytes < FIRST_BYTES_KEPT) {
        kept.push(chunk);
        keptBytes += chunk.length;
      }
      arm();
      if (head === null) onHead(chunk, 0);
      else onBody(chunk, 0);
    };
    const ended = (reset: boolean) => {
      if (head === null) {
        finish({ kind: 'closed', reset, bytes: received, firstBytes: firstBytes(), ms: elapsed() }, false);
        return;
      }
      if (head.framing === 'until-close' && !reset) {
        response({ kind: 'until-close', bytes: bodyBytes }, 0, false);
        return;
      }
      const expected = head.framing === 'length' ? head.contentLength : null;
      response({ kind: 'closed-early', bytes: bodyBytes, expected, reset }, 0, false);
    };
    const onEnd = () => ended(false);
    const onError = (error: NodeJS.ErrnoException) => ended(error.code === 'ECONNRESET' || error.code === 'EPIPE');
    const onClose = () => ended(false);
    const onTimeout = () => {
      if (head === null) finish({ kind: 'timeout', bytes: received, firstBytes: firstBytes(), ms: elapsed() }, false);
      else response({ kind: 'timeout', bytes: bodyBytes }, 0, false);
    };
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onError);
    socket.on('close', onClose);
    arm();
    socket.resume();
    socket.write(requestBytes(request));
  });
}

/** Printable first bytes of a response, for evidence lines: CR, LF, NUL and other controls escaped. */
export function printable(bytes: Buffer, max = 160): string {
  let text = '';
  for (const byte of bytes.subarray(0, max)) {
    if (byte === 0x0d) text += '\\r';
    else if (byte === 0x0a) text += '\\n';
    else if (byte === 0x09) text += '\\t';
    else if (byte < 0x20 || byte >= 0x7f) text += `\\x${byte.toString(16).padStart(2, '0')}`;
    else text += String.fromCharCode(byte);
  }
  return bytes.length > max ? `${text}…` : text;
}
