// A fixed pool of worker threads fed from a queue of tasks (two queued per thread at a time).
// The main thread may take queued tasks back and run them itself.
import { Worker } from 'node:worker_threads';
import type { Task, TaskResult } from './task.ts';

export interface Pool {
  run(task: Task): Promise<TaskResult>;
  /**
   * Takes back the next queued task no thread has started yet (null when none is left): the caller
   * runs it itself and settles the promise `run` gave for it with `done`. Tasks leave the queue in
   * order either way, so the results waiting to be merged in order stay few.
   */
  steal(): { task: Task; done(result: TaskResult): void } | null;
  /** Every thread has booted (a new isolate, then the scan modules: a few hundred ms). */
  readonly ready: boolean;
  close(): Promise<void>;
}

interface Job {
  readonly task: Task;
  resolve(r: TaskResult): void;
  reject(e: Error): void;
}

interface Slot {
  readonly worker: Worker;
  /** Tasks sent and not answered yet, by task index. */
  readonly inFlight: Map<number, Job>;
  ready: boolean;
  dead: boolean;
}

/**
 * Tasks sent to a thread ahead of its answers: with two, the thread starts its next task at once
 * instead of waiting for the main thread (which may be scanning a range itself) to read its result.
 */
const DEPTH = 2;

export function createPool(size: number, onBytes: (n: number) => void): Pool {
  const queue: Job[] = [];
  const slots: Slot[] = [];
  const pump = () => {
    for (const slot of slots) {
      while (!slot.dead && slot.inFlight.size < DEPTH) {
        const job = queue.shift();
        if (!job) return;
        slot.inFlight.set(job.task.index, job);
        slot.worker.postMessage(job.task);
      }
    }
  };
  for (let i = 0; i < size; i++) {
    // A small young generation from the start: the scan's garbage dies young, and V8 would
    // otherwise grow the nursery (and RSS) with the input's length rather than its content.
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 12 } });
    const slot: Slot = { worker, inFlight: new Map(), ready: false, dead: false };
    worker.on('message', (msg: { ready?: boolean; progress?: number; result?: TaskResult; index?: number; error?: string }) => {
      if (msg.ready === true) slot.ready = true;
      if (msg.progress) onBytes(msg.progress);
      const index = msg.result?.index ?? (msg.error !== undefined ? msg.index : undefined);
      if (index === undefined) return;
      const job = slot.inFlight.get(index);
      if (job === undefined) return;
      slot.inFlight.delete(index);
      if (msg.error !== undefined) job.reject(new Error(msg.error));
      else job.resolve(msg.result as TaskResult);
      pump();
    });
    worker.on('error', (error: Error) => {
      // The thread is gone: fail what it held, and send it nothing more.
      slot.dead = true;
      for (const job of slot.inFlight.values()) job.reject(error);
      slot.inFlight.clear();
    });
    slots.push(slot);
  }
  return {
    run(task) {
      return new Promise((resolve, reject) => {
        queue.push({ task, resolve, reject });
        pump();
      });
    },
    steal() {
      const job = queue.shift();
      return job === undefined ? null : { task: job.task, done: job.resolve };
    },
    get ready() {
      return slots.every((s) => s.ready);
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
