// The primary's part of one set of active health checks per gateway (`--workers N`, active-health.ts):
// the worker forked with index 0 is the checker; every result it sends up is relayed to the other
// workers. The primary does not restart dead workers, so when the checker dies (outside a stop) the
// role passes to the first live worker, whose state is already the checker's (it applied every
// relayed result): checks go on with the same thresholds, from one process still.
import type { Worker } from 'node:cluster';
import type { RoleMessage, WorkerMessage } from './worker-link.ts';

/** Set by the primary on `cluster.fork`: the worker's index, 0 … N-1. */
export const WORKER_INDEX_ENV = 'GATEWISE_WORKER_INDEX';

/** In a worker: its index (the checker was forked as 0). */
export function workerIndex(env: NodeJS.ProcessEnv = process.env): number {
  const index = Number(env[WORKER_INDEX_ENV]);
  return Number.isInteger(index) && index >= 0 ? index : 0;
}

export interface CheckRelay {
  /** The worker running the checks now (null when none is left). */
  readonly checker: Worker | null;
  close(): void;
}

export interface CheckRelayOptions {
  /** True once the primary is stopping its workers: no new checker then. */
  readonly stopping: () => boolean;
  readonly log: (line: string) => void;
}

export function createCheckRelay(workers: readonly Worker[], options: CheckRelayOptions): CheckRelay {
  let checker: Worker | null = workers[0] ?? null;
  const live = (w: Worker) => !w.isDead() && w.isConnected();
  const name = (w: Worker) => `worker ${workers.indexOf(w)} (pid ${w.process.pid})`;
  // With a callback, a channel that closed between the check and the send (a worker stopping) is
  // reported to it instead of thrown as an 'error' event: that worker needs no more results.
  const ignore = () => {};
  const appoint = (w: Worker) => w.send({ type: 'gatewise-role', checker: true } satisfies RoleMessage, undefined, ignore);
  const attached = workers.map((w) => {
    const onMessage = (message: WorkerMessage) => {
      if (w !== checker) return;
      if (message?.type === 'gatewise-check') {
        for (const other of workers) if (other !== w && live(other)) other.send(message, undefined, ignore);
      } else if (message?.type === 'gatewise-report' && !message.checker) {
        // A role message sent before the worker listened for it was lost: say it again.
        appoint(w);
      }
    };
    const onExit = () => {
      if (w !== checker || options.stopping()) return;
      checker = workers.find(live) ?? null;
      if (checker === null) return;
      appoint(checker);
      options.log(`gatewise serve: ${name(w)}, which ran the health checks, exited; ${name(checker)} runs them now\n`);
    };
    w.on('message', onMessage);
    w.on('exit', onExit);
    return () => {
      w.off('message', onMessage);
      w.off('exit', onExit);
    };
  });
  return {
    get checker() {
      return checker;
    },
    close() {
      for (const detach of attached) detach();
    },
  };
}
