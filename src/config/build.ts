// From the walked tree (snake_case keys, parsed values, defaults filled) to the GatewayConfig model,
// with the checks that span keys: references, duplicates, conflicts, and the keep-alive chain rule.
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { HostPort, TargetUrl } from './addresses.ts';
import { DEFAULT_FLIGHT_RECORDER } from './defaults.ts';
import { isLoopback } from './addresses.ts';
import type { ConfigWarning, ConfigWarningCode } from './errors.ts';
import type {
  AccessLogFormat,
  BalancePolicy,
  GatewayConfig,
  ListenerConfig,
  PoolConfig,
  RouteConfig,
} from './model.ts';
import { closest } from './suggest.ts';
import type { SourceContext } from './walk.ts';

interface RawListener { name: string; listen: HostPort; tls: { cert: string; key: string } | null }
interface RawRoute { host: string | null; path_prefix: string; pool: string }
interface RawTarget { url: TargetUrl | undefined; weight: number }
interface RawPool {
  targets: (RawTarget | null)[];
  balance: BalancePolicy['kind'];
  hash_on: string | null;
  max_connections_per_target: number;
  timeouts: { connect: number; tls: number; send: number; headers: number; body_idle: number };
  keep_alive: { idle_timeout: number; hint_margin: number; max_idle_per_target: number };
  retries: { attempts: number; budget_percent: number };
  tls: { verify: boolean; ca: string | null; server_name: string | null; cert: string | null; key: string | null };
  health_check: { path: string; interval: number; jitter_percent: number; timeout: number; healthy_threshold: number; unhealthy_threshold: number; expect_status: string } | null;
  outlier_detection: { consecutive_failures: number; base_ejection: number; max_ejection: number; max_ejection_percent: number };
  slow_start: number;
  fail_open: boolean;
  deregistration_delay: number;
  dns_refresh: number;
}
export interface RawConfig {
  listeners: (RawListener | null)[];
  routes: (RawRoute | null)[];
  pools: Map<string, RawPool | null>;
  client: { timeouts: { request_head: number; request_body_idle: number; idle: number } };
  limits: { max_request_head: number; max_request_body: number; max_response_head: number; max_client_connections: number };
  trusted_proxies: string[];
  verbose_errors: boolean;
  access_log: { path: string; format: AccessLogFormat } | null;
  admin: { listen: HostPort | undefined; token: string | null } | null;
  workers: number | 'auto';
  shutdown_grace: number;
  flight_recorder: { entries: number; max_bytes: number; keep_values: string[] };
}

/** ALB's default idle timeout: a gateway behind it must keep client connections open longer. */
const LB_IDLE_MS = 60_000;
/** Node's default `server.keepAliveTimeout`: the most common target closes idle sockets after it. */
const NODE_KEEPALIVE_MS = 5_000;

export interface Built {
  readonly config: GatewayConfig;
  readonly warnings: readonly ConfigWarning[];
}

export function buildConfig(ctx: SourceContext, raw: RawConfig, baseDir: string): Built {
  const warnings: ConfigWarning[] = [];
  const warn = (code: ConfigWarningCode, keyPath: string, problem: string, fix: string) => {
    const { line, column } = ctx.at(keyPath);
    warnings.push({ code, file: ctx.file, line, column, keyPath, problem, fix });
  };
  const file = (path: string | null): string | null => (path === null || path === undefined ? null : isAbsolute(path) ? path : resolve(baseDir, path));

  const listeners = checkListeners(ctx, raw, file);
  const pools = new Map<string, PoolConfig>();
  for (const [name, pool] of raw.pools) {
    if (pool) pools.set(name, buildPool(ctx, warn, file, name, pool));
  }
  const routes = checkRoutes(ctx, raw, [...raw.pools.keys()]);

  const idle = raw.client.timeouts.idle;
  if (idle <= LB_IDLE_MS) {
    warn('WARN_CONFIG_CLIENT_IDLE_AT_LB_IDLE', 'client.timeouts.idle', `${idle / 1000} s is not above 60 s: behind an ALB with its 60 s idle timeout this gateway will close connections the ALB reuses → the ALB's 502s`, 'set client.timeouts.idle above the idle timeout of the load balancer in front (default 75s)');
  }

  let admin: GatewayConfig['admin'] = null;
  if (raw.admin?.listen) {
    const { host, port } = raw.admin.listen;
    if (raw.admin.token === null && !ctx.positions.has('admin.token') && !isLoopback(host)) {
      ctx.report('ERR_CONFIG_MISSING', 'admin.token', `the admin listener on ${host} is reachable beyond this machine but has no token`, 'add "token:" with a long random secret, or listen on 127.0.0.1');
    }
    if (listeners.some((l) => l.port !== 0 && l.port === port && (l.host === host || isWildcard(l.host) || isWildcard(host)))) {
      ctx.report('ERR_CONFIG_DUPLICATE', 'admin.listen', `${host}:${port} is also a listener's address`, 'give the admin listener its own port');
    }
    admin = { host, port, token: raw.admin.token };
  }

  const config: GatewayConfig = {
    source: ctx.file,
    listeners,
    routes,
    pools,
    clientTimeouts: { requestHeadMs: raw.client.timeouts.request_head, requestBodyIdleMs: raw.client.timeouts.request_body_idle, idleMs: idle },
    limits: {
      maxRequestHeadBytes: raw.limits.max_request_head,
      maxRequestBodyBytes: raw.limits.max_request_body,
      maxResponseHeadBytes: raw.limits.max_response_head,
      maxClientConnections: raw.limits.max_client_connections,
    },
    trustedProxies: raw.trusted_proxies.filter((p) => typeof p === 'string'),
    verboseErrors: raw.verbose_errors,
    accessLog: raw.access_log ? { path: raw.access_log.path === '-' ? '-' : (file(raw.access_log.path) ?? '-'), format: raw.access_log.format } : null,
    admin,
    workers: raw.workers === 'auto' ? availableParallelism() : raw.workers,
    shutdownGraceMs: raw.shutdown_grace,
    flightRecorder: {
      entries: raw.flight_recorder.entries,
      maxBytes: raw.flight_recorder.max_bytes,
      keepValues: ctx.positions.has('flight_recorder.keep_values')
        ? raw.flight_recorder.keep_values.filter((v) => typeof v === 'string').map((v) => v.toLowerCase())
        : DEFAULT_FLIGHT_RECORDER.keepValues,
    },
  };
  return { config, warnings };
}

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::';

function checkListeners(ctx: SourceContext, raw: RawConfig, file: (path: string) => string | null): ListenerConfig[] {
  const out: ListenerConfig[] = [];
  const names = new Set<string>();
  raw.listeners.forEach((listener, i) => {
    if (!listener?.name) return;
    if (names.has(listener.name)) ctx.report('ERR_CONFIG_DUPLICATE', `listeners[${i}].name`, `listener name "${listener.name}" is used twice`, 'give each listener its own name');
    names.add(listener.name);
    if (!listener.listen) return;
    const { host, port } = listener.listen;
    const clash = out.find((l) => port !== 0 && l.port === port && (l.host === host || isWildcard(l.host) || isWildcard(host)));
    if (clash) ctx.report('ERR_CONFIG_DUPLICATE', `listeners[${i}].listen`, `${host}:${port} overlaps listener "${clash.name}" (${clash.host}:${clash.port})`, 'give each listener its own port or address');
    out.push({
      name: listener.name,
      host,
      port,
      tls: listener.tls && listener.tls.cert && listener.tls.key ? { certFile: file(listener.tls.cert) ?? listener.tls.cert, keyFile: file(listener.tls.key) ?? listener.tls.key } : null,
    });
  });
  return out;
}

/** Most specific first (a host before any host, then the longer prefix), so the first match is the best one. */
function checkRoutes(ctx: SourceContext, raw: RawConfig, poolNames: readonly string[]): RouteConfig[] {
  const out: RouteConfig[] = [];
  const seen = new Map<string, number>();
  raw.routes.forEach((route, i) => {
    if (!route?.pool) return;
    if (!raw.pools.has(route.pool)) {
      const guess = closest(route.pool, poolNames);
      ctx.report('ERR_CONFIG_REFERENCE', `routes[${i}].pool`, `pool "${route.pool}" is not defined under pools`, guess ? `did you mean "${guess}"?` : `define it under pools, or use one of: ${poolNames.join(', ') || '(no pools defined)'}`);
    }
    const host = route.host === null ? null : route.host.toLowerCase();
    const key = `${host ?? '*'} ${route.path_prefix}`;
    const first = seen.get(key);
    if (first !== undefined) ctx.report('ERR_CONFIG_DUPLICATE', `routes[${i}]`, `same host and path_prefix as routes[${first}] (${host ?? 'any host'} ${route.path_prefix}); it would never match`, 'remove one, or change its host or path_prefix');
    else seen.set(key, i);
    out.push({ host, pathPrefix: route.path_prefix, pool: route.pool });
  });
  return out.sort((a, b) => Number(b.host !== null) - Number(a.host !== null) || b.pathPrefix.length - a.pathPrefix.length);
}

function buildPool(
  ctx: SourceContext,
  warn: (code: ConfigWarningCode, keyPath: string, problem: string, fix: string) => void,
  file: (path: string | null) => string | null,
  name: string,
  pool: RawPool,
): PoolConfig {
  const at = `pools.${name}`;
  const targets = pool.targets.flatMap((t) => (t?.url ? [{ url: t.url.url, weight: t.weight }] : []));
  pool.targets.forEach((t, i) => {
    if (t?.url?.host.toLowerCase() === 'localhost') {
      warn('WARN_CONFIG_LOCALHOST_TARGET', `${at}.targets[${i}].url`, `"localhost" may resolve to ::1 while the app listens on 127.0.0.1 only (or the reverse) → upstream_connect_refused`, `write the address the app listens on: http://127.0.0.1:${t.url.port} or http://[::1]:${t.url.port}`);
    }
  });
  targets.forEach((t, i) => {
    if (targets.findIndex((o) => o.url === t.url) !== i) ctx.report('ERR_CONFIG_DUPLICATE', `${at}.targets[${i}].url`, `target ${t.url} is listed twice`, 'list each target once and use weight to give it a larger share');
  });
  if (targets.some((t) => t.weight !== 1) && pool.balance !== 'weighted' && pool.balance !== 'consistent_hash') {
    warn('WARN_CONFIG_WEIGHT_IGNORED', `${at}.balance`, `targets have weights but balance: ${pool.balance} ignores them`, 'set balance: weighted, or remove the weights');
  }
  let balance: BalancePolicy;
  if (pool.balance === 'consistent_hash') {
    // Only when absent: an invalid hash_on was reported already and reads as null here.
    if (pool.hash_on === null && !ctx.positions.has(`${at}.hash_on`)) ctx.report('ERR_CONFIG_MISSING', `${at}.hash_on`, 'balance: consistent_hash needs hash_on', 'add "hash_on: client_address" or "hash_on: header:X-Session-Id"');
    const on = pool.hash_on?.startsWith('header:') ? { header: pool.hash_on.slice('header:'.length).toLowerCase() } : { clientAddress: true as const };
    balance = { kind: 'consistent_hash', on };
  } else {
    if (pool.hash_on !== null) ctx.report('ERR_CONFIG_CONFLICT', `${at}.hash_on`, `hash_on only applies to balance: consistent_hash, not ${pool.balance}`, 'remove hash_on, or set balance: consistent_hash');
    balance = { kind: pool.balance } as BalancePolicy;
  }
  const tls = pool.tls;
  const written = (key: string) => ctx.positions.has(`${at}.tls.${key}`);
  if (written('cert') !== written('key')) {
    ctx.report('ERR_CONFIG_CONFLICT', `${at}.tls.${written('cert') ? 'cert' : 'key'}`, 'a client certificate needs both cert and key', `add "${written('cert') ? 'key' : 'cert'}:" next to it, or remove both`);
  }
  const idle = pool.keep_alive.idle_timeout;
  if (idle >= NODE_KEEPALIVE_MS) {
    warn('WARN_CONFIG_UPSTREAM_IDLE_AT_NODE_IDLE', `${at}.keep_alive.idle_timeout`, `${idle / 1000} s is not below 5 s, longer than Node's default keepAliveTimeout: a Node target closes idle sockets first → upstream_keepalive_race`, "set it below the target's keep-alive timeout (default 4s), or raise the target's timeout above it");
  }
  const check = pool.health_check;
  const od = pool.outlier_detection;
  if (od.max_ejection < od.base_ejection) {
    ctx.report('ERR_CONFIG_CONFLICT', `${at}.outlier_detection.max_ejection`, 'max_ejection is shorter than base_ejection', 'make max_ejection at least base_ejection');
  }
  if (check !== null && check.path && check.timeout >= check.interval) {
    warn('WARN_CONFIG_HEALTH_TIMEOUT', `${at}.health_check.timeout`, `timeout ${check.timeout} ms is not below interval ${check.interval} ms: a slow check delays the next one, so a dead target is noticed later than the interval promises`, 'make the health check timeout shorter than its interval (ALB requires it)');
  }
  const [lo = '200', hi] = (check?.expect_status ?? '200').trim().split('-');
  return {
    name,
    targets,
    balance,
    health: {
      active:
        check === null || !check.path
          ? null
          : {
              path: check.path,
              intervalMs: check.interval,
              jitterPercent: check.jitter_percent,
              timeoutMs: check.timeout,
              healthyThreshold: check.healthy_threshold,
              unhealthyThreshold: check.unhealthy_threshold,
              expectStatus: { min: Number(lo), max: Number(hi ?? lo) },
            },
      passive: { consecutiveFailures: od.consecutive_failures, baseEjectionMs: od.base_ejection, maxEjectionMs: od.max_ejection, maxEjectionPercent: od.max_ejection_percent },
      slowStartMs: pool.slow_start,
      failOpen: pool.fail_open,
    },
    deregistrationDelayMs: pool.deregistration_delay,
    dnsRefreshMs: pool.dns_refresh,
    timeouts: { connectMs: pool.timeouts.connect, tlsMs: pool.timeouts.tls, sendMs: pool.timeouts.send, headersMs: pool.timeouts.headers, bodyIdleMs: pool.timeouts.body_idle },
    keepAlive: { idleMs: idle, hintMarginMs: pool.keep_alive.hint_margin, maxIdlePerTarget: pool.keep_alive.max_idle_per_target },
    retries: { attempts: pool.retries.attempts, budgetPercent: pool.retries.budget_percent },
    tls: { verify: tls.verify, caFile: file(tls.ca), serverName: tls.server_name, certFile: file(tls.cert), keyFile: file(tls.key) },
    maxConnectionsPerTarget: pool.max_connections_per_target,
  };
}
