// The options of one probe run and the facts its checks hand to each other, phase by phase: the
// addresses DNS found, the first one that accepted a connection, the response the HTTP check read.
import type { CauseId } from '../causes/index.ts';
import type { Listener } from './listeners/proc-net-tcp.ts';
import type { ExchangeResult } from './net/exchange.ts';
import type { ProbeTarget } from './target.ts';

export interface ProbeOptions {
  readonly target: ProbeTarget;
  /** The load balancer's idle timeout the target's keep-alive must outlast (ALB default 60 s). */
  readonly lbIdleMs: number;
  /** Longest wait for the target to close an idle connection. */
  readonly maxKeepAliveWaitMs: number;
  /** Bound of each network step: DNS, connect, TLS handshake, response head, body idle. */
  readonly timeoutMs: number;
  /** The same resource through a proxy, to compare with the direct answer. */
  readonly via: ProbeTarget | null;
  /** A DNS server ("HOST" or "HOST:PORT") to ask instead of the system resolver, as a proxy's `resolver` directive does. */
  readonly resolver: string | null;
  /** Extra trusted CA certificates (PEM) for the target's chain. */
  readonly ca: string | null;
  /** An NGINX config (file or `nginx -T` output) or haproxy.cfg to lint with the measured figures. */
  readonly proxyConfig: string | null;
  readonly signal?: AbortSignal;
}

export const PROBE_DEFAULTS = {
  lbIdleMs: 60_000, // ALB idle timeout default; NGINX upstream keepalive_timeout default is also 60 s
  maxKeepAliveWaitMs: 75_000,
  timeoutMs: 5_000,
  /** Load balancers abandon a target TLS handshake after 10 s (ALB: "SSL handshake timeout"). */
  tlsLimitMs: 10_000,
} as const;

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Facts gathered so far; each check reads earlier phases' facts and adds its own. */
export interface ProbeFacts {
  addresses: ResolvedAddress[];
  /** The first address, in resolver order, that accepted a TCP connection. */
  reachable: ResolvedAddress | null;
  listeners: Listener[] | null;
  /** The TLS check completed a handshake (always false for http:). */
  tlsOk: boolean;
  /** The direct exchange of the HTTP check, when one was made. */
  exchange: ExchangeResult | null;
  /** The cause of the first failed direct check, for --via to explain a proxy error that names none. */
  directCause: CauseId | null;
}

export function emptyFacts(): ProbeFacts {
  return { addresses: [], reachable: null, listeners: null, tlsOk: false, exchange: null, directCause: null };
}
