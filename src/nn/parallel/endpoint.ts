/**
 * What the coordinating trainer asks of a replica: build the net of a run, then compute one
 * shard's gradients at the weights it is given. A replica may live in another thread (a Web
 * Worker, a Node worker thread; see src/worker/replica) or in this one (`LocalReplica`, used
 * by tests as the reference "one worker"). No DOM.
 */
import * as tf from '@tensorflow/tfjs-core';
import { buildNet, type Net, type NetConfig } from '../network';
import { computeShard, type ShardOutcome, type ShardTask } from './shard';

/** A replica's thread is gone (crashed, terminated): the step cannot finish. */
export class ReplicaLostError extends Error {
  override name = 'ReplicaLostError';
}

export interface ReplicaEndpoint {
  /** Build the run's net (its config, initial weights irrelevant: each task brings weights). */
  start(netConfig: NetConfig): Promise<void>;
  /** One shard's gradients at the given trainable weights (flattened, in the net's order). */
  compute(weights: Float32Array, task: ShardTask): Promise<ShardOutcome>;
  /** Free the run's net (the replica stays, for the next run). */
  stop(): Promise<void>;
}

/** The trainable variables of a net, in the order every flat array uses. */
export function trainablesOf(net: Net): tf.Variable[] {
  return net.params.all.filter((p) => p.trainable).map((p) => p.variable);
}

/** Write flattened weights into the variables (shapes from the variables themselves). */
export function assignFlat(vars: readonly tf.Variable[], flat: Float32Array): void {
  let at = 0;
  for (const v of vars) {
    const part = flat.subarray(at, at + v.size);
    tf.tidy(() => v.assign(tf.tensor(part, v.shape, 'float32')));
    at += v.size;
  }
  if (at !== flat.length) {
    throw new Error(`replica: ${flat.length} weights for a net of ${at} trainable parameters`);
  }
}

/**
 * The replica's side of the work, wherever it runs: its own copy of the net, weights assigned
 * from each task. Used by the worker shells and by `LocalReplica`.
 */
export class ShardWorker {
  private net: Net | null = null;
  private vars: tf.Variable[] = [];

  start(netConfig: NetConfig): void {
    this.stop();
    this.net = buildNet(netConfig);
    this.vars = trainablesOf(this.net);
  }

  async compute(weights: Float32Array, task: ShardTask): Promise<ShardOutcome> {
    if (!this.net) throw new Error('replica: no net (start was not called)');
    assignFlat(this.vars, weights);
    return computeShard(this.net, this.vars, task);
  }

  stop(): void {
    this.net?.dispose();
    this.net = null;
    this.vars = [];
  }
}

/** A replica in this thread, with a net of its own (the reference for the threaded ones). */
export class LocalReplica implements ReplicaEndpoint {
  private readonly worker = new ShardWorker();
  start(netConfig: NetConfig): Promise<void> {
    this.worker.start(netConfig);
    return Promise.resolve();
  }
  compute(weights: Float32Array, task: ShardTask): Promise<ShardOutcome> {
    return this.worker.compute(weights, task);
  }
  stop(): Promise<void> {
    this.worker.stop();
    return Promise.resolve();
  }
}
