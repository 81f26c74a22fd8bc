// A worker thread of `drvlint check --jobs N`: it asks the main thread for a
// project, checks it, sends the outcome back, and asks again until none is left.
// Each project's program lives and dies in this thread's heap.
import { parentPort, workerData } from 'node:worker_threads';
import { type ProjectRun, checkProject } from './projects.js';

const run = workerData as ProjectRun;
const port = parentPort;
if (port) {
  port.on('message', (m: { tsconfig?: string }) => {
    if (m.tsconfig === undefined) {
      port.close();
      return;
    }
    try {
      port.postMessage({ outcome: checkProject(run, m.tsconfig, new Set()) });
    } catch (e) {
      port.postMessage({ crash: (e as Error).stack ?? String(e) });
    }
  });
  port.postMessage({ ready: true });
}
