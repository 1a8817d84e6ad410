// How an exchange ends: cleanly (finishExchange), by a failed attempt (failAttempt → retry, a
// gateway reply, or an abort once the response has started), by a gateway reply (the one writer,
// reply.ts), or by the client going away. Every path builds exactly one ExchangeRecord.
import type { Socket } from 'node:net';
import type { CauseId, Phase } from '../causes/index.ts';
import { causeOf } from '../causes/index.ts';
import type { Attempt, Endpoint, ExchangeRecord } from '../telemetry/exchange-record.ts';
import { available } from './balance/index.ts';
import { classify } from './classify.ts';
import type { ClientConnection, ListenerInfo } from './client-connection.ts';
import type { GatewayContext } from './gateway-context.ts';
import { GW } from './error-codes.ts';
import type { Exchange } from './exchange.ts';
import { epochMs, NO_ATTEMPTS, span } from './record.ts';
import { renderReply } from './reply.ts';
import { nextRequestId } from './request-id.ts';

/** Failures before any response byte that another try may cure (RFC 9110 §9.2.2 still applies). */
const RETRYABLE: ReadonlySet<CauseId> = new Set<CauseId>([
  'upstream_connect_refused',
  'upstream_unreachable',
  'upstream_connect_timeout',
  'upstream_dns_failed',
  'upstream_dns_timeout',
  'upstream_tls_failed',
  'upstream_tls_timeout',
  'upstream_tls_certificate_invalid',
  'upstream_protocol_mismatch',
  'upstream_closed_before_response',
  'upstream_reset_before_response',
]);

function endAttempt(x: Exchange, cause: CauseId | null, code: string | null, destroy: boolean): void {
  const target = x.target;
  const conn = x.conn;
  if (target === null) return;
  const headersMs = x.tResponseHead >= 0 && x.tSent >= 0 ? x.tResponseHead - x.tSent : null;
  const attempt: Attempt = {
    target: target.endpoint,
    status: cause === null ? x.targetStatus : null,
    cause,
    reused: x.aReused,
    idleBeforeMs: x.aReused ? x.aIdleMs : null,
    connectMs: x.aConnectMs,
    tlsMs: x.aTlsMs,
    headersMs,
    errorCode: code,
  };
  x.attempts.push(attempt);
  target.outstanding -= 1;
  x.target = null;
  if (conn !== null) {
    x.conn = null;
    if (destroy) conn.destroy();
  }
}

function mayRetry(x: Exchange, cause: CauseId): boolean {
  const pool = x.pool;
  if (pool === null || x.aBytesRead > 0 || x.stage !== 'none') return false;
  // The body sent so far must be replayable, and nothing must reach the client twice.
  if (x.replay === null) return false;
  const nothingSent = x.aBytesWritten === 0;
  if (!x.idempotent && !nothingSent) return false; // never send a non-idempotent request twice
  if (cause === 'upstream_keepalive_race') {
    if (x.raceRetried) return false;
    x.raceRetried = true;
    x.forceFresh = true;
    return true;
  }
  if (!RETRYABLE.has(cause)) return false;
  const used = x.attempts.length - (x.raceRetried ? 1 : 0);
  if (used >= pool.config.retries.attempts) return false;
  const ctx = { tried: x.tried, hashKey: null, maxOutstanding: pool.config.maxConnectionsPerTarget };
  if (!pool.targets.some((t) => available(t, ctx))) return false; // retries go to another target
  return pool.budget.trySpend(Date.now());
}

/** The current attempt failed with `code` in `phase`. */
export function failAttempt(x: Exchange, code: string, phase: Phase): void {
  if (!x.active) return;
  const cause = classify({
    errorCode: code,
    phase,
    socketFacts: { reused: x.aReused, idleMs: x.aIdleMs, requestBytesWritten: x.aBytesWritten, responseBytesRead: x.aBytesRead, sawRst: x.aSawRst },
  });
  if (cause === 'proxy_unclassified_error') x.cc.gw.unclassified(phase, code);
  const failed = x.target;
  if (x.stage === 'none' || x.stage === 'head') {
    endAttempt(x, cause, code, true);
    if (failed !== null && cause !== 'upstream_keepalive_race') (x.tried ??= []).push(failed);
    if (mayRetry(x, cause)) {
      x.recovered = cause;
      x.stage = 'none';
      x.attempt();
      return;
    }
    replyAndFinish(x, cause, phase, code);
    return;
  }
  // The response head is already with the client: the only honest move is to abort (DESIGN §3).
  x.cause = cause;
  x.causePhase = phase;
  x.errorCode = code;
  x.closeClient = true;
  endAttempt(x, cause, code, true);
  // Flush what the client already has (the head, part of the body), then FIN: with the framing
  // left incomplete, the client knows the response was cut (NGINX closes the same way).
  const socket = x.cc.socket;
  while (socket.writableCorked > 0) socket.uncork();
  record(x);
  x.cc.onExchangeDone(true);
}

/** A gateway-made response for `cause`, then the end of the exchange. */
export function replyAndFinish(x: Exchange, cause: CauseId, phase: Phase, code: string | null): void {
  if (!x.active) return;
  const cc = x.cc;
  if (x.conn !== null) endAttempt(x, cause, code, true);
  x.captureForLog();
  if (!x.reqBodyDone || phase === 'accept') x.closeClient = true;
  if (cc.gw.shuttingDown) x.closeClient = true;
  const verbose = cc.gw.config.verboseErrors;
  const last = x.attempts[x.attempts.length - 1];
  const rendered = renderReply(cause, {
    requestId: x.requestId,
    accept: x.accept,
    headOnly: x.isHead,
    close: x.closeClient,
    verboseDetail: verbose ? [code, last ? `${last.target.address}:${last.target.port}` : null].filter(Boolean).join(' ') || null : null,
  });
  if (!cc.closed) cc.socket.write(rendered.bytes);
  x.sentBytes += rendered.bytes.length;
  x.status = rendered.status;
  x.origin = 'gateway';
  x.cause = cause;
  x.causePhase = phase;
  x.errorCode = code;
  x.recovered = null;
  x.stage = 'done';
  x.tResponseOut = performance.now();
  record(x);
  cc.onExchangeDone(x.closeClient);
}

/** The response went out completely. */
export function finishExchange(x: Exchange): void {
  const conn = x.conn;
  const pool = x.pool;
  if (conn !== null && pool !== null) {
    const reusable = x.resKeepAlive && x.reqBodyDone && !x.resTrailingBytes && !x.cc.gw.shuttingDown && !x.upstreamBlocked;
    endAttempt(x, null, null, false);
    conn.parser.release(); // an idle pooled connection holds nothing of this response
    if (reusable) pool.release(conn, Date.now(), x.resHintSec);
    else conn.destroy();
  }
  record(x);
  x.cc.onExchangeDone(x.closeClient);
}

/** The client went away mid-exchange (NGINX's 499). */
export function clientGone(x: Exchange): void {
  if (!x.active) return;
  const phase: Phase = x.conn === null && x.attempts.length === 0 ? 'accept' : x.aPhase;
  endAttempt(x, 'client_aborted', null, true);
  x.cause = 'client_aborted';
  x.causePhase = phase;
  x.status = x.status ?? 499;
  record(x);
}

function record(x: Exchange): void {
  x.active = false;
  const cc = x.cc;
  const gw = cc.gw;
  const end = performance.now();
  if (gw.logging) x.captureForLog();
  const gotResponse = x.tResponseHead >= 0;
  const rec: ExchangeRecord = {
    type: x.upgrade && x.status === 101 ? (cc.listener.tls ? 'wss' : 'ws') : cc.listener.tls ? 'https' : 'http',
    startedAtMs: epochMs(x.t0),
    endedAtMs: epochMs(end),
    listener: cc.listener.name,
    client: cc.endpoint,
    requestId: x.requestId,
    method: x.method,
    target: x.path,
    httpVersion: x.httpVersion,
    host: x.host === '' ? null : x.host,
    userAgent: x.userAgent,
    tlsCipher: cc.tlsCipher,
    tlsProtocol: cc.tlsProtocol,
    requestProcessingMs: span(x.t0, x.tSent),
    targetProcessingMs: gotResponse ? span(x.tSent, x.tResponseHead) : -1,
    responseProcessingMs: gotResponse ? span(x.tResponseHead, x.tResponseOut) : -1,
    status: x.status,
    origin: x.origin,
    receivedBytes: x.receivedBytes,
    sentBytes: x.sentBytes,
    cause: x.cause,
    phase: x.causePhase,
    recovered: x.recovered,
    pool: x.pool === null ? null : x.pool.config.name,
    attempts: x.attempts.length === 0 ? NO_ATTEMPTS : x.attempts,
  };
  gw.finished(rec);
  x.release();
}

/** A request refused before it had a head (parse error, head timeout, head too large). */
export function refuseRequest(cc: ClientConnection, code: string, startedPerf: number): void {
  const who = { listener: cc.listener, client: cc.endpoint, tlsCipher: cc.tlsCipher, tlsProtocol: cc.tlsProtocol, receivedBytes: cc.parser.pending };
  refuse(cc.gw, who, code, startedPerf, null, (bytes) => {
    if (!cc.closed && !cc.ending) cc.socket.end(bytes);
    cc.ending = true;
    cc.timer.arm('client-idle', 1_000); // backstop: cut a client that never closes its side
  });
}

/**
 * Plain HTTP sent to a TLS listener (OpenSSL's ERR_SSL_HTTP_REQUEST, its handshake failed): answered
 * in plain HTTP on the TCP socket under the TLS layer, as NGINX answers "The plain HTTP request was
 * sent to HTTPS port", instead of a connection closed without a word.
 */
export function refusePlainHttpOnTls(gw: GatewayContext, listener: ListenerInfo, raw: Socket): void {
  const who = { listener, client: { address: raw.remoteAddress ?? '', port: raw.remotePort ?? 0 }, tlsCipher: null, tlsProtocol: null, receivedBytes: 0 };
  // The detail names nothing internal, and it is what the client must change: said always.
  refuse(gw, who, PLAIN_HTTP_ON_TLS, -1, 'plain HTTP was sent to a TLS listener: use https://', (bytes) => {
    raw.end(bytes);
    setTimeout(() => raw.destroy(), 1_000).unref(); // backstop, as above
  });
}

export const PLAIN_HTTP_ON_TLS = 'ERR_SSL_HTTP_REQUEST';

interface Refused {
  readonly listener: ListenerInfo;
  readonly client: Endpoint;
  readonly tlsCipher: string | null;
  readonly tlsProtocol: string | null;
  readonly receivedBytes: number;
}

function refuse(gw: GatewayContext, who: Refused, code: string, startedPerf: number, detail: string | null, send: (bytes: Buffer) => void): void {
  const cause = classify({ errorCode: code, phase: 'accept', socketFacts: { reused: false, idleMs: 0, requestBytesWritten: 0, responseBytesRead: 0, sawRst: false } });
  if (cause === 'proxy_unclassified_error') gw.unclassified('accept', code);
  const requestId = nextRequestId();
  const rendered = renderReply(cause, { requestId, accept: null, headOnly: false, close: true, verboseDetail: detail ?? (gw.config.verboseErrors ? code : null) });
  send(rendered.bytes);
  const now = performance.now();
  const status = causeOf(cause).outcome.kind === 'respond' ? rendered.status : null;
  gw.finished({
    type: who.listener.tls ? 'https' : 'http',
    startedAtMs: epochMs(startedPerf < 0 ? now : startedPerf),
    endedAtMs: epochMs(now),
    listener: who.listener.name,
    client: who.client,
    requestId,
    method: '-',
    target: '-',
    httpVersion: '-',
    host: null,
    userAgent: null,
    tlsCipher: who.tlsCipher,
    tlsProtocol: who.tlsProtocol,
    requestProcessingMs: -1,
    targetProcessingMs: -1,
    responseProcessingMs: -1,
    status,
    origin: 'gateway',
    receivedBytes: who.receivedBytes,
    sentBytes: rendered.bytes.length,
    cause,
    phase: 'accept',
    recovered: null,
    pool: null,
    attempts: NO_ATTEMPTS,
  });
}

export const INTERNAL_CODE = GW.internal;

/** The tunnel of an upgraded exchange closed: log it once, as ALB does for ws/wss. */
export function finishTunnel(x: Exchange): void {
  endAttempt(x, null, null, false);
  record(x);
}
