/**
 * A replica as a Web Worker, started by the compute worker for each extra core: its own
 * single-threaded TensorFlow.js (WASM, or the CPU backend if the run is on it), a
 * ShardWorker, the replica protocol. The backend comes in the worker's name ("replica:wasm").
 */
import * as tf from '@tensorflow/tfjs-core';
import { prepareBackend, type BackendName } from '../../nn/backend/select';
import { ShardWorker } from '../../nn/parallel/endpoint';
import { BROWSER_LOADERS } from '../backendLoaders';
import { serveReplica, type PortLike } from './protocol';

const backend = (self.name.split(':')[1] ?? 'wasm') as BackendName;

async function ready(): Promise<void> {
  await BROWSER_LOADERS[backend]();
  if (backend === 'wasm') tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend(backend))) throw new Error(`replica: backend ${backend} did not start`);
  await tf.ready();
  prepareBackend(backend);
}

serveReplica(self as unknown as PortLike, new ShardWorker(), ready());
