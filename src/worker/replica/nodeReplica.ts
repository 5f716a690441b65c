/**
 * A replica as a Node worker thread (`npm run pretrain -- --replicas K`, the tests): the WASM
 * backend from node_modules (its path in workerData), a ShardWorker, the replica protocol.
 * Bundled for Node by scripts/node-replica.mjs (tfjs-core's ESM cannot be imported by Node as it is).
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { parentPort, workerData } from 'node:worker_threads';
import { prepareBackend, type BackendName } from '../../nn/backend/select';
import { ShardWorker } from '../../nn/parallel/endpoint';
import { serveReplica, type PortLike } from './protocol';

const { backend, wasmDir } = workerData as { backend: BackendName; wasmDir: string };

async function ready(): Promise<void> {
  if (backend === 'wasm') {
    setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`replica: backend ${backend} did not start`);
  await tf.ready();
  prepareBackend(backend);
}

const port = parentPort as unknown as PortLike;
serveReplica(port, new ShardWorker(), ready());
