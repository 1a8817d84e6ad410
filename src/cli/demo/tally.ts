// What the gateway did during the demo, counted from its own records (the same ExchangeRecord the
// access log encodes, so the summary and the log agree line for line): responses by status,
// gateway-made errors by cause, failures recovered by a retry, and attempts per target.
import type { CauseId } from '../../causes/index.ts';
import type { RecordSink } from '../../gateway/record.ts';
import type { ExchangeRecord } from '../../telemetry/exchange-record.ts';

export interface TargetTally {
  readonly name: string;
  readonly port: number;
  attempts: number;
  /** Attempts that produced the response the client got. */
  answered: number;
  /** Failed attempts by cause (whether or not a retry then recovered the request). */
  readonly failed: Map<CauseId, number>;
}

export interface Tally {
  requests: number;
  readonly byStatus: Map<number, number>;
  /** Responses the gateway made itself (and aborted exchanges), by cause. */
  readonly errors: Map<CauseId, number>;
  readonly recovered: Map<CauseId, number>;
  /** Target-made responses (origin target), e.g. 200s and any 5xx of the target's own. */
  fromTargets: number;
  readonly targets: readonly TargetTally[];
}

export interface TallySink extends RecordSink {
  readonly tally: Tally;
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Counts every record, then hands it on to `next` (the access log). */
export function createTallySink(targets: readonly { name: string; port: number }[], next: RecordSink): TallySink {
  const tally: Tally = {
    requests: 0,
    byStatus: new Map(),
    errors: new Map(),
    recovered: new Map(),
    fromTargets: 0,
    targets: targets.map((t) => ({ name: t.name, port: t.port, attempts: 0, answered: 0, failed: new Map() })),
  };
  const byPort = new Map(tally.targets.map((t) => [t.port, t]));
  return {
    tally,
    write(record: ExchangeRecord) {
      tally.requests += 1;
      if (record.status !== null) bump(tally.byStatus, record.status);
      if (record.origin === 'target') tally.fromTargets += 1;
      if (record.cause !== null) bump(tally.errors, record.cause);
      if (record.recovered !== null) bump(tally.recovered, record.recovered);
      for (const attempt of record.attempts) {
        const target = byPort.get(attempt.target.port);
        if (target === undefined) continue;
        target.attempts += 1;
        if (attempt.cause === null) target.answered += 1;
        else bump(target.failed, attempt.cause);
      }
      next.write(record);
    },
  };
}
