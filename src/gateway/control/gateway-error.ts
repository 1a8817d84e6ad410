// One exchange as the admin API's "recent gateway-made errors" list shows it: the answers the
// gateway made itself (its own 4xx/5xx, or a connection it cut) — never a target's own status, nor
// a client that went away — with the target and errno of the last attempt as evidence.
import type { ExchangeRecord } from '../../telemetry/exchange-record.ts';
import { targetLabel } from '../../telemetry/metrics/collector.ts';
import type { GatewayErrorView } from './views.ts';

const MAX_PATH = 200;

export function gatewayErrorOf(r: ExchangeRecord): GatewayErrorView | null {
  if (!(r.origin === 'gateway' || (r.origin === null && r.cause !== null && r.cause !== 'client_aborted'))) return null;
  const last = r.attempts[r.attempts.length - 1];
  return {
    at: r.endedAtMs,
    cause: r.cause!,
    status: r.status,
    pool: r.pool,
    target: last ? targetLabel(last.target) : null,
    phase: r.phase,
    errorCode: last?.errorCode ?? null,
    requestId: r.requestId,
    method: r.method,
    path: r.target.length > MAX_PATH ? `${r.target.slice(0, MAX_PATH)}…` : r.target,
  };
}
