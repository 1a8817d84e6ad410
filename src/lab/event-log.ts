// A bounded ring of lab events: tests read what the target saw; the CLI prints one JSON line each.
import type { LabEvent, LabEventBody } from './types.ts';

export interface EventLog {
  emit(event: LabEventBody): void;
  snapshot(): LabEvent[];
}

export function createEventLog(capacity: number, sink?: (event: LabEvent) => void): EventLog {
  const ring: LabEvent[] = new Array<LabEvent>(capacity);
  let seq = 0;
  return {
    emit(body) {
      seq += 1;
      const event = { ...body, seq, at: Date.now() } as LabEvent;
      ring[(seq - 1) % capacity] = event;
      sink?.(event);
    },
    snapshot() {
      const count = Math.min(seq, capacity);
      const out: LabEvent[] = [];
      for (let s = seq - count + 1; s <= seq; s += 1) out.push(ring[(s - 1) % capacity] as LabEvent);
      return out;
    },
  };
}
