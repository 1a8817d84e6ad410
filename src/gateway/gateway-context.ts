// What every client connection and exchange shares with the gateway that owns it.
import type { LookupFunction } from 'node:net';
import type { GatewayConfig } from '../config/model.ts';
import type { ExchangeRecord } from '../telemetry/exchange-record.ts';
import type { ClientConnection } from './client-connection.ts';
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
  /** One record per finished request: stats, then the access log. */
  finished(record: ExchangeRecord): void;
  /** A bug was caught: count and report it (the request gets 500 proxy_internal_error). */
  internalError(error: unknown): void;
  connectionClosed(cc: ClientConnection): void;
}
