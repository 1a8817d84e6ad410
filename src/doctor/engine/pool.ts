// A fixed pool of worker threads (one per core) fed from a queue of tasks.
import { Worker } from 'node:worker_threads';
import type { Task, TaskResult } from './task.ts';

export interface Pool {
  run(task: Task): Promise<TaskResult>;
  /**
   * Takes back a queued task no thread has started yet, while some threads are still booting (a
   * new isolate, then loading modules: a few hundred ms); null once all are ready or none is left.
   * The caller runs it itself and settles the promise `run` gave for it with `done`.
   */
  steal(): { task: Task; done(result: TaskResult): void } | null;
  close(): Promise<void>;
}

interface Slot {
  readonly worker: Worker;
  busy: boolean;
  ready: boolean;
}

export function createPool(size: number, onBytes: (n: number) => void): Pool {
  const queue: { task: Task; resolve: (r: TaskResult) => void; reject: (e: Error) => void }[] = [];
  const slots: Slot[] = [];
  for (let i = 0; i < size; i++) {
    // A small young generation from the start: the scan's garbage dies young, and V8 would
    // otherwise grow the nursery (and RSS) with the input's length rather than its content.
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 12 } });
    const slot: Slot = { worker, busy: false, ready: false };
    const onReady = (msg: { ready?: boolean }) => {
      if (msg.ready !== true) return;
      slot.ready = true;
      worker.off('message', onReady);
    };
    worker.on('message', onReady);
    slots.push(slot);
  }
  const pump = () => {
    for (const slot of slots) {
      if (slot.busy) continue;
      const job = queue.shift();
      if (!job) return;
      slot.busy = true;
      const onMessage = (msg: { progress?: number; result?: TaskResult; error?: string }) => {
        if (msg.progress) onBytes(msg.progress);
        if (msg.result === undefined && msg.error === undefined) return;
        slot.worker.off('message', onMessage);
        slot.worker.off('error', onError);
        slot.busy = false;
        if (msg.error !== undefined) job.reject(new Error(msg.error));
        else job.resolve(msg.result as TaskResult);
        pump();
      };
      const onError = (error: Error) => {
        slot.worker.off('message', onMessage);
        slot.busy = false;
        job.reject(error);
      };
      slot.worker.on('message', onMessage);
      slot.worker.on('error', onError);
      slot.worker.postMessage(job.task);
    }
  };
  return {
    run(task) {
      return new Promise((resolve, reject) => {
        queue.push({ task, resolve, reject });
        pump();
      });
    },
    steal() {
      if (slots.every((s) => s.ready)) return null;
      const job = queue.pop();
      return job === undefined ? null : { task: job.task, done: job.resolve };
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
