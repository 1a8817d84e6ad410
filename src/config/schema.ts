// THE schema table of gatewise.yaml: every key, its type, default, one-line doc and the peers'
// defaults it was chosen against. Validation (walk.ts), defaults and docs/config.md (docs.ts) are
// all driven from here, so the reference cannot drift from the code. Keys are snake_case, like
// NGINX, HAProxy and Envoy configs; a camelCase key is rejected with its snake_case spelling.
import {
  DEFAULT_CLIENT_TIMEOUTS as CLIENT,
  DEFAULT_DEREGISTRATION_DELAY_MS,
  DEFAULT_DNS_REFRESH_MS,
  DEFAULT_FLIGHT_RECORDER as RECORDER,
  DEFAULT_HEALTH_CHECK as CHECK,
  DEFAULT_POOL_HEALTH as HEALTH,
  DEFAULT_LIMITS as LIMITS,
  DEFAULT_RETRIES as RETRIES,
  DEFAULT_SHUTDOWN_GRACE_MS,
  DEFAULT_UPSTREAM_KEEPALIVE as KEEPALIVE,
  DEFAULT_UPSTREAM_TIMEOUTS as TIMEOUTS,
  DEFAULT_UPSTREAM_TLS as UPSTREAM_TLS,
} from './defaults.ts';
import {
  REQUIRED,
  addressOrCidr,
  boolean,
  duration,
  hashOn,
  hostName,
  integer,
  leaf,
  list,
  listenAddress,
  namedMap,
  oneOf,
  pathPrefix,
  section,
  size,
  targetUrl,
  text,
  workerCount,
  type SectionSpec,
} from './schema-types.ts';

export const BALANCE_POLICIES = ['round_robin', 'least_outstanding', 'power_of_two', 'weighted', 'consistent_hash'] as const;
export const DEFAULT_ADMIN_LISTEN = '127.0.0.1:9901';

const file = (what: string) => text('file path', undefined, `write the path of the ${what} (relative paths are relative to the config file)`);
const name = text('name', (v) => (/^[A-Za-z0-9_.-]+$/.test(v) ? null : `"${v}" has characters other than letters, digits, "_", "." and "-"`), 'write a name of letters, digits, "_", "." or "-"');

/** `200`, `200-399`: an inclusive status range (ALB's health check matcher). */
const statusRange = text(
  'status range',
  (v) => {
    const m = /^([1-5]\d\d)(?:-([1-5]\d\d))?$/.exec(v.trim());
    if (m === null) return `"${v}" is not a status or a range of statuses`;
    return m[2] !== undefined && Number(m[2]) < Number(m[1]) ? `"${v}" ends before it starts` : null;
  },
  'write a status such as 200, or an inclusive range such as 200-399',
);

const listener = section('One address the gateway accepts client connections on.', 'required', {
  name: leaf(name, { default: REQUIRED, doc: 'Unique name; the access log\'s `elb` field.' }),
  listen: leaf(listenAddress(true), { default: REQUIRED, doc: 'Address and port to bind; port 0 picks a free port (tests).' }),
  tls: section('Serve HTTPS on this listener.', 'null', {
    cert: leaf(file('PEM certificate chain'), { default: REQUIRED, doc: 'PEM certificate chain file.' }),
    key: leaf(file('PEM private key'), { default: REQUIRED, doc: 'PEM private key file.' }),
  }),
});

const route = section('Sends matching requests to a pool. The longest matching path prefix wins; a route with a host beats one without.', 'required', {
  host: leaf(hostName, { default: null, doc: 'Host header to match (exact, case-insensitive, port ignored); absent = any host.' }),
  path_prefix: leaf(pathPrefix, { default: '/', doc: 'Path prefix to match, e.g. `/api`.' }),
  pool: leaf(name, { default: REQUIRED, doc: 'Name of the pool under `pools`.' }),
});

const target = section('One upstream server.', 'required', {
  url: leaf(targetUrl, { default: REQUIRED, doc: '`http://host:port` or `https://host:port`; the port is required.' }),
  weight: leaf(integer(1, 1000), { default: 1, doc: 'Relative share of requests under `balance: weighted`.' }),
});

const pool = section('A group of targets serving the same app, with how to reach them.', 'required', {
  targets: list('The pool\'s targets.', target, { minItems: 1, required: true }),
  balance: leaf(oneOf(BALANCE_POLICIES), { default: 'round_robin', doc: 'How a target is chosen for each request.', peers: 'ALB round_robin, NGINX round robin, Envoy round robin' }),
  hash_on: leaf(hashOn, { default: null, doc: 'Key of `balance: consistent_hash`: `client_address` or `header:NAME`.' }),
  max_connections_per_target: leaf(integer(0, 1_000_000), { default: 0, doc: 'Concurrent requests per target before `upstream_overloaded`; 0 = no limit.', peers: 'NGINX max_conns 0, HAProxy maxconn per server 0' }),
  timeouts: section('Upstream timeouts, one per phase; each maps to exactly one cause.', 'defaults', {
    connect: leaf(duration(1, 3_600_000), { default: TIMEOUTS.connectMs, doc: 'TCP connect (`upstream_connect_timeout`).', peers: 'Envoy 5s, NGINX 60s, ALB 10s, HAProxy none (5s in its examples)' }),
    tls: leaf(duration(1, 3_600_000), { default: TIMEOUTS.tlsMs, doc: 'TLS handshake with the target (`upstream_tls_timeout`).', peers: 'ALB 10s' }),
    send: leaf(duration(1, 3_600_000), { default: TIMEOUTS.sendMs, doc: 'No progress writing the request (`upstream_send_timeout`).', peers: 'NGINX proxy_send_timeout 60s' }),
    headers: leaf(duration(1, 3_600_000), { default: TIMEOUTS.headersMs, doc: 'Request sent, no complete response head (`upstream_headers_timeout`).', peers: 'NGINX proxy_read_timeout 60s, ALB idle timeout 60s, HAProxy timeout server' }),
    body_idle: leaf(duration(1, 3_600_000), { default: TIMEOUTS.bodyIdleMs, doc: 'No response body byte for this long (`upstream_body_timeout`).', peers: 'NGINX proxy_read_timeout 60s' }),
  }),
  keep_alive: section('Reuse of idle upstream connections, kept safe from the keep-alive race.', 'defaults', {
    idle_timeout: leaf(duration(0, 3_600_000), { default: KEEPALIVE.idleMs, doc: 'Idle upstream sockets are retired after this; keep it below the target\'s own keep-alive timeout. 0 = no reuse.', peers: 'Node keepAliveTimeout 5s (the target), NGINX keepalive_timeout 60s' }),
    hint_margin: leaf(duration(0, 60_000), { default: KEEPALIVE.hintMarginMs, doc: 'Retire this long before a target\'s `Keep-Alive: timeout=` runs out.' }),
    max_idle_per_target: leaf(integer(0, 100_000), { default: KEEPALIVE.maxIdlePerTarget, doc: 'Idle sockets kept per target.', peers: 'NGINX keepalive (per worker) has no default, commonly 32–64' }),
  }),
  retries: section('Retries of failed requests, only when RFC 9110 §9.2.2 allows.', 'defaults', {
    attempts: leaf(integer(1, 10), { default: RETRIES.attempts, doc: 'Total tries per request, the first included (1 = no retry).', peers: 'NGINX proxy_next_upstream_tries 0 (unbounded), HAProxy retries 3, Envoy num_retries 1' }),
    budget_percent: leaf(integer(0, 100), { default: RETRIES.budgetPercent, doc: 'Retries may not exceed this share of requests.', peers: 'Envoy retry budget 20%' }),
  }),
  health_check: section('Active health checks: the gateway asks each target on its own; absent = none (targets are healthy until passive health ejects them).', 'null', {
    path: leaf(pathPrefix, { default: REQUIRED, doc: 'Path to GET, e.g. `/healthz`.', peers: 'ALB /' }),
    interval: leaf(duration(100, 3_600_000), { default: CHECK.intervalMs, doc: 'Time between checks of one target.', peers: 'ALB 30s, NGINX Plus 5s, HAProxy inter 2s' }),
    jitter_percent: leaf(integer(0, 50), { default: CHECK.jitterPercent, doc: 'Each interval varies by up to this share, so gateways do not check in lockstep.', peers: 'Envoy interval_jitter_percent' }),
    timeout: leaf(duration(10, 600_000), { default: CHECK.timeoutMs, doc: 'A check that takes longer fails.', peers: 'ALB 5s' }),
    healthy_threshold: leaf(integer(1, 100), { default: CHECK.healthyThreshold, doc: 'Consecutive passing checks that make a target healthy.', peers: 'ALB 5, HAProxy rise 2' }),
    unhealthy_threshold: leaf(integer(1, 100), { default: CHECK.unhealthyThreshold, doc: 'Consecutive failing checks that make a target unhealthy.', peers: 'ALB 2, HAProxy fall 3' }),
    expect_status: leaf(statusRange, { default: CHECK.expectStatus, doc: 'Statuses that pass: one (`200`) or an inclusive range (`200-399`).', peers: 'ALB matcher 200' }),
  }),
  outlier_detection: section('Passive health: consecutive gateway-side failures (connect errors, resets, timeouts, malformed responses) eject a target for a while.', 'defaults', {
    consecutive_failures: leaf(integer(0, 1000), { default: HEALTH.passive.consecutiveFailures, doc: 'Failed attempts in a row that eject a target; 0 = off.', peers: 'Envoy consecutive_gateway_failure 5, NGINX max_fails 1' }),
    base_ejection: leaf(duration(100, 86_400_000), { default: HEALTH.passive.baseEjectionMs, doc: 'First ejection time; the n-th ejection lasts n times as long.', peers: 'Envoy base_ejection_time 30s, NGINX fail_timeout 10s' }),
    max_ejection: leaf(duration(100, 86_400_000), { default: HEALTH.passive.maxEjectionMs, doc: 'Longest ejection.', peers: 'Envoy max_ejection_time 300s' }),
    max_ejection_percent: leaf(integer(0, 100), { default: HEALTH.passive.maxEjectionPercent, doc: 'Never eject past this share of the pool\'s targets.', peers: 'Envoy max_ejection_percent 10' }),
  }),
  slow_start: leaf(duration(0, 3_600_000), { default: HEALTH.slowStartMs, doc: 'A target that becomes healthy gets a linearly growing share of requests over this long; 0 = off.', peers: 'ALB slow_start 0 (30s–900s when on), NGINX Plus slow_start' }),
  fail_open: leaf(boolean, { default: HEALTH.failOpen, doc: 'When every target is unhealthy, send requests to all of them instead of answering 503 `no_healthy_upstream`.', peers: 'ALB fails open; Envoy panic threshold 50%' }),
  deregistration_delay: leaf(duration(0, 3_600_000), { default: DEFAULT_DEREGISTRATION_DELAY_MS, doc: 'A deregistered target\'s in-flight requests may finish for this long; then they are cut (`upstream_draining_expired`). Keep it above your slowest request.', peers: 'ALB deregistration_delay 300s' }),
  dns_refresh: leaf(duration(100, 86_400_000), { default: DEFAULT_DNS_REFRESH_MS, doc: 'Targets named by DNS are re-resolved this often; idle connections to addresses that vanished are closed.', peers: 'NGINX resolver valid= (TTL), HAProxy hold valid 10s' }),
  tls: section('TLS to `https://` targets.', 'defaults', {
    verify: leaf(boolean, { default: UPSTREAM_TLS.verify, doc: 'Verify the target\'s certificate chain and name.', peers: 'curl verifies; NGINX proxy_ssl_verify off' }),
    ca: leaf(file('CA bundle'), { default: UPSTREAM_TLS.caFile, doc: 'PEM bundle of trusted CAs; absent = Node\'s default store.' }),
    server_name: leaf(hostName, { default: UPSTREAM_TLS.serverName, doc: 'SNI and the name to verify; absent = the target\'s host when it is a name.' }),
    cert: leaf(file('client certificate'), { default: UPSTREAM_TLS.certFile, doc: 'Client certificate for mutual TLS (needs `key`).' }),
    key: leaf(file('client key'), { default: UPSTREAM_TLS.keyFile, doc: 'Client private key for mutual TLS (needs `cert`).' }),
  }),
});

export const SCHEMA: SectionSpec = section('A Gatewise configuration file.', 'required', {
  listeners: list('Where clients connect.', listener, { minItems: 1, required: true }),
  routes: list('Which pool serves which host and path, most specific first.', route, { minItems: 1, required: true }),
  pools: namedMap('Groups of targets, by name.', 'pool', pool, 1),
  client: section('The client side of each exchange.', 'defaults', {
    timeouts: section('Client timeouts.', 'defaults', {
      request_head: leaf(duration(1, 3_600_000), { default: CLIENT.requestHeadMs, doc: 'The whole request head must arrive within this (`client_request_timeout`, 408).', peers: 'HAProxy timeout http-request 10s, NGINX client_header_timeout 60s' }),
      request_body_idle: leaf(duration(1, 3_600_000), { default: CLIENT.requestBodyIdleMs, doc: 'No request body byte for this long (`client_request_timeout`).', peers: 'NGINX client_body_timeout 60s' }),
      idle: leaf(duration(1, 3_600_000), { default: CLIENT.idleMs, doc: 'Idle client keep-alive connections are closed after this; keep it above the idle timeout of any load balancer in front.', peers: 'ALB idle timeout 60s, NGINX keepalive_timeout 75s' }),
    }),
  }),
  limits: section('Size and connection limits.', 'defaults', {
    max_request_head: leaf(size(1024, 1024 ** 2), { default: LIMITS.maxRequestHeadBytes, doc: 'Largest request head (`client_request_headers_too_large`, 431).', peers: 'NGINX large_client_header_buffers 4×8k, Node 16k' }),
    max_request_body: leaf(size(), { default: LIMITS.maxRequestBodyBytes, doc: 'Largest request body (`client_request_too_large`, 413); 0 = unlimited.', peers: 'NGINX client_max_body_size 1m' }),
    max_response_head: leaf(size(1024, 1024 ** 2), { default: LIMITS.maxResponseHeadBytes, doc: 'Largest response head from a target (`upstream_headers_too_large`).', peers: 'NGINX proxy_buffer_size 4k/8k' }),
    max_client_connections: leaf(integer(0, 10_000_000), { default: LIMITS.maxClientConnections, doc: 'Open client connections before `proxy_overloaded`; 0 = unlimited.', peers: 'NGINX worker_connections 512, HAProxy maxconn' }),
  }),
  trusted_proxies: list('Addresses or CIDR blocks whose `X-Forwarded-For` and `Forwarded` are extended instead of replaced (e.g. your ALB\'s subnet).', leaf(addressOrCidr, { default: REQUIRED, doc: 'An IP address or CIDR block.' })),
  verbose_errors: leaf(boolean, { default: false, doc: 'Put errno codes and target addresses in error bodies (otherwise they go to the log only).' }),
  access_log: section('The access log; absent = no access log.', 'null', {
    path: leaf(text('file path or -'), { default: REQUIRED, doc: 'File to append to, or `-` for standard output. Reopened on SIGUSR1 (logrotate).' }),
    format: leaf(oneOf(['alb', 'json']), { default: 'alb', doc: '`alb`: the AWS ALB access log line; `json`: one object per line.' }),
  }),
  admin: section('The admin listener (metrics, dashboard, target registration); absent = none.', 'null', {
    listen: leaf(listenAddress(true), { default: DEFAULT_ADMIN_LISTEN, doc: 'Address and port of the admin listener.', peers: 'Envoy admin 9901' }),
    token: leaf(text('token'), { default: null, doc: 'Bearer token for the admin API; required when `listen` is not a loopback address.' }),
  }),
  workers: leaf(workerCount, { default: 'auto', doc: 'Worker processes; `auto` = one per CPU core.', peers: 'NGINX worker_processes auto' }),
  flight_recorder: section('The flight recorder: the first bytes of malformed response heads, for the admin API and dashboard (like HAProxy `show errors`).', 'defaults', {
    entries: leaf(integer(0, 10_000), { default: RECORDER.entries, doc: 'Malformed heads kept (a ring); 0 = off.' }),
    max_bytes: leaf(size(64, 64 * 1024), { default: RECORDER.maxBytes, doc: 'Bytes kept of each head.' }),
    keep_values: list('Header names whose values are kept; every other header value is replaced by `<redacted>` (cookies, tokens).', leaf(text('header name'), { default: REQUIRED, doc: 'A header name.' }), {}),
  }),
  shutdown_grace: leaf(duration(0, 3_600_000), { default: DEFAULT_SHUTDOWN_GRACE_MS, doc: 'On SIGTERM, in-flight requests may finish for this long.', peers: 'Kubernetes terminationGracePeriodSeconds 30s' }),
});
