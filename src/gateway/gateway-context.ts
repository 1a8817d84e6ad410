// What every client connection and exchange shares with the gateway that owns it.
import type { LookupFunction } from 'node:net';
import type { GatewayConfig } from '../config/model.ts';
import type { ExchangeRecord } from '../telemetry/exchange-record.ts';
import type { ParseError } from '../http1/types.ts';
import type { ClientConnection } from './client-connection.ts';
import type { Target } from './target.ts';
import type { Router } from './router.ts';
import type { GatewayStats } from './stats.ts';
import type { TrustedProxies } from './trusted-proxies.ts';

export interface GatewayContext {
  readonly config: GatewayConfig;
  readonly router: Router;
  readonly stats: GatewayStats;
  readonly trusted: TrustedProxies;
  /** Stop accepting, finish in-flight exchanges, close keep-alive connections after their response. */
  readonly shuttingDown: boolean;
  /** Target name resolution with explicit DNS servers; undefined = the system resolver. */
  readonly lookup: LookupFunction | undefined;
  /** Records go to an access log: worth copying the user agent for it. */
  readonly logging: boolean;
  /** One record per finished request: stats, then the access log. */
  finished(record: ExchangeRecord): void;
  /** A bug was caught: count and report it (the request gets 500 proxy_internal_error). */
  internalError(error: unknown): void;
  connectionClosed(cc: ClientConnection): void;
  /** A code the classifier could not map (answered proxy_unclassified_error): count and report it. */
  unclassified(phase: string, code: string): void;
  /** A target's response head was refused by the parser: the flight recorder keeps its first bytes. */
  malformedResponse(target: Target, pool: string, bytes: Buffer, error: ParseError, requestId: string): void;
}
