// Helpers for the gateway tests: a GatewayConfig built directly (quick-mode shape), a gateway
// started on 127.0.0.1:0 that records every ExchangeRecord, and a raw HTTP/1.1 client that sees
// exactly the bytes and the way the connection ended.
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { GatewayConfig, PoolConfig, UpstreamTimeouts } from '../../src/config/model.ts';
import {
  DEFAULT_CLIENT_TIMEOUTS,
  DEFAULT_DEREGISTRATION_DELAY_MS,
  DEFAULT_DNS_REFRESH_MS,
  DEFAULT_FLIGHT_RECORDER,
  DEFAULT_LIMITS,
  DEFAULT_POOL_HEALTH,
  DEFAULT_RETRIES,
  DEFAULT_UPSTREAM_KEEPALIVE,
  DEFAULT_UPSTREAM_TIMEOUTS,
  DEFAULT_UPSTREAM_TLS,
} from '../../src/config/defaults.ts';
import { createGateway, type Gateway } from '../../src/gateway/gateway.ts';
import type { ExchangeRecord } from '../../src/telemetry/exchange-record.ts';

export interface TestConfig {
  readonly upstreams: readonly string[];
  readonly pool?: Partial<Omit<PoolConfig, 'timeouts'>> & { timeouts?: Partial<UpstreamTimeouts> };
  readonly gateway?: Partial<GatewayConfig>;
}

export function testConfig(t: TestConfig): GatewayConfig {
  const pool: PoolConfig = {
    name: 'default',
    targets: t.upstreams.map((url) => ({ url, weight: 1 })),
    balance: { kind: 'round_robin' },
    keepAlive: DEFAULT_UPSTREAM_KEEPALIVE,
    retries: DEFAULT_RETRIES,
    tls: DEFAULT_UPSTREAM_TLS,
    maxConnectionsPerTarget: 0,
    health: DEFAULT_POOL_HEALTH,
    deregistrationDelayMs: DEFAULT_DEREGISTRATION_DELAY_MS,
    dnsRefreshMs: DEFAULT_DNS_REFRESH_MS,
    ...t.pool,
    timeouts: { ...DEFAULT_UPSTREAM_TIMEOUTS, ...t.pool?.timeouts },
  };
  return {
    source: 'test',
    listeners: [{ name: 'main', host: '127.0.0.1', port: 0, tls: null }],
    routes: [{ host: null, pathPrefix: '/', pool: 'default' }],
    pools: new Map([['default', pool]]),
    clientTimeouts: DEFAULT_CLIENT_TIMEOUTS,
    limits: DEFAULT_LIMITS,
    trustedProxies: [],
    verboseErrors: false,
    accessLog: null,
    admin: null,
    workers: 1,
    shutdownGraceMs: 2_000,
    flightRecorder: DEFAULT_FLIGHT_RECORDER,
    ...t.gateway,
  };
}

export interface Running {
  readonly gateway: Gateway;
  readonly port: number;
  readonly records: ExchangeRecord[];
  readonly errors: unknown[];
  close(): Promise<void>;
}

export async function startGateway(config: GatewayConfig): Promise<Running> {
  const records: ExchangeRecord[] = [];
  const errors: unknown[] = [];
  const gateway = createGateway(config, { sink: { write: (r) => records.push(r) }, onInternalError: (e) => errors.push(e) });
  const [bound] = await gateway.listen();
  return { gateway, port: bound!.port, records, errors, close: () => gateway.close(500) };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Map<string, string>;
  readonly body: Buffer<ArrayBufferLike>;
  readonly raw: Buffer<ArrayBufferLike>;
}

/** Parse one complete response from raw bytes (test-side, lenient, Content-Length or chunked or close). */
export function parseResponse(raw: Buffer<ArrayBufferLike>): { response: RawResponse; rest: Buffer<ArrayBufferLike> } | null {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const lines = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(lines[0]!.split(' ')[1]);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    const name = line.slice(0, i).toLowerCase();
    const value = line.slice(i + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  let at = end + 4;
  if (status < 200 || status === 204 || status === 304) return { response: { status, headers, body: Buffer.alloc(0), raw: raw.subarray(0, at) }, rest: raw.subarray(at) };
  const cl = headers.get('content-length');
  if (cl !== undefined) {
    const n = Number(cl);
    if (raw.length < at + n) return null;
    return { response: { status, headers, body: raw.subarray(at, at + n), raw: raw.subarray(0, at + n) }, rest: raw.subarray(at + n) };
  }
  if ((headers.get('transfer-encoding') ?? '').includes('chunked')) {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = raw.indexOf('\r\n', at);
      if (lineEnd < 0) return null;
      const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
      if (size === 0) {
        const trailerEnd = raw.indexOf('\r\n\r\n', lineEnd - 2);
        if (trailerEnd < 0) return null;
        at = trailerEnd + 4;
        break;
      }
      if (raw.length < lineEnd + 2 + size + 2) return null;
      parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    return { response: { status, headers, body: Buffer.concat(parts), raw: raw.subarray(0, at) }, rest: raw.subarray(at) };
  }
  return null; // until close: caller waits for the end
}

export interface Exchange {
  readonly responses: RawResponse[];
  /** How the connection ended: 'open' (still open when we stopped), 'fin', 'reset'. */
  readonly ended: 'open' | 'fin' | 'reset';
  readonly raw: Buffer<ArrayBufferLike>;
}

/**
 * Send raw bytes on one connection and collect `expect` responses (or until the connection ends,
 * or `timeoutMs`). Bounded: always resolves.
 */
export function rawRequest(port: number, data: string | Buffer | Array<string | Buffer>, opts: { expect?: number; timeoutMs?: number; gapMs?: number } = {}): Promise<Exchange> {
  const expect = opts.expect ?? 1;
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let ended: Exchange['ended'] = 'open';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const raw = Buffer.concat(chunks);
      const responses: RawResponse[] = [];
      let rest: Buffer<ArrayBufferLike> = raw;
      for (;;) {
        const parsed = parseResponse(rest);
        if (parsed === null) break;
        responses.push(parsed.response);
        rest = parsed.rest;
        if (parsed.response.status === 101) break;
      }
      const untilClose = !/\r\n(content-length|transfer-encoding):/i.test(rest.toString('latin1', 0, Math.max(0, rest.indexOf('\r\n\r\n'))));
      if (responses.length < expect && ended !== 'open' && rest.length > 0 && untilClose) {
        // an until-close body: complete at the end of the connection
        const end = rest.indexOf('\r\n\r\n');
        if (end >= 0) {
          const p = parseResponse(Buffer.concat([rest.subarray(0, end), Buffer.from('\r\nContent-Length: ' + (rest.length - end - 4) + '\r\n\r\n'), rest.subarray(end + 4)]));
          if (p) responses.push(p.response);
        }
      }
      socket.destroy();
      resolve({ responses, ended, raw });
    };
    const timer = setTimeout(finish, opts.timeoutMs ?? 5_000);
    socket.on('data', (c) => {
      chunks.push(c);
      let rest: Buffer<ArrayBufferLike> = Buffer.concat(chunks);
      let n = 0;
      for (;;) {
        const p = parseResponse(rest);
        if (p === null) break;
        n += 1;
        rest = p.rest;
      }
      if (n >= expect) finish();
    });
    socket.on('end', () => {
      ended = 'fin';
      finish();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      ended = e.code === 'ECONNRESET' ? 'reset' : 'fin';
      finish();
    });
    socket.on('close', () => {
      if (ended === 'open') ended = 'fin';
      finish();
    });
    const parts = Array.isArray(data) ? data : [data];
    if (opts.gapMs === undefined) socket.write(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p))));
    else {
      let i = 0;
      const next = () => {
        if (i >= parts.length || done) return;
        socket.write(parts[i++]!);
        setTimeout(next, opts.gapMs);
      };
      next();
    }
  });
}

/** A tiny raw backend: `handler` gets each connection's socket. Returns its URL and a closer. */
export async function rawBackend(handler: (socket: Socket) => void): Promise<{ url: string; port: number; server: Server; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    handler(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A backend answering every request on a connection with `200 ok` (keep-alive), once its Content-Length body is in. */
export function okBackend(body = 'ok', extraHeaders = ''): Promise<Awaited<ReturnType<typeof rawBackend>>> {
  return rawBackend((socket) => {
    let buf = Buffer.alloc(0);
    socket.on('data', (c) => {
      buf = Buffer.concat([buf, c]);
      for (;;) {
        const i = buf.indexOf('\r\n\r\n');
        if (i < 0) return;
        const head = buf.subarray(0, i).toString('latin1');
        const cl = /content-length: *(\d+)/i.exec(head);
        const need = i + 4 + (cl ? Number(cl[1]) : 0);
        if (buf.length < need) return;
        buf = buf.subarray(need);
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${extraHeaders}\r\n${body}`);
      }
    });
  });
}

export function get(path = '/', extra = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: test.local\r\n${extra}\r\n`;
}
