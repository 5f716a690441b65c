/**
 * K − 1 replica threads under Node for a data-parallel run (pretraining, benchmarks, tests):
 * worker threads on the bundled replica (node-replica.mjs), each behind a PortReplica whose
 * calls fail with a message if its thread dies.
 */
import type { BackendName } from '../src/nn/backend/select';
import { PortReplica, type PortLike } from '../src/worker/replica/protocol';
import { startNodeReplica } from './node-replica.mjs';

export interface NodeReplicas {
  readonly endpoints: PortReplica[];
  close(): Promise<void>;
}

export async function openNodeReplicas(
  count: number,
  backend: BackendName = 'wasm',
): Promise<NodeReplicas> {
  const threads: { terminate(): Promise<number> }[] = [];
  const endpoints: PortReplica[] = [];
  for (let i = 0; i < count; i++) {
    let endpoint: PortReplica | null = null;
    const { worker, port } = await startNodeReplica(backend, (reason: string) =>
      endpoint?.fail(reason),
    );
    endpoint = new PortReplica(port as PortLike, `replica thread ${i + 1}`);
    threads.push(worker);
    endpoints.push(endpoint);
  }
  return {
    endpoints,
    close: async () => {
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}
