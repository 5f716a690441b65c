/**
 * The messages between a coordinating trainer and a replica in another thread (a Web Worker
 * in the page, a worker thread under Node), both sides. Weights and gradients move through a
 * SharedArrayBuffer of each replica's when the context allows it (cross-origin isolated
 * pages, Node), or as transferred ArrayBuffers otherwise; the shard's images are always
 * transferred. A replica that dies rejects every call waiting on it with a message that names it.
 */
import type { NetConfig } from '../../nn/network';
import {
  ReplicaLostError,
  type ReplicaEndpoint,
  type ShardWorker,
} from '../../nn/parallel/endpoint';
import type { ShardOutcome, ShardTask } from '../../nn/parallel/shard';

/** What both a Worker, a worker's global scope and a Node MessagePort can do. */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  /** A MessagePort's: messages wait until it is called. */
  start?(): void;
}

export type ToReplica =
  | { readonly kind: 'start'; readonly id: number; readonly netConfig: NetConfig }
  /** Shared weights and gradients (float32 each) for the tasks that come without weights. */
  | {
      readonly kind: 'share';
      readonly id: number;
      readonly weights: SharedArrayBuffer;
      readonly grads: SharedArrayBuffer;
    }
  | {
      readonly kind: 'compute';
      readonly id: number;
      readonly weights?: Float32Array;
      readonly task: ShardTask;
    }
  | { readonly kind: 'stop'; readonly id: number };

export type FromReplica =
  | { readonly kind: 'ok'; readonly id: number }
  | {
      readonly kind: 'outcome';
      readonly id: number;
      readonly outcome: ShardOutcome;
      readonly sharedGrads?: boolean;
    }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

export function sharedMemoryAvailable(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean };
  // Node has SharedArrayBuffer and no crossOriginIsolated; a page has it only when isolated.
  return typeof SharedArrayBuffer !== 'undefined' && g.crossOriginIsolated !== false;
}

function taskTransfer(t: ShardTask): Transferable[] {
  const list: Transferable[] = [t.images.buffer, t.labels.buffer, t.draws.buffer];
  if (t.boxes) list.push(t.boxes.buffer);
  return list as Transferable[];
}

/** The coordinator's handle on a replica thread. */
export class PortReplica implements ReplicaEndpoint {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (m: FromReplica) => void; reject: (e: Error) => void }
  >();
  private shared: { weights: Float32Array; grads: Float32Array } | null = null;
  private dead: string | null = null;

  constructor(
    private readonly port: PortLike,
    readonly name: string,
    private readonly useShared = sharedMemoryAvailable(),
  ) {
    port.addEventListener('message', (e) => {
      const m = e.data as FromReplica;
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.kind === 'error') w.reject(new Error(`${this.name}: ${m.message}`));
      else w.resolve(m);
    });
    port.start?.();
  }

  /** The thread is gone (crashed, terminated): every call waiting on it fails, and any later one. */
  fail(reason: string): void {
    this.dead = `${this.name} stopped: ${reason}`;
    for (const w of this.waiting.values()) w.reject(new ReplicaLostError(this.dead));
    this.waiting.clear();
  }

  private call(message: ToReplica, transfer: Transferable[] = []): Promise<FromReplica> {
    if (this.dead) return Promise.reject(new ReplicaLostError(this.dead));
    return new Promise((resolve, reject) => {
      this.waiting.set(message.id, { resolve, reject });
      this.port.postMessage(message, transfer);
    });
  }

  async start(netConfig: NetConfig): Promise<void> {
    this.shared = null;
    await this.call({ kind: 'start', id: this.nextId++, netConfig });
  }

  async compute(weights: Float32Array, task: ShardTask): Promise<ShardOutcome> {
    if (this.useShared) {
      if (!this.shared || this.shared.weights.length !== weights.length) {
        // Sized by the first task of a run: the weights of the net, and as many gradients.
        const w = new SharedArrayBuffer(weights.byteLength);
        const g = new SharedArrayBuffer(weights.byteLength);
        await this.call({ kind: 'share', id: this.nextId++, weights: w, grads: g });
        this.shared = { weights: new Float32Array(w), grads: new Float32Array(g) };
      }
      this.shared.weights.set(weights);
      const m = await this.call({ kind: 'compute', id: this.nextId++, task }, taskTransfer(task));
      const o = (m as Extract<FromReplica, { kind: 'outcome' }>).outcome;
      return { ...o, grads: this.shared.grads };
    }
    const copy = weights.slice();
    const m = await this.call({ kind: 'compute', id: this.nextId++, weights: copy, task }, [
      copy.buffer,
      ...taskTransfer(task),
    ]);
    return (m as Extract<FromReplica, { kind: 'outcome' }>).outcome;
  }

  async stop(): Promise<void> {
    if (this.dead) return;
    await this.call({ kind: 'stop', id: this.nextId++ });
  }
}

/** The replica thread's side: answers the coordinator's messages with a ShardWorker. */
export function serveReplica(port: PortLike, worker: ShardWorker, ready: Promise<void>): void {
  let shared: { weights: Float32Array; grads: Float32Array } | null = null;
  // One message at a time, in order.
  let queue: Promise<void> = ready;
  port.addEventListener('message', (e) => {
    const m = e.data as ToReplica;
    queue = queue.then(async () => {
      try {
        if (m.kind === 'start') {
          worker.start(m.netConfig);
          shared = null;
          port.postMessage({ kind: 'ok', id: m.id } satisfies FromReplica);
        } else if (m.kind === 'share') {
          shared = { weights: new Float32Array(m.weights), grads: new Float32Array(m.grads) };
          port.postMessage({ kind: 'ok', id: m.id } satisfies FromReplica);
        } else if (m.kind === 'compute') {
          const weights = m.weights ?? shared?.weights;
          if (!weights) throw new Error('a task came without weights');
          const outcome = await worker.compute(weights, m.task);
          if (!m.weights && shared) {
            shared.grads.set(outcome.grads);
            const small = { ...outcome, grads: new Float32Array(0) };
            port.postMessage({
              kind: 'outcome',
              id: m.id,
              outcome: small,
              sharedGrads: true,
            } satisfies FromReplica);
          } else {
            port.postMessage({ kind: 'outcome', id: m.id, outcome } satisfies FromReplica, [
              outcome.grads.buffer as ArrayBuffer,
              outcome.bnStats.buffer as ArrayBuffer,
            ]);
          }
        } else {
          worker.stop();
          port.postMessage({ kind: 'ok', id: m.id } satisfies FromReplica);
        }
      } catch (err) {
        port.postMessage({
          kind: 'error',
          id: m.id,
          message: (err as Error).message,
        } satisfies FromReplica);
      }
    });
  });
  port.start?.();
}
