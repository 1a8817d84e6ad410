// Worker thread entry: runs tasks sent by the pool and posts back their tallies.
import { parentPort } from 'node:worker_threads';
import { runTask, type Task } from './task.ts';

const port = parentPort;
if (port !== null) {
  port.on('message', (task: Task) => {
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
