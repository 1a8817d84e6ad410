// One finished client request, as the gateway hands it to telemetry (access log, metrics,
// dashboard). Field meanings follow the AWS ALB access log where ALB has the field, so the `alb`
// encoding is a straight projection; the rest is ours (DESIGN §5).
import type { CauseId, Phase } from '../causes/index.ts';

export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/** One try against one target. Retries add attempts; the last one produced the response. */
export interface Attempt {
  readonly target: Endpoint;
  /** Status the target sent, or null when it sent no parseable response head (ALB `-`). */
  readonly status: number | null;
  /** Why this attempt failed; null when it produced the response the client got. */
  readonly cause: CauseId | null;
  /** The socket came from the keep-alive pool (and how long it had been idle). */
  readonly reused: boolean;
  readonly idleBeforeMs: number | null;
  /** Phase durations in ms; null when the phase did not happen on this attempt. */
  readonly connectMs: number | null;
  readonly tlsMs: number | null;
  /** From the first request byte written to the complete response head. */
  readonly headersMs: number | null;
  /** errno / OpenSSL / parser code behind `cause`, e.g. "ECONNREFUSED", "HPE_INVALID_HEADER": log only. */
  readonly errorCode: string | null;
}

export type ExchangeOrigin = 'target' | 'gateway';

export interface ExchangeRecord {
  /** ALB `type`: http, https, ws or wss (as the client spoke to us). */
  readonly type: 'http' | 'https' | 'ws' | 'wss';
  /** ALB `request_creation_time`: when the first byte of the request head arrived (epoch ms). */
  readonly startedAtMs: number;
  /** ALB `time`: when the response was completely sent or the exchange ended (epoch ms). */
  readonly endedAtMs: number;
  /** ALB `elb`: the listener's name. */
  readonly listener: string;
  readonly client: Endpoint;
  readonly requestId: string;
  readonly method: string;
  /** As received: origin-form path and query. */
  readonly target: string;
  readonly httpVersion: string; // "HTTP/1.1"
  readonly host: string | null;
  readonly userAgent: string | null;
  readonly tlsCipher: string | null;
  readonly tlsProtocol: string | null;
  /** ALB `request_processing_time` etc. in ms, -1 when the phase never happened (ALB semantics). */
  readonly requestProcessingMs: number;
  readonly targetProcessingMs: number;
  readonly responseProcessingMs: number;
  /** Status sent to the client; null when none was (client went away, or the connection was aborted mid-body before any head). */
  readonly status: number | null;
  /** Who made the response the client got. */
  readonly origin: ExchangeOrigin | null;
  readonly receivedBytes: number;
  readonly sentBytes: number;
  /** The cause of a gateway-made error or an aborted exchange; null for a clean exchange. */
  readonly cause: CauseId | null;
  readonly phase: Phase | null;
  /** A failure the gateway recovered from by retrying (e.g. a keep-alive race); null if none. */
  readonly recovered: CauseId | null;
  readonly pool: string | null;
  readonly attempts: readonly Attempt[];
}
