// Helpers for the control-plane tests: controllable HTTP targets on 127.0.0.1:0 (they can answer
// their health path with any status, go down — connection refused — and come back on the same
// port), a gateway with its control plane and admin listener, a keep-alive HTTP client, and a
// bounded wait whose failure says what was missing.
import { createServer, request, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { GatewayConfig, PoolConfig } from '../../src/config/model.ts';
import { DEFAULT_POOL_HEALTH } from '../../src/config/defaults.ts';
import { createGateway, type Gateway } from '../../src/gateway/gateway.ts';
import { startAdminServer, type AdminServer } from '../../src/gateway/control/admin-server.ts';
import { createControlPlane, type ControlPlane } from '../../src/gateway/control/control-plane.ts';
import type { ControlEvent } from '../../src/gateway/control/events.ts';
import type { ExchangeRecord } from '../../src/telemetry/exchange-record.ts';
import { testConfig, type TestConfig } from '../gateway/support.ts';

export interface TestTarget {
  readonly port: number;
  readonly url: string;
  /** Requests served (health checks excluded). */
  served: number;
  healthStatus: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startTarget(port = 0, host = '127.0.0.1'): Promise<TestTarget> {
  let server: Server | null = null;
  const sockets = new Set<Socket>();
  const t: TestTarget = {
    port,
    url: '',
    served: 0,
    healthStatus: 200,
    async start() {
      const s = createServer((req: IncomingMessage, res: ServerResponse) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (url.pathname === '/healthz') {
          res.writeHead(t.healthStatus, { 'Content-Type': 'text/plain' }).end('health\n');
          return;
        }
        t.served += 1;
        const delay = Number(url.searchParams.get('delay_ms') ?? 0);
        const body = `served by ${t.port}\n`;
        if (url.pathname === '/stream') {
          // Head and first bytes at once, the rest after the delay: a response already under way.
          res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(body.length * 2) });
          res.write(body);
          setTimeout(() => res.end(body), delay).unref();
          return;
        }
        setTimeout(() => res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(body.length) }).end(body), delay).unref();
      });
      s.keepAliveTimeout = 10_000;
      s.on('connection', (c: Socket) => {
        sockets.add(c);
        c.on('close', () => sockets.delete(c));
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(t.port, host, () => resolve());
      });
      server = s;
      (t as { port: number }).port = (s.address() as AddressInfo).port;
      (t as { url: string }).url = `http://${host}:${t.port}`;
    },
    async stop() {
      const s = server;
      server = null;
      if (s === null) return;
      for (const c of sockets) c.destroy();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  await t.start();
  return t;
}

export function poolWith(overrides: Partial<PoolConfig['health']> & { check?: Partial<NonNullable<PoolConfig['health']['active']>> | null }): PoolConfig['health'] {
  const { check, ...rest } = overrides;
  return {
    ...DEFAULT_POOL_HEALTH,
    ...rest,
    active:
      check === null || check === undefined
        ? null
        : { path: '/healthz', intervalMs: 100, jitterPercent: 10, timeoutMs: 2_000, healthyThreshold: 2, unhealthyThreshold: 2, expectStatus: { min: 200, max: 399 }, ...check },
  };
}

export interface Controlled {
  readonly gateway: Gateway;
  readonly control: ControlPlane;
  readonly port: number;
  readonly admin: AdminServer;
  readonly records: ExchangeRecord[];
  readonly events: ControlEvent[];
  readonly internalErrors: unknown[];
  close(): Promise<void>;
}

export async function startControlled(t: TestConfig, adminToken: string | null = null, resolver: { servers: string[]; timeoutMs: number } | null = null): Promise<Controlled> {
  const config: GatewayConfig = testConfig(t);
  const records: ExchangeRecord[] = [];
  const events: ControlEvent[] = [];
  const internalErrors: unknown[] = [];
  const control = createControlPlane({ config, onEvent: (e) => events.push(e) });
  const gateway = createGateway(config, { ...{ sink: control.sink({ write: (r) => records.push(r) }), onMalformedResponse: control.malformed }, resolver, onInternalError: (e) => internalErrors.push(e) });
  const [bound] = await gateway.listen();
  control.attach(gateway);
  const admin = await startAdminServer({ host: '127.0.0.1', port: 0, token: adminToken, view: control });
  return {
    gateway,
    control,
    port: bound!.port,
    admin,
    records,
    events,
    internalErrors,
    async close() {
      control.stop();
      await admin.close();
      await gateway.close(200);
    },
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export const keepAlive = () => new Agent({ keepAlive: true, maxSockets: 64 });

export function get(port: number, path: string, options: { agent?: Agent; method?: string; body?: string; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', agent: options.agent ?? false, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`no answer to ${path} within ${options.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

export function adminJson(admin: AdminServer, path: string, method = 'GET', body?: unknown, token?: string): Promise<Reply & { json: any }> {
  const headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  return get(admin.port, path, { method, body: body === undefined ? undefined : JSON.stringify(body), headers }).then((r) => ({ ...r, json: r.body.startsWith('{') ? JSON.parse(r.body) : null }));
}

export async function waitFor<T>(what: string, fn: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 5_000, stepMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
