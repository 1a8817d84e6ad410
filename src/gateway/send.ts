// The send phase: the request head (the client's lines minus hop-by-hop ones, plus Via /
// X-Forwarded-* / Forwarded / X-Request-Id, serialized by http1 from byte ranges), then the body as
// it arrives, with backpressure both ways: when the target's socket buffer is full the client is
// paused until 'drain' (no whole-body buffering). Body bytes sent are kept up to REPLAY_LIMIT so a
// retry can replay them; past it the request is no longer retryable.
import { serializeRequestHead } from '../http1/index.ts';
import { REPLAY_LIMIT, type Exchange } from './exchange.ts';
import { FORWARDING_DROP } from './forwarding.ts';

/** Bodies up to this size already received are sent in the same write as the head. */
const SMALL_BODY = 16 * 1024;

function keep(x: Exchange, buf: Buffer): void {
  const replay = x.replay;
  if (replay === null) return;
  if (x.replayBytes + buf.length > REPLAY_LIMIT) {
    x.replay = null;
    return;
  }
  replay.push(buf);
  x.replayBytes += buf.length;
}

/** The connection is ready (fresh or reused): write head, replayed and queued body, in one corked batch. */
export function sendRequest(x: Exchange): void {
  const conn = x.conn!;
  x.aPhase = 'send';
  const head =
    x.requestHeadBytes ??
    (x.requestHeadBytes = serializeRequestHead(x.head!, {
      connection: x.upgrade ? 'upgrade' : 'keep-alive',
      extra: x.forwardedExtra,
      dropKinds: FORWARDING_DROP,
      host: conn.target.address.label, // for an HTTP/1.0 request without Host (as NGINX sends $proxy_host)
    }));
  conn.parser.startExchange(x.isHead);
  x.tSent = performance.now();
  const socket = conn.socket;
  let ok: boolean;
  x.aHeadWritten = true;
  const replayed = x.replay !== null && x.replayBytes > 0;
  if (!replayed && x.queue.length === 1 && x.queuedBytes <= SMALL_BODY) {
    // Head and a small body already here: one buffer, one write(2).
    const body = x.queue[0]!;
    ok = socket.write(Buffer.concat([head, body], head.length + body.length));
    x.aBytesWritten += head.length + body.length;
    keep(x, body);
    x.queue.length = 0;
    x.queuedBytes = 0;
    x.cc.resumeFromBackpressure();
  } else {
    const batch = x.queue.length > 0 || replayed;
    if (batch) socket.cork();
    ok = socket.write(head);
    x.aBytesWritten += head.length;
    if (replayed) {
      for (const buf of x.replay!) {
        ok = socket.write(buf);
        x.aBytesWritten += buf.length;
      }
    }
    if (x.queue.length > 0) {
      for (const buf of x.queue) {
        ok = socket.write(buf);
        x.aBytesWritten += buf.length;
        keep(x, buf);
      }
      x.queue.length = 0;
      x.queuedBytes = 0;
      x.cc.resumeFromBackpressure();
    }
    if (batch) socket.uncork();
  }
  x.upstreamBlocked = !ok;
  if (!ok) x.cc.pauseForBackpressure();
  armAfterWrite(x);
}

/** Request body bytes parsed from the client. */
export function forwardBody(x: Exchange, buf: Buffer): void {
  const conn = x.conn;
  if (conn === null || !x.aHeadWritten || x.stage === 'done') {
    x.queue.push(buf);
    x.queuedBytes += buf.length;
    // Hold at most one replay window while the target is not ready; the client waits (TCP backpressure).
    if (x.queuedBytes > REPLAY_LIMIT) x.cc.pauseForBackpressure();
    return;
  }
  const ok = conn.socket.write(buf);
  x.aBytesWritten += buf.length;
  keep(x, buf);
  if (!ok) {
    x.upstreamBlocked = true;
    x.cc.pauseForBackpressure();
  }
  armAfterWrite(x);
}

/** The last request byte was parsed. */
export function requestBodyDone(x: Exchange): void {
  if (x.conn !== null && x.aHeadWritten) armAfterWrite(x);
}

export function onUpstreamDrain(x: Exchange): void {
  if (!x.upstreamBlocked) return;
  x.upstreamBlocked = false;
  x.cc.resumeFromBackpressure();
  armAfterWrite(x);
}

/** Who are we waiting for now: the target to take bytes (send), the client to send them, or the response head. */
function armAfterWrite(x: Exchange): void {
  if (x.stage !== 'none') return; // the response already drives the timer
  const timeouts = x.pool!.config.timeouts;
  if (x.upstreamBlocked) {
    x.aPhase = 'send';
    x.cc.timer.arm('send', timeouts.sendMs);
  } else if (!x.reqBodyDone) {
    x.aPhase = 'send';
    x.cc.timer.arm('client-body', x.cc.gw.config.clientTimeouts.requestBodyIdleMs);
  } else {
    x.aPhase = 'headers';
    x.cc.timer.arm('headers', timeouts.headersMs);
  }
}
