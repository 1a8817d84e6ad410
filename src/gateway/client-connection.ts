// One client connection: reads request heads with the strict http1 parser, request bodies with
// its length / chunked codecs, runs one exchange at a time and answers pipelined requests in order
// (bytes after the current request wait, unparsed, until its response is out: the socket is paused
// meanwhile, so memory stays bounded). Keep-alive both ways, the client timeouts (head, body, idle)
// on one PhaseTimer, and a 'error' listener so nothing a client does can crash the process.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createChunkedDecoder, createLengthBody, createRequestParser } from '../http1/index.ts';
import type { ChunkedDecoder, LengthBody, RequestParser } from '../http1/types.ts';
import type { Endpoint } from '../telemetry/exchange-record.ts';
import { GW } from './error-codes.ts';
import { Exchange } from './exchange.ts';
import { Forwarding } from './forwarding.ts';
import type { GatewayContext } from './gateway-context.ts';
import { clientGone, failAttempt, finishTunnel, refuseRequest, replyAndFinish } from './outcome.ts';
import { PhaseTimer, type TimerOwner, type TimerPhase } from './phase-timer.ts';
import { onClientDrain } from './response.ts';
import { forwardBody, requestBodyDone } from './send.ts';
import type { Tunnel } from './upgrade.ts';

export interface ListenerInfo {
  readonly name: string;
  readonly tls: boolean;
}

/**
 * Plain client sockets made by the gateway's accept path (gateway.ts) read into this one buffer
 * (net.Socket `onread`): no Buffer and no Readable machinery per read. Chunks are views valid
 * during the call only, so whatever outlives it is copied: the request head (`detachHead`), held
 * pipelined bytes, and body bytes (written to the target later, or kept for a retry).
 */
export const CLIENT_READ_BUFFER = Buffer.allocUnsafeSlow(64 * 1024);
const SHARED = CLIENT_READ_BUFFER.buffer;

/** A view of the shared read buffer, or a copy of it when it is one. */
function own(chunk: Buffer): Buffer {
  return chunk.buffer === SHARED ? Buffer.from(chunk) : chunk;
}

export class ClientConnection implements TimerOwner {
  readonly gw: GatewayContext;
  readonly socket: Socket;
  readonly listener: ListenerInfo;
  readonly remoteAddress: string;
  readonly endpoint: Endpoint;
  readonly parser: RequestParser;
  readonly timer: PhaseTimer;
  readonly forwarding: Forwarding;
  readonly exchange: Exchange;
  tlsCipher: string | null = null;
  tlsProtocol: string | null = null;
  closed = false;
  /** We said goodbye (end() after a final response): later bytes from the client are ignored. */
  ending = false;
  #tunnel: Tunnel | null = null;
  #stash: Buffer | null = null;
  #stashStart = 0;
  #pausedPipelining = false;
  #pausedBackpressure = false;
  #driving = false;
  #headStart = -1;
  #chunked: ChunkedDecoder | null = null;
  #length: LengthBody | null = null;

  #onData = (chunk: Buffer): void => {
    try {
      this.#data(chunk);
    } catch (error) {
      this.internalError(error);
    }
  };
  /** The `onread` callback of a socket reading into CLIENT_READ_BUFFER. */
  readonly onRead = (n: number): boolean => {
    this.#onData(CLIENT_READ_BUFFER.subarray(0, n));
    return true; // keep reading (pause() still pauses)
  };
  #onDrain = (): void => {
    if (this.#tunnel !== null) this.#tunnel.onClientDrain();
    else if (this.exchange.active) onClientDrain(this.exchange);
  };
  #onEnd = (): void => {
    if (this.#tunnel !== null) this.#tunnel.onClientEnd();
    else this.socket.destroy(); // a half-closed client gets no more answers (HAProxy `CD`)
  };
  #onClose = (): void => {
    if (this.closed) return;
    this.closed = true;
    this.timer.stop();
    try {
      if (this.#tunnel !== null) this.#tunnel.close();
      else if (this.exchange.active) clientGone(this.exchange);
    } catch (error) {
      this.gw.internalError(error);
    }
    this.gw.connectionClosed(this);
  };

  constructor(gw: GatewayContext, socket: Socket, listener: ListenerInfo) {
    this.gw = gw;
    this.socket = socket;
    this.listener = listener;
    this.remoteAddress = socket.remoteAddress ?? '';
    this.endpoint = { address: this.remoteAddress, port: socket.remotePort ?? 0 };
    this.parser = createRequestParser({ maxHeadBytes: gw.config.limits.maxRequestHeadBytes });
    this.timer = new PhaseTimer(this);
    this.forwarding = new Forwarding(this.remoteAddress, gw.trusted.has(this.remoteAddress), listener.tls ? 'https' : 'http');
    this.exchange = new Exchange(this);
    if (listener.tls) {
      const tls = socket as TLSSocket;
      this.tlsCipher = tls.getCipher()?.name ?? null;
      this.tlsProtocol = tls.getProtocol() ?? null;
    }
    socket.setNoDelay(true);
    socket.on('data', this.#onData); // not emitted when the socket reads through onRead
    socket.on('drain', this.#onDrain);
    socket.on('end', this.#onEnd);
    socket.on('error', noop); // 'close' follows every error; the exchange learns of it there
    socket.on('close', this.#onClose);
    this.timer.arm('client-idle', gw.config.clientTimeouts.idleMs);
  }

  #data(chunk: Buffer): void {
    if (this.ending) return;
    if (this.#tunnel !== null) {
      this.#tunnel.fromClient(own(chunk));
      return;
    }
    const x = this.exchange;
    if (x.active) {
      let start = 0;
      if (!x.reqBodyDone) {
        start = this.#feedBody(chunk, 0);
        if (start < 0) return;
      }
      if (start < chunk.length) this.#keep(chunk, start);
      return;
    }
    if (this.#stash === null) {
      this.#stash = chunk; // parsed now, by #drive, before the next read
      this.#stashStart = 0;
    } else this.#keep(chunk, 0);
    this.#drive();
    const left = this.#stash;
    if (left !== null && left.buffer === SHARED) {
      this.#stash = Buffer.from(left.subarray(this.#stashStart));
      this.#stashStart = 0;
    }
  }

  /** Hold bytes of a later request until the current exchange is done. */
  #keep(chunk: Buffer, start: number): void {
    if (this.#stash === null) {
      if (chunk.buffer === SHARED) {
        this.#stash = Buffer.from(chunk.subarray(start));
        this.#stashStart = 0;
      } else {
        this.#stash = chunk;
        this.#stashStart = start;
      }
    } else {
      this.#stash = Buffer.concat([this.#stash.subarray(this.#stashStart), chunk.subarray(start)]);
      this.#stashStart = 0;
    }
    if (this.exchange.active && !this.#pausedPipelining) {
      this.#pausedPipelining = true;
      this.socket.pause();
    }
  }

  /** Parse and run requests from held bytes while no exchange is running. */
  #drive(): void {
    if (this.#driving) return;
    this.#driving = true;
    try {
      while (!this.closed && !this.ending && !this.exchange.active && this.#tunnel === null && this.#stash !== null) {
        const chunk = this.#stash;
        const start = this.#stashStart;
        this.#stash = null;
        this.#parseOne(chunk, start);
      }
    } finally {
      this.#driving = false;
    }
    if (this.closed || this.ending || this.#tunnel !== null) return;
    // Every held byte is parsed: nothing of a later request waits, so read again — also when the
    // request just started still has body bytes to come (a pipelined POST longer than what was held).
    if (this.#pausedPipelining && this.#stash === null) {
      this.#pausedPipelining = false;
      this.#maybeResume();
    }
    if (this.exchange.active) return;
    if (this.parser.pending === 0) this.timer.arm('client-idle', this.gw.config.clientTimeouts.idleMs);
  }

  #parseOne(chunk: Buffer, start: number): void {
    const parser = this.parser;
    const fresh = parser.pending === 0;
    if (fresh) this.#headStart = performance.now();
    const st = parser.execute(chunk, start);
    if (st === 'more') {
      // The head deadline runs from its first byte (slowloris): not re-armed by later bytes.
      if (fresh) this.timer.arm('client-head', this.gw.config.clientTimeouts.requestHeadMs);
      return;
    }
    if (st === 'error') {
      refuseRequest(this, parser.error!.code, this.#headStart);
      return;
    }
    const head = parser.head;
    if (head.method === 'CONNECT') {
      refuseRequest(this, GW.connectMethod, this.#headStart);
      return;
    }
    if (chunk.buffer === SHARED) parser.detachHead(); // the exchange reads the head after this read
    const x = this.exchange;
    x.begin(head, this.#headStart);
    let next = start + parser.consumed;
    if (!x.reqBodyDone) {
      if (head.framing === 'length') (this.#length ??= createLengthBody(0)).reset(head.contentLength);
      else (this.#chunked ??= createChunkedDecoder()).reset();
      next = this.#feedBody(chunk, next);
      if (next < 0) return;
    }
    if (next < chunk.length) this.#keep(chunk, next);
    x.start();
  }

  /** Request body bytes from chunk[start..]; returns where the body ended, or -1 when it was refused. */
  #feedBody(chunk: Buffer, start: number): number {
    const x = this.exchange;
    let n: number;
    let done: boolean;
    if (x.reqFraming === 'length') {
      const body = this.#length!;
      done = body.execute(chunk, start) === 'done';
      n = body.consumed;
    } else {
      const body = this.#chunked!;
      const st = body.execute(chunk, start);
      if (st === 'error') {
        this.#refuseBody(body.error!.code);
        return -1;
      }
      done = st === 'done';
      n = body.consumed;
      const max = this.gw.config.limits.maxRequestBodyBytes;
      if (max > 0 && body.dataBytes > max) {
        this.#refuseBody(GW.requestBodyTooLarge);
        return -1;
      }
    }
    if (n > 0) {
      x.reqBodyBytes += n;
      x.receivedBytes += n;
      forwardBody(x, own(start === 0 && n === chunk.length ? chunk : chunk.subarray(start, start + n)));
    }
    if (done) {
      x.reqBodyDone = true;
      requestBodyDone(x);
    }
    return start + n;
  }

  #refuseBody(code: string): void {
    const x = this.exchange;
    x.reqBodyDone = true;
    x.closeClient = true;
    if (x.stage === 'none' || x.stage === 'head') replyAndFinish(x, code === GW.requestBodyTooLarge ? 'client_request_too_large' : 'client_request_invalid', 'accept', code);
    else failAttempt(x, code, 'accept');
  }

  pauseForBackpressure(): void {
    if (this.#pausedBackpressure) return;
    this.#pausedBackpressure = true;
    this.socket.pause();
  }

  resumeFromBackpressure(): void {
    if (!this.#pausedBackpressure) return;
    this.#pausedBackpressure = false;
    this.#maybeResume();
  }

  #maybeResume(): void {
    // resume() is not free on a flowing socket: only when we paused it.
    if (!this.#pausedBackpressure && !this.#pausedPipelining && !this.closed && this.socket.isPaused()) this.socket.resume();
  }

  /** The exchange wrote its last byte (or gave up): next request, or goodbye. */
  onExchangeDone(close: boolean): void {
    if (this.closed) return;
    this.#pausedBackpressure = false;
    if (close || this.gw.shuttingDown) {
      this.#stash = null;
      this.ending = true;
      this.socket.end();
      // Backstop: a client that never closes its side is cut after a short grace.
      this.timer.arm('client-idle', 1_000);
      return;
    }
    this.#drive();
    this.#maybeResume();
  }

  startTunnel(tunnel: Tunnel): void {
    this.#tunnel = tunnel;
    this.timer.disarm();
    const stash = this.#stash;
    this.#stash = null;
    if (stash !== null) tunnel.fromClient(stash.subarray(this.#stashStart));
    this.#pausedPipelining = false;
    this.#pausedBackpressure = false;
    this.socket.resume();
  }

  tunnelClosed(tunnel: Tunnel): void {
    if (this.#tunnel !== tunnel) return;
    finishTunnel(tunnel.x);
    if (!this.closed) this.socket.end();
  }

  onTimeout(phase: TimerPhase): void {
    try {
      const x = this.exchange;
      switch (phase) {
        case 'client-idle':
          this.socket.destroy();
          return;
        case 'client-head':
          refuseRequest(this, GW.timeout, this.#headStart);
          return;
        case 'client-body':
          if (x.active) this.#refuseBodyTimeout(x);
          return;
        case 'client-write':
          this.socket.destroy();
          return;
        default:
          if (x.active) failAttempt(x, GW.timeout, phase);
      }
    } catch (error) {
      this.internalError(error);
    }
  }

  #refuseBodyTimeout(x: Exchange): void {
    x.closeClient = true;
    if (x.stage === 'none' || x.stage === 'head') replyAndFinish(x, 'client_request_timeout', 'accept', GW.timeout);
    else failAttempt(x, GW.timeout, 'accept');
  }

  /** A bug: answer this request with 500 proxy_internal_error, never crash the process. */
  internalError(error: unknown): void {
    this.gw.internalError(error);
    const x = this.exchange;
    try {
      if (x.active && (x.stage === 'none' || x.stage === 'head')) replyAndFinish(x, 'proxy_internal_error', x.aPhase, GW.internal);
      else this.socket.destroy();
    } catch {
      this.socket.destroy();
    }
  }
}

function noop(): void {}
