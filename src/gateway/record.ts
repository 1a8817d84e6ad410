// The exchange → ExchangeRecord projection, with ALB semantics (DESIGN §5): target_status null when
// no target answered; request/target/response processing times -1 when their phase never happened;
// one Attempt per try. Built once per finished request and handed to the sink (access log) and the
// in-memory stats; encoding happens in the sink, off this path.
import type { Attempt, ExchangeRecord } from '../telemetry/exchange-record.ts';

export interface RecordSink {
  write(record: ExchangeRecord): void;
}

const TIME_ORIGIN = performance.timeOrigin;

/** Epoch milliseconds of a performance.now() reading. */
export function epochMs(perfMs: number): number {
  return Math.round(TIME_ORIGIN + perfMs);
}

/** A duration in ms with µs precision, or -1 when either end is missing (ALB convention). */
export function span(from: number, to: number): number {
  return from < 0 || to < 0 ? -1 : Math.round((to - from) * 1000) / 1000;
}

export const NO_ATTEMPTS: readonly Attempt[] = [];
