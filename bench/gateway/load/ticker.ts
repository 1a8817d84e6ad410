// A precise wake-up for the open-loop generator, in a worker thread.
//
// Node's timers have 1 ms resolution: a sender woken by them sends in 1 ms bursts, and a burst's
// requests queue behind each other in every hop, which is generator-made latency. This thread sleeps
// with Atomics.wait (sub-millisecond timeouts, no spinning, so the backend sharing the core keeps it)
// until the next request is due, and then wakes the main thread (Atomics.notify on a cell the main
// thread awaits with Atomics.waitAsync: half the CPU of a postMessage per wake-up, measured), but only
// if the main thread has not already sent that request in the meantime (it runs on every response).
//
// Shared cells (Int32Array over a SharedArrayBuffer, see open-loop.ts):
//   [0] generation: bumped by the main thread when it moves the due time earlier, to cut a sleep short
//   [1] posted: 1 while a wake-up is pending (so a slow main thread is not woken over and over)
//   [2] stop
//   [3] wake counter: bumped (and notified) to wake the main thread
// and a BigInt64Array over the same buffer at byte 16: [0] next due time (ns, hrtime clock) or −1.
import { workerData } from 'node:worker_threads';

const cells = new Int32Array(workerData.buffer as SharedArrayBuffer, 0, 4);
const due = new BigInt64Array(workerData.buffer as SharedArrayBuffer, 16, 1);
const MAX_SLEEP_MS = 50;

while (Atomics.load(cells, 2) === 0) {
  const generation = Atomics.load(cells, 0);
  const next = Atomics.load(due, 0);
  if (next < 0n) {
    Atomics.wait(cells, 0, generation, MAX_SLEEP_MS); // nothing to send until told
    continue;
  }
  const wait = next - process.hrtime.bigint();
  if (wait > 0n) {
    Atomics.wait(cells, 0, generation, Math.min(Number(wait) / 1e6, MAX_SLEEP_MS));
    continue;
  }
  if (Atomics.compareExchange(cells, 1, 0, 1) === 0) {
    Atomics.add(cells, 3, 1);
    Atomics.notify(cells, 3);
  }
  // Until the main thread moves the due time (it will, once it has sent), sleep briefly.
  Atomics.wait(cells, 0, generation, 0.05);
}
