// Runs every given lab fault through a started proxy a few times with unique request ids, then
// hands back what was sent (for scoring against the doctor's per-request output).
import type { FaultListing } from '../../../src/lab/index.ts';
import type { Sent } from './matrix.ts';
import { trigger } from './trigger.ts';

export async function driveFaults(origin: string, faults: readonly FaultListing[], perFault: number, tag: string, concurrency = 6): Promise<Sent[]> {
  const sent: Sent[] = [];
  const queue = [...faults];
  const worker = async () => {
    for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
      for (let n = 0; n < perFault; n++) {
        const rid = `${tag}-${f.id}-${n}`;
        await trigger(`${origin}/f/${f.id}?rid=${rid}`, f.trigger, rid);
        sent.push({ rid, fault: f.id, expect: f.expectCause });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return sent;
}
