/** The page: runs one request at a time in the compute worker, for Playwright to call. */
import type { ComputeRequest, ComputeResponse } from './protocol';

declare global {
  interface Window {
    runCompute: (request: ComputeRequest) => Promise<ComputeResponse>;
  }
}

window.runCompute = (request) =>
  new Promise((resolve) => {
    // A fresh worker per request: each backend starts from a clean TensorFlow.js engine.
    const worker = new Worker(new URL('./computeWorker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<ComputeResponse>) => {
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      resolve({ ok: false, error: `worker error: ${e.message}` });
    };
    worker.postMessage(request);
  });
document.getElementById('out')!.textContent = 'ready: call window.runCompute(request)';
