/** The page's handle on the compute worker; TensorFlow.js loads there, after the first paint. */
import * as Comlink from 'comlink';
import type { ComputeWorker } from './computeWorker';
import type { BackendMeasure, RunUpdate } from './protocol';

export type ComputeClient = Comlink.Remote<ComputeWorker>;

export function startComputeWorker(): { client: ComputeClient; stop: () => void } {
  const worker = new Worker(new URL('./computeWorker.ts', import.meta.url), { type: 'module' });
  return { client: Comlink.wrap<ComputeWorker>(worker), stop: () => worker.terminate() };
}

export const updateCallback = (f: (u: RunUpdate) => void) => Comlink.proxy(f);

export const measureCallback = (f: (m: BackendMeasure) => void) => Comlink.proxy(f);

export const progressCallback = (f: (done: number, total: number) => void) => Comlink.proxy(f);

/** Any callback the worker calls back with (lessons' rows and points). */
export const callback = <A extends unknown[]>(f: (...args: A) => void) => Comlink.proxy(f);
