// In-memory counters by cause, status and origin, for the control plane's /metrics (issue 5).
// Plain objects of numbers: one increment per finished exchange, no allocation.
import { CAUSE_IDS, type CauseId } from '../causes/index.ts';
import type { ExchangeRecord } from '../telemetry/exchange-record.ts';

export class GatewayStats {
  requests = 0;
  /** Requests answered by a target / by the gateway itself / aborted without a status. */
  readonly byOrigin = { target: 0, gateway: 0, none: 0 };
  readonly byCause: Record<CauseId, number>;
  /** Recovered failures (e.g. keep-alive races retried), by cause. */
  readonly recovered: Record<CauseId, number>;
  readonly byStatus = new Map<number, number>();
  retries = 0;
  unclassifiedCodes = new Map<string, number>();
  activeClientConnections = 0;
  acceptedClientConnections = 0;
  rejectedClientConnections = 0;
  upstreamConnects = 0;
  upstreamReuses = 0;
  /** Bugs caught (each answered with 500 proxy_internal_error or a closed connection). */
  internalErrors = 0;

  constructor() {
    this.byCause = Object.fromEntries(CAUSE_IDS.map((id) => [id, 0])) as Record<CauseId, number>;
    this.recovered = Object.fromEntries(CAUSE_IDS.map((id) => [id, 0])) as Record<CauseId, number>;
  }

  count(record: ExchangeRecord): void {
    this.requests += 1;
    if (record.origin === null) this.byOrigin.none += 1;
    else this.byOrigin[record.origin] += 1;
    if (record.cause !== null) this.byCause[record.cause] += 1;
    if (record.recovered !== null) this.recovered[record.recovered] += 1;
    if (record.status !== null) this.byStatus.set(record.status, (this.byStatus.get(record.status) ?? 0) + 1);
    if (record.attempts.length > 1) this.retries += record.attempts.length - 1;
  }

  noteUnclassified(code: string): void {
    this.unclassifiedCodes.set(code, (this.unclassifiedCodes.get(code) ?? 0) + 1);
  }
}
