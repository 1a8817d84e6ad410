// The gateway: listeners (plain or TLS, ALPN http/1.1), the router and pools built from a
// GatewayConfig, the client connections, the stats, and the sink for finished exchanges (the
// access log). `close()` stops accepting and lets in-flight exchanges finish within the grace
// period (SIGTERM in `gatewise serve`).
import { readFileSync } from 'node:fs';
import { createServer as createNetServer, Socket, type AddressInfo, type LookupFunction, type Server } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { GatewayConfig, ListenerConfig } from '../config/model.ts';
import type { ParseError } from '../http1/types.ts';
import type { ExchangeRecord } from '../telemetry/exchange-record.ts';
import { CLIENT_READ_BUFFER, ClientConnection, type ListenerInfo } from './client-connection.ts';
import type { GatewayContext } from './gateway-context.ts';
import { Pool } from './pool.ts';
import type { RecordSink } from './record.ts';
import { renderReply } from './reply.ts';
import { nextRequestId } from './request-id.ts';
import { createLookup, type ResolverOptions } from './resolver.ts';
import { Router } from './router.ts';
import { GatewayStats } from './stats.ts';
import type { Target } from './target.ts';
import { codeOf, GW } from './error-codes.ts';
import { failAttempt, PLAIN_HTTP_ON_TLS, refusePlainHttpOnTls } from './outcome.ts';
import { createTrustedProxies, type TrustedProxies } from './trusted-proxies.ts';

export interface GatewayOptions {
  /** Where finished exchanges go (the access log); none by default. */
  readonly sink?: RecordSink | null;
  /** Told about caught bugs and unclassified codes (serve prints them to stderr). */
  readonly onInternalError?: (error: unknown) => void;
  /** Told about each error code the classifier could not map, so the catalogue can grow. */
  readonly onUnclassified?: (phase: string, code: string) => void;
  /** Resolve target names with these DNS servers (NGINX `resolver`), else getaddrinfo. */
  readonly resolver?: ResolverOptions | null;
  /** Share the listening port between worker processes (SO_REUSEPORT, Linux). */
  readonly reusePort?: boolean;
  /** A malformed response head (the flight recorder, issue 5); none by default. */
  readonly onMalformedResponse?: ((target: Target, pool: string, bytes: Buffer, error: ParseError, requestId: string) => void) | null;
}

/**
 * On shutdown an idle keep-alive client gets this long to send one more request (answered with
 * `Connection: close`) before its connection is closed: closing it at once races a client that is
 * sending right now, and that request would fail (the client-side keep-alive race).
 */
const IDLE_LINGER_MS = 250;

export interface BoundListener {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
}

export class ERR_CONFIG_LISTENER_TLS extends Error {
  readonly code = 'ERR_CONFIG_LISTENER_TLS';
  constructor(listener: string, path: string, cause: unknown) {
    super(`listeners.${listener}.tls: cannot read "${path}" (${(cause as Error).message}). Point certFile/keyFile at readable PEM files.`);
  }
}

function readListenerPem(listener: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ERR_CONFIG_LISTENER_TLS(listener, path, error);
  }
}

export class Gateway implements GatewayContext {
  /** Replaced by `reload` (SIGHUP); exchanges read it per request. */
  config: GatewayConfig;
  readonly stats = new GatewayStats();
  readonly trusted: TrustedProxies;
  router: Router;
  pools: Map<string, Pool>;
  shuttingDown = false;
  readonly lookup: LookupFunction | undefined;
  readonly logging: boolean;
  #sink: RecordSink | null;
  #onInternalError: (error: unknown) => void;
  #onUnclassified: (phase: string, code: string) => void;
  #onMalformed: GatewayOptions['onMalformedResponse'];
  #reusePort: boolean;
  #servers: Server[] = [];
  #bound: BoundListener[] = [];
  #connections = new Set<ClientConnection>();
  #sweeper: NodeJS.Timeout | null = null;
  #drained: (() => void) | null = null;

  constructor(config: GatewayConfig, options: GatewayOptions = {}) {
    this.config = config;
    this.#sink = options.sink ?? null;
    this.logging = this.#sink !== null && config.accessLog !== null;
    this.#onInternalError = options.onInternalError ?? (() => {});
    this.#onUnclassified = options.onUnclassified ?? (() => {});
    this.#reusePort = options.reusePort ?? false;
    this.#onMalformed = options.onMalformedResponse ?? null;
    this.lookup = options.resolver ? createLookup(options.resolver) : undefined;
    this.trusted = createTrustedProxies(config.trustedProxies);
    this.pools = new Map([...config.pools].map(([name, pc]) => [name, new Pool(pc)]));
    this.router = new Router(config.routes, this.pools);
  }

  get listeners(): readonly BoundListener[] {
    return this.#bound;
  }

  get connections(): number {
    return this.#connections.size;
  }

  async listen(): Promise<readonly BoundListener[]> {
    for (const listener of this.config.listeners) {
      const server = this.#createServer(listener);
      this.#servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: listener.host, port: listener.port, reusePort: this.#reusePort, backlog: 4096 }, () => {
          server.removeListener('error', reject);
          resolve();
        });
      });
      server.on('error', (error) => this.#onInternalError(error));
      if (listener.tls === null) this.#acceptWithSharedBuffer(server, { name: listener.name, tls: false });
      const address = server.address() as AddressInfo;
      this.#bound.push({ name: listener.name, host: address.address, port: address.port, tls: listener.tls !== null });
    }
    this.#sweeper = setInterval(() => {
      const now = Date.now();
      for (const pool of this.pools.values()) pool.sweep(now);
    }, 1_000).unref();
    return this.#bound;
  }

  #createServer(listener: ListenerConfig): Server {
    const info: ListenerInfo = { name: listener.name, tls: listener.tls !== null };
    if (listener.tls === null) {
      return createNetServer({ noDelay: true }, (socket) => this.#accept(socket, info));
    }
    const server = process.getBuiltinModule('node:tls').createServer(
      {
        cert: readListenerPem(listener.name, listener.tls.certFile),
        key: readListenerPem(listener.name, listener.tls.keyFile),
        // A client that offers only http/1.0 (curl --http1.0) is an HTTP/1 client too: with one
        // protocol listed OpenSSL would end its handshake with no_application_protocol (NGINX lists both).
        ALPNProtocols: ['http/1.1', 'http/1.0'],
      },
      (socket: TLSSocket) => this.#accept(socket, info),
    );
    // A client that fails its handshake never becomes a request: nothing to answer, nothing to crash.
    // Except a plain HTTP request, which can be answered: on the TCP socket under the TLS layer
    // (Node's internal `_parentWrap`; without it, the connection is closed as before).
    server.on('tlsClientError', (error, socket) => {
      const raw = (socket as unknown as { _handle?: { _parentWrap?: unknown } | null })._handle?._parentWrap;
      if (codeOf(error) === PLAIN_HTTP_ON_TLS && raw instanceof Socket && raw.writable) refusePlainHttpOnTls(this, info, raw);
      else socket.destroy();
    });
    return server;
  }

  /**
   * Plain listeners wrap each accepted TCP handle in a net.Socket that reads into the shared
   * CLIENT_READ_BUFFER (the `onread` option, which net.Server does not offer for accepted sockets):
   * the listening handle's `onconnection` (what net.Server itself installs, node lib/net.js) is
   * replaced by one doing what Node's does minus the server's connection count, which the gateway
   * keeps itself. Anything unexpected (another Node's internals) leaves Node's accept path in place.
   */
  #acceptWithSharedBuffer(server: Server, info: ListenerInfo): void {
    const handle = (server as unknown as { _handle?: { onconnection?: unknown } | null })._handle;
    if (handle == null || typeof handle.onconnection !== 'function') return;
    handle.onconnection = (err: number, clientHandle: { setNoDelay?: (on: boolean) => void; close(): void } | undefined) => {
      if (err !== 0 || clientHandle === undefined) {
        this.#onInternalError(new Error(`accept failed on listener ${info.name} (libuv error ${err})`));
        return;
      }
      let cc: ClientConnection | null = null;
      let socket: Socket;
      try {
        socket = new Socket({
          handle: clientHandle,
          readable: true,
          writable: true,
          onread: { buffer: CLIENT_READ_BUFFER, callback: (n: number) => (cc === null ? true : cc.onRead(n)) },
        } as unknown as ConstructorParameters<typeof Socket>[0]);
      } catch (error) {
        this.internalError(error);
        clientHandle.close();
        return;
      }
      cc = this.#accept(socket, info);
    };
  }

  #accept(socket: Socket, info: ListenerInfo): ClientConnection | null {
    const stats = this.stats;
    const max = this.config.limits.maxClientConnections;
    if (this.shuttingDown || (max > 0 && this.#connections.size >= max)) {
      stats.rejectedClientConnections += 1;
      socket.on('error', () => {});
      const reply = renderReply('proxy_overloaded', { requestId: nextRequestId(), accept: null, headOnly: false, close: true, verboseDetail: null });
      socket.end(reply.bytes); // counted as rejected, not as a request: no request was read
      return null;
    }
    try {
      const cc = new ClientConnection(this, socket, info);
      this.#connections.add(cc);
      stats.acceptedClientConnections += 1;
      stats.activeClientConnections = this.#connections.size;
      return cc;
    } catch (error) {
      this.internalError(error);
      socket.destroy();
      return null;
    }
  }

  finished(record: ExchangeRecord): void {
    this.stats.count(record);
    if (this.#sink !== null) {
      try {
        this.#sink.write(record);
      } catch (error) {
        this.internalError(error);
      }
    }
  }

  malformedResponse(target: Target, pool: string, bytes: Buffer, error: ParseError, requestId: string): void {
    if (this.#onMalformed == null) return;
    try {
      this.#onMalformed(target, pool, bytes, error, requestId);
    } catch (e) {
      this.internalError(e);
    }
  }

  /**
   * Swap in a new config (SIGHUP): new routes and pools; targets that keep their URL keep their
   * runtime state (Pool's constructor). Listeners stay as bound. In-flight exchanges finish on the
   * pools they started on, whose connections are then closed instead of kept.
   */
  reload(config: GatewayConfig): void {
    const pools = new Map([...config.pools].map(([name, pc]) => [name, new Pool(pc, this.pools.get(name))]));
    const router = new Router(config.routes, pools);
    const old = this.pools;
    this.config = config;
    this.pools = pools;
    this.router = router;
    for (const pool of old.values()) pool.close();
  }

  /** Cut every exchange still using `target` (its deregistration delay ran out): 502 before any response byte, abort after. */
  cutTarget(target: Target): number {
    let cut = 0;
    for (const cc of this.#connections) {
      const x = cc.exchange;
      if (x.active && x.target === target) {
        cut += 1;
        try {
          failAttempt(x, GW.drainExpired, x.aPhase);
        } catch (error) {
          cc.internalError(error);
        }
      }
    }
    return cut;
  }

  internalError(error: unknown): void {
    this.stats.internalErrors += 1;
    this.#onInternalError(error);
  }

  unclassified(phase: string, code: string): void {
    this.stats.noteUnclassified(`${phase}:${code}`);
    this.#onUnclassified(phase, code);
  }

  connectionClosed(cc: ClientConnection): void {
    this.#connections.delete(cc);
    this.stats.activeClientConnections = this.#connections.size;
    if (this.shuttingDown && this.#connections.size === 0 && this.#drained !== null) this.#drained();
  }

  /**
   * Stop accepting; idle keep-alive connections close now, busy ones after their response; after
   * `graceMs` whatever is left is cut.
   */
  async close(graceMs: number = this.config.shutdownGraceMs): Promise<void> {
    this.shuttingDown = true;
    const closed = Promise.all(this.#servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    for (const cc of this.#connections) if (!cc.exchange.active) cc.timer.arm('client-idle', Math.min(IDLE_LINGER_MS, graceMs));
    if (this.#connections.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        timer.unref();
        this.#drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    for (const cc of this.#connections) cc.socket.destroy();
    if (this.#sweeper !== null) clearInterval(this.#sweeper);
    for (const pool of this.pools.values()) pool.close();
    await closed;
  }
}

export function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Gateway {
  return new Gateway(config, options);
}
