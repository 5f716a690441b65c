/**
 * The compute worker's replica threads: one Web Worker per extra core, started on demand for
 * the backend a run trains on (WASM or the CPU backend; a GPU backend gets none), kept between
 * runs, closed when fewer are wanted. A replica whose worker dies fails its calls with a
 * message and is replaced on the next run.
 */
import type { BackendName } from '../../nn/backend/select';
import type { ReplicaEndpoint } from '../../nn/parallel/endpoint';
import { CPU_BACKENDS } from '../compute/protocol';
import { PortReplica, type PortLike } from './protocol';

interface Slot {
  readonly worker: Worker;
  readonly endpoint: PortReplica;
  readonly backend: BackendName;
  alive: boolean;
}

export class ReplicaPool {
  private slots: Slot[] = [];

  constructor(private readonly spawn: (name: string) => Worker) {}

  /** `count` replicas on `backend` (none on a GPU backend). */
  endpoints(count: number, backend: BackendName): ReplicaEndpoint[] {
    if (!CPU_BACKENDS.includes(backend)) count = 0;
    const keep = this.slots.filter((s) => s.alive && s.backend === backend).slice(0, count);
    for (const s of this.slots) if (!keep.includes(s)) s.worker.terminate();
    this.slots = keep;
    while (this.slots.length < count) {
      const name = `replica:${backend}`;
      const worker = this.spawn(name);
      const endpoint = new PortReplica(
        worker as unknown as PortLike,
        `replica ${this.slots.length + 1} (${backend})`,
      );
      const slot: Slot = { worker, endpoint, backend, alive: true };
      worker.addEventListener('error', (e) => {
        slot.alive = false;
        endpoint.fail(e.message || 'its worker failed to load or crashed');
      });
      this.slots.push(slot);
    }
    return this.slots.map((s) => s.endpoint);
  }

  close(): void {
    for (const s of this.slots) s.worker.terminate();
    this.slots = [];
  }
}
