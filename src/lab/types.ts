// The lab's public types: what others (gateway tests, interop tests, the doctor, the probe) code
// against. Names are part of the contract; add fields, never rename.
import type { CauseId } from '../causes/index.ts';

/** Timeouts a proxy in front of the lab should use so the fault shows as its cause. */
export interface ProxyTimeoutHints {
  /** DNS resolve timeout to use (the lab's resolver never answers). */
  readonly resolveMs?: number;
  /** Connect timeout to use (the lab never completes the connect). */
  readonly connectMs?: number;
  /** TLS handshake timeout to use (the lab never finishes the handshake). */
  readonly tlsMs?: number;
  /** Send (write) timeout to use (the lab stops reading the request). */
  readonly sendMs?: number;
  /** Response-head timeout to use: below the fault's delay. */
  readonly headersMs?: number;
  /** Body read (idle) timeout to use: the lab goes silent mid-body. */
  readonly bodyMs?: number;
  /** The proxy's upstream keep-alive idle timeout must be LONGER than this (the lab's idle_ms). */
  readonly keepAliveIdleAboveMs?: number;
}

/** Everything a client needs to produce the fault through a proxy with requests alone. */
export interface Trigger {
  readonly method: 'GET' | 'POST';
  /** Send a request body of this many bytes (POST). */
  readonly bodyBytes?: number;
  /** Send one GET to the same url first, on the same client connection (the proxy must pool upstream connections). */
  readonly primeOnSameConnection?: boolean;
  /**
   * The request must reach the lab on a NEW upstream connection: a close on a reused pooled
   * connection is a keep-alive race by definition, whatever the target meant. Send it first after
   * the proxy starts, or with upstream keep-alive off.
   */
  readonly freshConnection?: boolean;
  /** Wait this long after the priming response before the triggering request. */
  readonly waitAfterPrimeMs?: number;
  readonly proxyTimeouts?: ProxyTimeoutHints;
  /** The proxy must speak TLS to this url and verify the target's certificate (for certificate faults). */
  readonly verifyTls?: boolean;
  /** DNS faults: the proxy must resolve the url's host with this resolver ('127.0.0.1:PORT', UDP). */
  readonly resolver?: string;
}

/** A query-parameter knob of a path fault, e.g. `?delay_ms=2000`. */
export interface Knob {
  readonly name: string;
  readonly default: number;
  readonly doc: string;
}

export interface FaultListing {
  readonly id: string;
  readonly expectCause: CauseId;
  /** The url to request through a proxy (an upstream address for port faults). */
  readonly url: string;
  readonly trigger: Trigger;
  readonly description: string;
  /** 'path' faults live on the main listener; 'port' faults own a listener each. */
  readonly kind: 'path' | 'port';
  readonly knobs: readonly Knob[];
}

interface EventBase {
  /** Monotonic sequence number, from 1. */
  readonly seq: number;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

/** Connection events carry `conn`, the lab's connection number (from 1), unique per lab. */
export type LabEventBody =
  | { readonly type: 'listening'; readonly listener: string; readonly address: string }
  | { readonly type: 'accepted'; readonly conn: number; readonly listener: string; readonly remote: string }
  | { readonly type: 'bytes-in'; readonly conn: number; readonly bytes: number }
  | { readonly type: 'bytes-out'; readonly conn: number; readonly bytes: number }
  | { readonly type: 'fin-sent'; readonly conn: number }
  | { readonly type: 'rst-sent'; readonly conn: number }
  | { readonly type: 'peer-fin'; readonly conn: number }
  | { readonly type: 'peer-reset'; readonly conn: number }
  | { readonly type: 'socket-error'; readonly conn: number; readonly code: string }
  | { readonly type: 'closed'; readonly conn: number; readonly bytesIn: number; readonly bytesOut: number }
  | {
      readonly type: 'request';
      readonly conn: number;
      readonly listener: string;
      /** The fault id, or the helper route ('healthy', 'echo', 'slow', 'not-found'). */
      readonly route: string;
      readonly fault: string | null;
      /** 1 for the first request on this connection. */
      readonly index: number;
      readonly method: string;
      readonly target: string;
      readonly version: string;
      readonly headers: readonly (readonly [string, string])[];
    }
  | { readonly type: 'request-body'; readonly conn: number; readonly route: string; readonly bodyBytes: number }
  | { readonly type: 'bad-request'; readonly conn: number; readonly reason: string }
  | { readonly type: 'tls-established'; readonly conn: number; readonly protocol: string }
  | { readonly type: 'tls-error'; readonly conn: number; readonly code: string }
  | { readonly type: 'dns-query'; readonly listener: string; readonly name: string; readonly qtype: number; readonly answer: 'nxdomain' | 'none' }
  | { readonly type: 'note'; readonly conn: number | null; readonly text: string };

export type LabEvent = LabEventBody & EventBase;
export type LabEventType = LabEventBody['type'];

export interface LabOptions {
  /** Interface for every listener; default 127.0.0.1. */
  readonly host?: string;
  /** Main (path-dispatched) listener's port; 0 = any free port (default). */
  readonly port?: number;
  /** Port faults take base+1, base+2, … in PORT_FAULTS order; default: the main port; 0 = free ports chosen at bind time. */
  readonly portFaultsBase?: number;
  /** Default idle_ms of the short keep-alive faults (1000). */
  readonly idleMs?: number;
  /** Called for every event, in order. */
  readonly log?: (event: LabEvent) => void;
  /** Size of the event ring (10 000). */
  readonly eventCapacity?: number;
}

export interface Lab {
  /** 'http://HOST:PORT' of the main (path-dispatched) listener. */
  readonly origin: string;
  readonly faults: readonly FaultListing[];
  /** A copy of the event ring, oldest first. */
  readonly events: readonly LabEvent[];
  /** How many requests the lab parsed and dispatched to this fault's handler. */
  executions(faultId: string): number;
  /** The lab's test CA (PEM): it signed the certificate of the good TLS listener (tls-only). */
  readonly caCertPem: string;
  close(): Promise<void>;
}
