// Worker thread entry: runs tasks sent by the pool and posts back their tallies. The on-disk compile
// cache (node:module enableCompileCache) is switched on before the doctor's modules load, so a
// worker does not strip and compile the TypeScript again on every run.
import { enableCompileCache } from 'node:module';
import { parentPort } from 'node:worker_threads';

enableCompileCache();
const { runTask } = await import('./task.ts');

const port = parentPort;
if (port !== null) {
  // Booted: the pool's `ready` turns true once every thread has said so.
  port.postMessage({ ready: true });
  // The pool keeps a second task queued here, so this thread never waits for the main thread
  // between tasks; tasks still run one at a time, in the order sent.
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (task: Parameters<typeof runTask>[0]) => {
    chain = chain.then(() => {
      let pending = 0;
      return runTask(task, null, (n) => {
        pending += n;
        if (pending >= 32 << 20) {
          port.postMessage({ progress: pending });
          pending = 0;
        }
      }).then(
        (result) => port.postMessage({ progress: pending, result }),
        (error: unknown) => port.postMessage({ index: task.index, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
      );
    });
  });
}
