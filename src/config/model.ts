// The validated, defaulted configuration the gateway runs on. Both ways of starting it produce this
// shape: the YAML file (loader in this folder) and the one-line quick mode (`serve --listen --upstream`).
// Durations are milliseconds and sizes are bytes, with the unit in the name (DESIGN §9).

export type BalancePolicy =
  | { readonly kind: 'round_robin' }
  | { readonly kind: 'least_outstanding' }
  | { readonly kind: 'power_of_two' }
  | { readonly kind: 'weighted' } // smooth weighted round robin over `TargetConfig.weight`
  | { readonly kind: 'consistent_hash'; readonly on: { readonly header: string } | { readonly clientAddress: true } };

export type AccessLogFormat = 'alb' | 'json';

export interface TlsServerConfig {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface ListenerConfig {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly tls: TlsServerConfig | null;
}

export interface UpstreamTlsConfig {
  /** Verify the target's certificate chain and host name (default true, like curl). */
  readonly verify: boolean;
  /** PEM bundle of trusted CAs; null = Node's default store. */
  readonly caFile: string | null;
  /** SNI and the name to verify; null = the target's host when it is a name, none for an IP. */
  readonly serverName: string | null;
  readonly certFile: string | null; // client certificate (mTLS)
  readonly keyFile: string | null;
}

export interface TargetConfig {
  /** `http://host:port` or `https://host:port`. */
  readonly url: string;
  readonly weight: number;
}

/** Upstream timeouts, one per phase, so that each timeout maps to exactly one cause. */
export interface UpstreamTimeouts {
  readonly connectMs: number; // upstream_connect_timeout
  readonly tlsMs: number; // upstream_tls_timeout
  readonly sendMs: number; // upstream_send_timeout: no progress writing the request
  readonly headersMs: number; // upstream_headers_timeout: request sent, no complete response head
  readonly bodyIdleMs: number; // upstream_body_timeout: no response body byte for this long
}

export interface UpstreamKeepAlive {
  /** Idle upstream sockets are retired after this (kept below the target's own keep-alive timeout). */
  readonly idleMs: number;
  /** Retire this long before a `Keep-Alive: timeout=` hint from the target runs out. */
  readonly hintMarginMs: number;
  readonly maxIdlePerTarget: number;
}

export interface RetryPolicy {
  /** Total tries per request, the first included (1 = no retry). */
  readonly attempts: number;
  /** Retries may not exceed this share of requests over a sliding window (Envoy's retry budget). */
  readonly budgetPercent: number;
}

/** Active health checks (ALB target group health checks, HAProxy `check`, NGINX Plus `health_check`). */
export interface ActiveHealthCheck {
  readonly path: string;
  readonly intervalMs: number;
  /** Each interval is stretched or shrunk by up to this share, so checks of many gateways do not align. */
  readonly jitterPercent: number;
  readonly timeoutMs: number;
  /** Consecutive passing checks that make an unhealthy target healthy (HAProxy `rise`). */
  readonly healthyThreshold: number;
  /** Consecutive failing checks that make a healthy target unhealthy (HAProxy `fall`). */
  readonly unhealthyThreshold: number;
  /** Inclusive range of statuses that pass (ALB matcher `200-399`). */
  readonly expectStatus: { readonly min: number; readonly max: number };
}

/** Passive health: ejection on consecutive gateway-side failures (Envoy outlier detection). */
export interface PassiveHealth {
  /** Consecutive failed attempts that eject a target; 0 = off. */
  readonly consecutiveFailures: number;
  /** First ejection time; each further ejection lasts longer (× the number of ejections). */
  readonly baseEjectionMs: number;
  readonly maxEjectionMs: number;
  /** Never eject past this share of the pool's targets. */
  readonly maxEjectionPercent: number;
}

export interface PoolHealthConfig {
  /** null = no active checks (targets are healthy until passive health ejects them). */
  readonly active: ActiveHealthCheck | null;
  readonly passive: PassiveHealth;
  /** A target that (re)joins gets a linearly growing share of requests over this long; 0 = off. */
  readonly slowStartMs: number;
  /** When every target is unhealthy, route to all of them (ALB fail-open) instead of 503 no_healthy_upstream. */
  readonly failOpen: boolean;
}

export interface PoolConfig {
  readonly name: string;
  readonly targets: readonly TargetConfig[];
  readonly balance: BalancePolicy;
  readonly timeouts: UpstreamTimeouts;
  readonly keepAlive: UpstreamKeepAlive;
  readonly retries: RetryPolicy;
  readonly tls: UpstreamTlsConfig;
  /** Concurrent requests per target before the pool queues or answers upstream_overloaded; 0 = no limit. */
  readonly maxConnectionsPerTarget: number;
  readonly health: PoolHealthConfig;
  /** A deregistered target's in-flight requests may finish for this long, then are cut (upstream_draining_expired). */
  readonly deregistrationDelayMs: number;
  /** Targets named by DNS are re-resolved this often; idle connections to vanished addresses are closed. */
  readonly dnsRefreshMs: number;
}

export interface RouteConfig {
  /** Host header to match (exact, case-insensitive, port ignored); null = any host. */
  readonly host: string | null;
  readonly pathPrefix: string;
  readonly pool: string;
}

export interface ClientTimeouts {
  /** Whole request head must arrive within this (client_request_timeout). */
  readonly requestHeadMs: number;
  /** No request body byte for this long (client_request_timeout). */
  readonly requestBodyIdleMs: number;
  /** Idle keep-alive connections from clients are closed after this; above ALB's 60 s by default. */
  readonly idleMs: number;
}

export interface Limits {
  readonly maxRequestHeadBytes: number; // client_request_headers_too_large (431)
  readonly maxRequestBodyBytes: number; // client_request_too_large (413); 0 = unlimited
  readonly maxResponseHeadBytes: number; // upstream_headers_too_large
  readonly maxClientConnections: number; // proxy_overloaded beyond it; 0 = unlimited
}

export interface AccessLogConfig {
  /** File path, or '-' for stdout. */
  readonly path: string;
  readonly format: AccessLogFormat;
}

export interface AdminConfig {
  readonly host: string;
  readonly port: number;
  /** Required when the admin listener is bound to a non-loopback address. */
  readonly token: string | null;
}

/** The flight recorder: first bytes of malformed response heads, kept for inspection (HAProxy `show errors`). */
export interface FlightRecorderConfig {
  readonly entries: number;
  readonly maxBytes: number;
  /** Header names (lower case) whose values are kept; every other header value is redacted. */
  readonly keepValues: readonly string[];
}

export interface GatewayConfig {
  /** Where this config came from (a file path, or 'command line'), for messages. */
  readonly source: string;
  readonly listeners: readonly ListenerConfig[];
  readonly routes: readonly RouteConfig[];
  readonly pools: ReadonlyMap<string, PoolConfig>;
  readonly clientTimeouts: ClientTimeouts;
  readonly limits: Limits;
  /** Addresses/CIDRs whose X-Forwarded-For / Forwarded we extend instead of replacing. */
  readonly trustedProxies: readonly string[];
  /** Put errno and target addresses in error bodies (off by default: they go to the log only). */
  readonly verboseErrors: boolean;
  readonly accessLog: AccessLogConfig | null;
  readonly admin: AdminConfig | null;
  readonly workers: number;
  /** Grace period for in-flight requests on SIGTERM. */
  readonly shutdownGraceMs: number;
  readonly flightRecorder: FlightRecorderConfig;
}
