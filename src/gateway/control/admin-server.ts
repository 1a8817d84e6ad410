// The admin listener (issue 5 §2, §4, §5): its own address, loopback by default; a bearer token is
// required whenever one is configured (and the config loader refuses a non-loopback address without
// one). Routes:
//   GET  /                     the dashboard (one self-contained page)
//   GET  /metrics              Prometheus text format
//   GET  /api/dashboard        everything the dashboard polls, in one JSON
//   GET  /api/pools            pools and targets with state and in-flight counts
//   GET  /api/events           state changes with their reasons
//   GET  /api/errors           recent gateway-made errors, with the catalogue's evidence and fix
//   GET  /api/flight-recorder  malformed response heads (HAProxy `show errors`)
//   POST /api/pools/NAME/targets              {"url": "...", "weight": 1}: register
//   POST /api/pools/NAME/targets/deregister   {"url": "..."}: drain, then remove
//   DELETE /api/pools/NAME/targets?url=URL    the same
// State-changing requests must be JSON (`Content-Type: application/json`): a cross-site form cannot
// send that without a CORS preflight this server never approves, so a web page cannot drain targets.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { causeOf, type CauseId } from '../../causes/index.ts';
import { CONTENT_TYPE } from '../../telemetry/metrics/exposition.ts';
import { dashboardPage } from '../../telemetry/dashboard/page.ts';
import type { ControlView, GatewayErrorView } from './views.ts';

export interface AdminServerOptions {
  readonly host: string;
  readonly port: number;
  readonly token: string | null;
  readonly view: ControlView;
}

export interface AdminServer {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;

function tokenOk(req: IncomingMessage, url: URL, token: string | null): boolean {
  if (token === null) return true;
  const header = req.headers.authorization;
  const given = header?.startsWith('Bearer ') ? header.slice(7).trim() : (url.searchParams.get('token') ?? '');
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown) => send(res, status, `${JSON.stringify(value)}\n`);

/** A gateway-made error with what the catalogue says about its cause. */
export function explainError(e: GatewayErrorView): GatewayErrorView & { title: string; explanation: string; evidence: readonly string[]; fix: string | null; fixCommand: string | null } {
  const cause = causeOf(e.cause as CauseId);
  const remedy = cause.remedies[0];
  return { ...e, title: cause.title, explanation: cause.explanation, evidence: cause.evidence, fix: remedy?.action ?? null, fixCommand: remedy?.command ?? remedy?.config ?? null };
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return resolve(null);
      try {
        const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        resolve(typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
      } catch {
        resolve(null);
      }
    });
    req.on('error', () => resolve(null));
  });
}

function limitOf(url: URL, fallback: number): number {
  const n = Number(url.searchParams.get('limit') ?? fallback);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 1000) : fallback;
}

async function handle(req: IncomingMessage, res: ServerResponse, options: AdminServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://admin.invalid');
  if (!tokenOk(req, url, options.token)) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="gatewise-admin"');
    json(res, 401, { error: 'missing or wrong admin token: send "Authorization: Bearer TOKEN" (or ?token= for the dashboard page)' });
    return;
  }
  const view = options.view;
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') {
    switch (path) {
      case '/':
        return send(res, 200, dashboardPage(), 'text/html; charset=utf-8');
      case '/metrics':
        return send(res, 200, view.metricsText(), CONTENT_TYPE);
      case '/healthz':
        return send(res, 200, 'ok\n', 'text/plain; charset=utf-8');
      case '/api/pools':
        return json(res, 200, { pools: view.pools() });
      case '/api/events':
        return json(res, 200, { events: view.events(limitOf(url, 100)) });
      case '/api/errors':
        return json(res, 200, { errors: view.errors(limitOf(url, 50)).map(explainError) });
      case '/api/flight-recorder':
        return json(res, 200, { recordings: view.recordings(limitOf(url, 32)) });
      case '/api/dashboard':
        return json(res, 200, { now: Date.now(), pools: view.pools(), history: view.history(), errors: view.errors(20).map(explainError), events: view.events(30), recordings: view.recordings(10) });
    }
  }
  const m = /^\/api\/pools\/([^/]+)\/targets(\/deregister)?$/.exec(path);
  if (m !== null) {
    const pool = decodeURIComponent(m[1]!);
    if (method === 'DELETE' && m[2] === undefined) {
      const target = url.searchParams.get('url');
      if (target === null) return json(res, 400, { error: 'DELETE needs ?url=http://HOST:PORT' });
      return reply(res, await view.deregister(pool, target));
    }
    if (method === 'POST') {
      if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return json(res, 415, { error: 'send a JSON body with Content-Type: application/json' });
      const body = await readJson(req);
      if (body === null || typeof body.url !== 'string') return json(res, 400, { error: 'expected a JSON object {"url": "http://HOST:PORT"}' });
      if (m[2] !== undefined) return reply(res, await view.deregister(pool, body.url));
      const weight = body.weight === undefined ? 1 : Number(body.weight);
      return reply(res, await view.register(pool, body.url, weight), 201);
    }
    return json(res, 405, { error: `${method} is not allowed here: POST registers, POST …/deregister or DELETE ?url= drains` });
  }
  json(res, 404, { error: `no admin route ${method} ${path}; see GET /api/pools, /api/events, /api/errors, /api/flight-recorder, /metrics` });
}

function reply(res: ServerResponse, result: Awaited<ReturnType<ControlView['register']>>, okStatus = 200): void {
  if (result.ok) json(res, okStatus, { ok: true, detail: result.detail });
  else json(res, result.status, { ok: false, error: result.error });
}

export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const server: Server = createServer((req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: `admin API bug: ${(error as Error)?.message ?? String(error)}` });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    host: address.address,
    port: address.port,
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
