// Defaults, each chosen against the peers (the docs/config.md table cites them). The principle:
// safe in the common chains — behind an AWS ALB (idle timeout 60 s) and in front of Node apps
// (keepAliveTimeout 5 s) — without the operator touching anything.
import type { ClientTimeouts, FlightRecorderConfig, Limits, PoolHealthConfig, RetryPolicy, UpstreamKeepAlive, UpstreamTimeouts, UpstreamTlsConfig } from './model.ts';

export const DEFAULT_UPSTREAM_TIMEOUTS: UpstreamTimeouts = {
  connectMs: 5_000, // Envoy's connect_timeout is 5 s; NGINX's 60 s hides dead targets for a minute
  tlsMs: 10_000, // ALB gives up a target TLS handshake after 10 s
  sendMs: 60_000, // NGINX proxy_send_timeout
  headersMs: 60_000, // NGINX proxy_read_timeout; ALB idle timeout
  bodyIdleMs: 60_000,
};

export const DEFAULT_UPSTREAM_KEEPALIVE: UpstreamKeepAlive = {
  // Below Node's default server keepAliveTimeout (5 s), the most common target. NGINX's 60 s
  // upstream keepalive_timeout is exactly what produces the keep-alive race against Node apps.
  idleMs: 4_000,
  hintMarginMs: 1_000,
  maxIdlePerTarget: 64,
};

export const DEFAULT_RETRIES: RetryPolicy = { attempts: 2, budgetPercent: 20 };

export const DEFAULT_UPSTREAM_TLS: UpstreamTlsConfig = {
  verify: true,
  caFile: null,
  serverName: null,
  certFile: null,
  keyFile: null,
};

export const DEFAULT_CLIENT_TIMEOUTS: ClientTimeouts = {
  requestHeadMs: 10_000, // HAProxy's usual `timeout http-request 10s`: slowloris protection
  requestBodyIdleMs: 60_000, // NGINX client_body_timeout
  idleMs: 75_000, // above ALB's 60 s idle timeout, like NGINX keepalive_timeout 75 s
};

export const DEFAULT_LIMITS: Limits = {
  maxRequestHeadBytes: 32 * 1024,
  maxRequestBodyBytes: 0,
  maxResponseHeadBytes: 32 * 1024, // NGINX's proxy_buffer_size is 4k/8k: "upstream sent too big header"
  maxClientConnections: 10_000,
};

export const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;

export const DEFAULT_HEALTH_CHECK = {
  intervalMs: 10_000, // ALB 30 s, HAProxy inter 2 s, NGINX Plus 5 s
  jitterPercent: 10,
  timeoutMs: 5_000, // ALB 5 s
  healthyThreshold: 2, // HAProxy rise 2 (ALB 5)
  unhealthyThreshold: 3, // HAProxy fall 3 (ALB 2)
  expectStatus: '200-399', // NGINX Plus: 2xx and 3xx
} as const;

export const DEFAULT_POOL_HEALTH: PoolHealthConfig = {
  active: null,
  // Envoy outlier detection: consecutive_gateway_failure 5, base_ejection_time 30 s, max_ejection_time 300 s.
  passive: { consecutiveFailures: 5, baseEjectionMs: 30_000, maxEjectionMs: 300_000, maxEjectionPercent: 50 },
  slowStartMs: 0, // ALB slow_start.duration_seconds 0 (off)
  failOpen: false,
};

export const DEFAULT_DEREGISTRATION_DELAY_MS = 300_000; // ALB deregistration_delay.timeout_seconds 300
export const DEFAULT_DNS_REFRESH_MS = 30_000;

export const DEFAULT_FLIGHT_RECORDER: FlightRecorderConfig = {
  entries: 32,
  maxBytes: 2048,
  // Framing headers explain most malformed heads; everything else may carry secrets (cookies, tokens).
  keepValues: ['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'content-type', 'server'],
};
