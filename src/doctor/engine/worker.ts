// Worker thread entry: runs tasks sent by the pool and posts back their tallies. The on-disk compile
// cache (node:module enableCompileCache) is switched on before the doctor's modules load, so a
// worker does not strip and compile the TypeScript again on every run.
import { enableCompileCache } from 'node:module';
import { parentPort } from 'node:worker_threads';

enableCompileCache();
const { runTask } = await import('./task.ts');

const port = parentPort;
if (port !== null) {
  // Booted: from now on the pool stops handing this thread's share of the queue to the main thread.
  port.postMessage({ ready: true });
  port.on('message', (task: Parameters<typeof runTask>[0]) => {
    let pending = 0;
    runTask(task, null, (n) => {
      pending += n;
      if (pending >= 32 << 20) {
        port.postMessage({ progress: pending });
        pending = 0;
      }
    }).then(
      (result) => port.postMessage({ progress: pending, result }),
      (error: unknown) => port.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
    );
  });
}
