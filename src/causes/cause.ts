// The shape of one entry of the cause catalogue: everything a gateway, the doctor, the probe and
// the lab need to agree on when they say "this exchange failed because …".
import type { CauseId } from './ids.ts';

/** Where in a proxied exchange the failure happened (DESIGN §3). */
export const PHASES = [
  'accept', // reading the client's request
  'route', // choosing a route / pool
  'select', // choosing a target from the pool
  'queue', // waiting for a connection slot
  'resolve', // DNS for the target
  'connect', // TCP connect to the target
  'tls', // TLS handshake with the target
  'send', // writing the request to the target
  'headers', // waiting for / parsing the response head
  'body', // streaming the response body
] as const;
export type Phase = (typeof PHASES)[number];

/** Who has to act to fix it. */
export const CULPRITS = ['client', 'gateway', 'target', 'network', 'config'] as const;
export type Culprit = (typeof CULPRITS)[number];

/** RFC 9209 §2.3 Proxy Error Types (the IANA registry as of the RFC). */
export const PROXY_ERROR_TYPES = [
  'dns_timeout',
  'dns_error',
  'destination_not_found',
  'destination_unavailable',
  'destination_ip_prohibited',
  'destination_ip_unroutable',
  'connection_refused',
  'connection_terminated',
  'connection_timeout',
  'connection_read_timeout',
  'connection_write_timeout',
  'connection_limit_reached',
  'tls_protocol_error',
  'tls_certificate_error',
  'tls_alert_received',
  'http_request_error',
  'http_request_denied',
  'http_response_incomplete',
  'http_response_header_section_size',
  'http_response_header_size',
  'http_response_body_size',
  'http_response_trailer_section_size',
  'http_response_trailer_size',
  'http_response_transfer_coding',
  'http_response_content_coding',
  'http_response_timeout',
  'http_upgrade_failed',
  'http_protocol_error',
  'proxy_internal_response',
  'proxy_internal_error',
  'proxy_configuration_error',
  'proxy_loop_detected',
] as const;
export type ProxyErrorType = (typeof PROXY_ERROR_TYPES)[number];

/** Statuses a gateway may make itself. */
export type GatewayStatus = 400 | 408 | 413 | 431 | 500 | 502 | 503 | 504;

/**
 * What the client sees. Most causes make the gateway answer with a fixed status; some happen after
 * the response head was already forwarded (the only honest move is to abort the client connection),
 * some are the target's own answer passed through, and a client that went away gets nothing but a
 * log line (NGINX's 499 convention).
 */
export type Outcome =
  | { readonly kind: 'respond'; readonly status: GatewayStatus }
  | { readonly kind: 'abort' }
  | { readonly kind: 'pass-through' }
  | { readonly kind: 'log-only'; readonly status: 499 };

/** A concrete step an operator can take: a command to run or a config change to make. */
export interface Remedy {
  readonly action: string;
  /** A shell command, e.g. `ss -tlnp 'sport = :8080'`. */
  readonly command?: string;
  /** A config snippet, e.g. `keepAliveTimeout = 65000` (Node) or `keepalive_timeout 75s;` (NGINX). */
  readonly config?: string;
}

/**
 * How a peer shows this cause, or why it cannot be told from that peer's output. `note` adds what an
 * operator must know to read the view right (a variant, a version difference, a default that hides it).
 */
export type PeerView<T> =
  | ({ readonly seen: true; readonly note?: string } & T)
  | { readonly seen: false; readonly why: string };

export interface PeerViews {
  /** AWS Application Load Balancer: access-log fields and CloudWatch metrics. */
  readonly alb: PeerView<{
    readonly elbStatus: string; // e.g. "502"
    readonly targetStatus: string; // e.g. "-"
    readonly processingTimes?: string; // e.g. "-1 -1 -1"
    readonly errorReason?: string; // the access log's error_reason field, when ALB sets one
    readonly metrics: readonly string[]; // e.g. ["HTTPCode_ELB_502_Count", "TargetConnectionErrorCount"]
  }>;
  /**
   * NGINX: status in the access log and the exact error-log message; `errorLog` is null when NGINX
   * writes no error-log line for it (the note then says where it shows).
   */
  readonly nginx: PeerView<{ readonly status: string; readonly errorLog: string | null }>;
  /** HAProxy: the two first characters of the termination state and the logged status. */
  readonly haproxy: PeerView<{ readonly termination: string; readonly status: string }>;
  /** Envoy: response flag and response code details. */
  readonly envoy: PeerView<{ readonly flags: string; readonly details?: string }>;
}

export interface Cause {
  readonly id: CauseId;
  readonly title: string;
  readonly outcome: Outcome;
  /** The phases in which this cause can occur; the first is the usual one. */
  readonly phases: readonly [Phase, ...Phase[]];
  /** Who must act; the first is the usual one. */
  readonly culprits: readonly [Culprit, ...Culprit[]];
  /** RFC 9209 error type for `Proxy-Status`; null when the gateway is not the one reporting an error. */
  readonly proxyStatus: ProxyErrorType | null;
  /** What happened, in plain words, for an operator. */
  readonly explanation: string;
  /** What proves it: the facts a log, a capture or a probe shows. */
  readonly evidence: readonly string[];
  /** What to do, most likely fix first. */
  readonly remedies: readonly Remedy[];
  readonly peers: PeerViews;
  /** Why we chose this status where peers disagree (DESIGN §3 status policy). */
  readonly statusRationale?: string;
  /** Causes an operator may confuse with this one, and should rule out. */
  readonly related?: readonly CauseId[];
}

/** The status a gateway writes or logs for a cause, or null when the target's status stands. */
export function statusOf(cause: Cause): number | null {
  switch (cause.outcome.kind) {
    case 'respond':
    case 'log-only':
      return cause.outcome.status;
    case 'abort':
    case 'pass-through':
      return null;
  }
}
