// The headers and body phases: parse the target's response head with the strict http1 parser,
// relay interim 1xx (100 Continue for Expect), hand 101 to the tunnel, forward the final head
// (hop-by-hop lines removed, Via added; a target's 5xx passes through unchanged, marked with
// RFC 9209 §2.1.4 `received-status`), then stream the body by its framing — Content-Length,
// chunked (validated by the http1 decoder, bytes forwarded verbatim, trailers included) or until
// close — with backpressure: a client that does not read pauses the target's socket.
import { kindMask, serializeResponseHead } from '../http1/index.ts';
import { HEADER_KIND } from '../http1/types.ts';
import type { ResponseHead } from '../http1/types.ts';
import { GW } from './error-codes.ts';
import type { Exchange } from './exchange.ts';
import { VIA_LINE } from './forwarding.ts';
import { failAttempt, finishExchange } from './outcome.ts';
import { receivedStatusValue } from './reply.ts';
import { startTunnel } from './upgrade.ts';
import type { UpstreamConnection } from './upstream-connection.ts';

/** Bodies up to this size that arrived with their head are written together with it. */
const SMALL_BODY = 16 * 1024;

/** Lines dropped when a chunked body is de-chunked for an HTTP/1.0 client. */
const DECHUNK_DROP = kindMask(HEADER_KIND.transferEncoding, HEADER_KIND.trailer);

const TLS_ALERT = 0x15;
const TLS_HANDSHAKE = 0x16;

export function onResponseData(x: Exchange, conn: UpstreamConnection, chunk: Buffer): void {
  const firstBytes = x.aBytesRead === 0;
  x.aBytesRead += chunk.length;
  if (x.stage === 'body') {
    feedBody(x, conn, chunk, 0);
    return;
  }
  if (x.stage === 'done') return;
  // Plain HTTP to a TLS port: the target's first byte is a TLS record (RFC 8446 §5.1 ContentType),
  // which the parser would only call a bad status line.
  if (firstBytes && !conn.target.address.tls && (chunk[0] === TLS_HANDSHAKE || chunk[0] === TLS_ALERT)) {
    failAttempt(x, GW.tlsRecord, 'headers');
    return;
  }
  parseHeads(x, conn, chunk, 0);
}

function parseHeads(x: Exchange, conn: UpstreamConnection, chunk: Buffer, start: number): void {
  const parser = conn.parser;
  for (;;) {
    const st = parser.execute(chunk, start);
    if (st === 'more') {
      x.stage = 'head';
      return;
    }
    if (st === 'error') {
      x.cc.gw.malformedResponse(conn.target, x.pool?.config.name ?? '', conn.own(chunk.subarray(start)), parser.error!, x.requestId);
      failAttempt(x, parser.error!.code, 'headers');
      return;
    }
    start += parser.consumed;
    const head = parser.head;
    if (head.interim) {
      // RFC 9110 §15.2: a proxy forwards 1xx to HTTP/1.1 clients; HTTP/1.0 ones never asked for them.
      if (x.httpVersion === 'HTTP/1.1') writeClient(x, serializeResponseHead(head, { connection: 'none', extra: '' }));
      x.stage = 'head';
      if (start >= chunk.length) return;
      continue;
    }
    if (head.status === 101) {
      if (x.upgrade) startTunnel(x, conn, head, chunk, start);
      else failAttempt(x, GW.unexpectedUpgrade, 'headers');
      return;
    }
    finalHead(x, conn, head, chunk, start);
    return;
  }
}

function finalHead(x: Exchange, conn: UpstreamConnection, head: ResponseHead, chunk: Buffer, start: number): void {
  const now = performance.now();
  x.tResponseHead = now;
  x.status = head.status;
  x.targetStatus = head.status;
  x.origin = 'target';
  x.resFraming = head.framing;
  x.resKeepAlive = head.keepAlive;
  x.resHintSec = head.keepAliveTimeoutSec;
  if (head.status >= 500) {
    x.cause = 'upstream_5xx';
    x.causePhase = 'headers';
  }
  // An until-close body (no length, no chunked: HTTP/1.0 style) goes to an HTTP/1.1 client re-framed
  // as chunked, as NGINX does, so the client connection stays open; to a 1.0 client it ends with our
  // FIN. (A transfer coding other than chunked never gets here: it is upstream_bad_framing.)
  const rechunk = head.framing === 'until-close' && x.httpVersion === 'HTTP/1.1';
  x.resRechunk = rechunk;
  // The client connection: a request body still arriving cannot be skipped safely; a gateway
  // shutting down says goodbye.
  if ((head.framing === 'until-close' && !rechunk) || !x.reqBodyDone || x.cc.gw.shuttingDown) x.closeClient = true;
  // RFC 9112 §6.1: no chunked to an HTTP/1.0 client; the plain body ends with the connection.
  const dechunk = head.framing === 'chunked' && x.httpVersion === 'HTTP/1.0';
  x.resDechunk = dechunk;
  if (dechunk) x.closeClient = true;
  // The decoder that validates the chunked body also hands out its data ranges, so de-chunking for
  // a 1.0 client costs no second pass. A read into the shared buffer must be copied (ephemeral).
  conn.chunked.onData = dechunk ? (conn.ephemeral ? x.dataToClientCopy : x.dataToClient) : null;
  const extra = head.status >= 500 ? `${VIA_LINE}Proxy-Status: ${receivedStatusValue(head.status)}\r\nX-Request-Id: ${x.requestId}\r\n` : VIA_LINE;
  // The common small response: head and whole body in one read. One buffer, one write(2) — cheaper
  // than cork + writev for a few hundred bytes; the head is serialized with room for the body.
  const whole = head.framing === 'length' && head.contentLength <= SMALL_BODY && chunk.length - start >= head.contentLength;
  const reserve = whole ? head.contentLength : 0;
  const out = serializeResponseHead(head, { connection: x.closeClient ? 'close' : 'keep-alive', extra, dropKinds: dechunk ? DECHUNK_DROP : 0, addChunked: rechunk, reserve });
  x.stage = 'body';
  const socket = x.cc.socket;
  const more = start < chunk.length;
  x.tResponseOut = performance.now();
  if (whole) {
    const end = start + reserve;
    chunk.copy(out, out.length - reserve, start, end);
    writeClient(x, out);
    if (end < chunk.length) x.resTrailingBytes = true;
    completeResponse(x);
    return;
  }
  if (head.framing === 'none') {
    writeClient(x, out);
    if (more) x.resTrailingBytes = true;
    completeResponse(x);
    return;
  }
  if (more) socket.cork();
  writeClient(x, out);
  if (head.framing === 'length') conn.length.reset(head.contentLength);
  else if (head.framing === 'chunked') conn.chunked.reset();
  x.aPhase = 'body';
  if (more) {
    feedBody(x, conn, chunk, start);
    socket.uncork();
  }
  if (x.stage === 'body' && !x.clientBlocked) x.cc.timer.arm('body', x.pool!.config.timeouts.bodyIdleMs);
}

function feedBody(x: Exchange, conn: UpstreamConnection, chunk: Buffer, start: number): void {
  let n: number;
  let done = false;
  switch (x.resFraming) {
    case 'length': {
      const body = conn.length;
      done = body.execute(chunk, start) === 'done';
      n = body.consumed;
      break;
    }
    case 'chunked': {
      const body = conn.chunked;
      const st = body.execute(chunk, start);
      if (st === 'error') {
        failAttempt(x, body.error!.code, 'body');
        return;
      }
      done = st === 'done';
      n = body.consumed;
      if (x.resDechunk) {
        // The data ranges went to the client through onData during execute.
        if (done) {
          if (start + n < chunk.length) x.resTrailingBytes = true;
          completeResponse(x);
        } else if (!x.clientBlocked) x.cc.timer.arm('body', x.pool!.config.timeouts.bodyIdleMs);
        return;
      }
      break;
    }
    default:
      n = chunk.length - start;
  }
  if (n > 0) {
    if (x.resRechunk) writeClient(x, asChunk(chunk, start, start + n));
    else writeClient(x, conn.own(start === 0 && n === chunk.length ? chunk : chunk.subarray(start, start + n)));
  }
  if (done) {
    if (start + n < chunk.length) x.resTrailingBytes = true;
    completeResponse(x);
    return;
  }
  if (!x.clientBlocked) x.cc.timer.arm('body', x.pool!.config.timeouts.bodyIdleMs);
}

const LAST_CHUNK = Buffer.from('0\r\n\r\n', 'latin1');

/** One chunk (RFC 9112 §7.1) holding `data[start, end)`: a copy, so a shared read buffer's bytes are safe. */
function asChunk(data: Buffer, start: number, end: number): Buffer {
  const size = (end - start).toString(16);
  const out = Buffer.allocUnsafe(size.length + 2 + (end - start) + 2);
  let at = out.write(size, 0, 'latin1');
  at += out.write('\r\n', at, 'latin1');
  at += data.copy(out, at, start, end);
  out.write('\r\n', at, 'latin1');
  return out;
}

export function writeClient(x: Exchange, buf: Buffer): void {
  const ok = x.cc.socket.write(buf);
  x.sentBytes += buf.length;
  if (!ok && !x.clientBlocked && x.conn !== null) {
    x.clientBlocked = true;
    x.conn.socket.pause();
    x.cc.timer.arm('client-write', x.cc.gw.config.clientTimeouts.idleMs);
  }
}

/** The client's socket drained: let the target's bytes flow again. */
export function onClientDrain(x: Exchange): void {
  if (!x.clientBlocked) return;
  x.clientBlocked = false;
  if (x.conn !== null) x.conn.socket.resume();
  if (x.stage === 'body') x.cc.timer.arm('body', x.pool!.config.timeouts.bodyIdleMs);
}

function completeResponse(x: Exchange): void {
  x.stage = 'done';
  if (x.clientBlocked) {
    x.clientBlocked = false;
    if (x.conn !== null) x.conn.socket.resume();
  }
  finishExchange(x);
}

/** The target closed its side (FIN, or the socket closed). */
export function onResponseEnd(x: Exchange): void {
  if (x.stage === 'body' && x.resFraming === 'until-close') {
    x.resKeepAlive = false;
    if (x.resRechunk) writeClient(x, LAST_CHUNK);
    completeResponse(x);
    return;
  }
  failAttempt(x, GW.eof, x.stage === 'body' ? 'body' : x.aPhase);
}
