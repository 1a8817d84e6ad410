// One connection to a target, reused across exchanges through the pool. It owns the socket and
// the response parsers (one set per connection, reused for every response, http1's design) and
// dispatches socket events to whichever exchange uses it; while idle in the pool, any event means
// the target gave up on it (DESIGN §4: detect a socket closed while idle) and it leaves the pool.
import { connect as netConnect, type LookupFunction, type Socket, type TcpNetConnectOpts } from 'node:net';
// node:tls is loaded on first use (process.getBuiltinModule): a gateway with no TLS anywhere does not
// pay the ≈ 6 MB of RSS that initialising it costs.
import type { TLSSocket, ConnectionOptions } from 'node:tls';
import { createChunkedDecoder, createLengthBody, createResponseParser } from '../http1/index.ts';
import type { ChunkedDecoder, LengthBody, ResponseParser } from '../http1/types.ts';
import type { Target } from './target.ts';
import { GW } from './error-codes.ts';

/**
 * Plain-TCP upstream sockets read into this one buffer (Node's `onread` option, net.connect docs):
 * no Buffer allocated per read and no Readable-stream machinery on the hot path. A chunk handed to
 * an UpstreamUser is therefore a view valid only during the call: whatever is kept or written
 * later must be copied (`UpstreamConnection.own`). One buffer serves every connection because each
 * read is handled synchronously before the next one lands.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** What an exchange hears from the connection it uses. */
export interface UpstreamUser {
  onUpstreamConnect(conn: UpstreamConnection): void;
  onUpstreamSecure(conn: UpstreamConnection): void;
  onUpstreamData(conn: UpstreamConnection, chunk: Buffer): void;
  onUpstreamEnd(conn: UpstreamConnection): void;
  onUpstreamError(conn: UpstreamConnection, code: string): void;
  onUpstreamDrain(conn: UpstreamConnection): void;
}

export interface UpstreamHome {
  /** The idle connection went away (target closed it, or it errored): forget it. */
  forget(conn: UpstreamConnection): void;
}

export interface ParserLimits {
  readonly maxResponseHeadBytes: number;
}

export interface ConnectOptions {
  /** A resolver of our own (explicit DNS servers); undefined = getaddrinfo. */
  readonly lookup: LookupFunction | undefined;
}

export type UpstreamState = 'connecting' | 'handshaking' | 'ready' | 'closed';

export class UpstreamConnection {
  readonly target: Target;
  socket: Socket | TLSSocket;
  state: UpstreamState = 'connecting';
  user: UpstreamUser | null;
  home: UpstreamHome | null = null;
  /** When it went idle (ms, Date.now()), and when it must be retired (min of idle limit and the target's hint). */
  idleSince = 0;
  retireAt = 0;
  exchanges = 0;
  /** Chunks are views of READ_BUFFER (plain TCP): copy before keeping them past the call. */
  readonly ephemeral: boolean;
  readonly parser: ResponseParser;
  #chunked: ChunkedDecoder | null = null;
  #length: LengthBody | null = null;
  #raw: Socket;
  #onData = (chunk: Buffer): void => {
    const user = this.user;
    if (user !== null) user.onUpstreamData(this, chunk);
    else this.#dropIdle(); // bytes on an idle connection: the target is out of step; never reuse it
  };
  #onRead = (n: number): boolean => {
    const user = this.user;
    if (user !== null) user.onUpstreamData(this, READ_BUFFER.subarray(0, n));
    else this.#dropIdle();
    return true; // keep reading (pause() still pauses)
  };
  #onEnd = (): void => {
    const user = this.user;
    if (user !== null) user.onUpstreamEnd(this);
    else this.#dropIdle();
  };
  #onError = (error: Error & { code?: string }): void => {
    const user = this.user;
    if (user !== null) user.onUpstreamError(this, typeof error.code === 'string' ? error.code : GW.internal);
    else this.#dropIdle();
  };
  #onClose = (): void => {
    const wasOpen = this.state !== 'closed';
    this.state = 'closed';
    const user = this.user;
    // A close without 'end' or 'error' first (e.g. the TLS layer gave up): the peer is gone.
    if (wasOpen && user !== null) user.onUpstreamEnd(this);
    else if (user === null) this.#dropIdle();
  };
  #onDrain = (): void => {
    if (this.user !== null) this.user.onUpstreamDrain(this);
  };

  constructor(target: Target, user: UpstreamUser, limits: ParserLimits, options: ConnectOptions) {
    this.target = target;
    this.user = user;
    this.parser = createResponseParser({ maxHeadBytes: limits.maxResponseHeadBytes });
    const a = target.address;
    // TLS targets keep the stream path: the TLS socket reads through the TCP one.
    this.ephemeral = !a.tls;
    const connectOptions: TcpNetConnectOpts = { host: a.host, port: a.port, noDelay: true };
    if (options.lookup !== undefined) connectOptions.lookup = options.lookup;
    if (!a.tls) connectOptions.onread = { buffer: READ_BUFFER, callback: this.#onRead };
    const raw = netConnect(connectOptions);
    this.#raw = raw;
    this.socket = raw;
    raw.on('error', this.#onError);
    raw.on('close', this.#onClose);
    raw.once('connect', () => {
      if (this.user !== null && this.state === 'connecting') this.user.onUpstreamConnect(this);
    });
    if (!a.tls) this.#listen(raw);
  }

  get chunked(): ChunkedDecoder {
    return (this.#chunked ??= createChunkedDecoder({ allowBareLf: true }));
  }

  get length(): LengthBody {
    return (this.#length ??= createLengthBody(0));
  }

  /** Plain TCP is up. */
  markReady(): void {
    this.state = 'ready';
  }

  /** Start the TLS handshake over the connected TCP socket. */
  startTls(options: ConnectionOptions): void {
    this.state = 'handshaking';
    const raw = this.#raw;
    raw.removeListener('close', this.#onClose);
    raw.removeListener('error', this.#onError);
    raw.on('error', noop); // errors of the TCP layer surface on the TLS socket too
    const secure = process.getBuiltinModule('node:tls').connect({ ...options, socket: raw });
    this.socket = secure;
    secure.on('error', this.#onError);
    secure.on('close', this.#onClose);
    secure.once('secureConnect', () => {
      if (this.state !== 'handshaking') return;
      this.state = 'ready';
      if (this.user !== null) this.user.onUpstreamSecure(this);
    });
    secure.on('data', this.#onData);
    this.#listen(secure);
  }

  #listen(socket: Socket): void {
    socket.on('end', this.#onEnd);
    socket.on('drain', this.#onDrain);
  }

  /** A chunk (or part of one) to keep or to write: copied when it is a view of the shared read buffer. */
  own(chunk: Buffer): Buffer {
    return this.ephemeral ? Buffer.from(chunk) : chunk;
  }

  /** Handed to an exchange (from the pool or fresh). */
  attach(user: UpstreamUser): void {
    this.user = user;
    this.exchanges += 1;
  }

  /** Back to the pool: events now mean the target dropped it. */
  detach(): void {
    this.user = null;
  }

  destroy(): void {
    this.user = null;
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.socket.destroy();
    if (this.socket !== this.#raw) this.#raw.destroy();
  }

  #dropIdle(): void {
    const home = this.home;
    this.home = null;
    this.destroy();
    if (home !== null) home.forget(this);
  }
}

function noop(): void {}
