// Defaults, each chosen against the peers (the docs/config.md table cites them). The principle:
// safe in the common chains — behind an AWS ALB (idle timeout 60 s) and in front of Node apps
// (keepAliveTimeout 5 s) — without the operator touching anything.
import type { ClientTimeouts, Limits, RetryPolicy, UpstreamKeepAlive, UpstreamTimeouts, UpstreamTlsConfig } from './model.ts';

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
