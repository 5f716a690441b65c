/** The page's handle on the data worker (Comlink: typed calls, no hand-written messages). */
import * as Comlink from 'comlink';
import type { DataWorker } from './dataWorker';

export type DataClient = Comlink.Remote<DataWorker>;

export function startDataWorker(): { client: DataClient; stop: () => void } {
  const worker = new Worker(new URL('./dataWorker.ts', import.meta.url), { type: 'module' });
  return { client: Comlink.wrap<DataWorker>(worker), stop: () => worker.terminate() };
}

export const progressCallback = (f: (read: number, total: number) => void) => Comlink.proxy(f);
