/**
 * Data-parallel training: K replicas give the weights of one thread that computes the same K
 * shards in turn (the reference), over a MessageChannel (transferred and shared buffers) and on
 * real worker threads; the pooled batch statistics are the whole batch's; and a step of two
 * identical halves is a step of one half (an independent check of how shards are combined).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../src/nn/backend/select';
import { buildNet, type NetConfigInput } from '../../../src/nn/network';
import { ShardWorker, type ReplicaEndpoint } from '../../../src/nn/parallel/endpoint';
import { combineShards, shardCounts, type ShardOutcome } from '../../../src/nn/parallel/shard';
import { Trainer } from '../../../src/nn/train/trainer';
import { PortReplica, serveReplica, type PortLike } from '../../../src/worker/replica/protocol';
import { startNodeReplica } from '../../../scripts/node-replica.mjs';
import { mulberry32 } from '../../reference/rng';

const p = () => Promise.resolve();
beforeAll(async () => {
  await chooseBackend({ only: 'wasm', loaders: { webgpu: p, webgl: p, wasm: p, cpu: p } });
});

const NET: NetConfigInput = { family: 'postact', n: 1, width: 0.25, inputSize: 8, seed: 4 };
const BATCH = 12;

function batch(seed: number, n = BATCH) {
  const r = mulberry32(seed);
  const x = tf.tensor4d(
    Float32Array.from({ length: n * 8 * 8 * 3 }, () => r() * 2 - 1),
    [n, 8, 8, 3],
  );
  const y = tf.tensor1d(
    Int32Array.from({ length: n }, () => Math.floor(r() * 10)),
    'int32',
  );
  return { x, y };
}

/** Train `steps` steps and return every parameter (BN running statistics included). */
async function train(
  net: NetConfigInput,
  shards: number,
  replicas: readonly ReplicaEndpoint[],
  steps = 3,
  augment = true,
  data = batch,
): Promise<Float32Array> {
  const model = buildNet(net);
  const trainer = new Trainer(
    model,
    {
      batchSize: BATCH,
      totalSteps: 100,
      augment,
      shards,
      schedule: { kind: 'constant', base: 0.05, warmupSteps: 0 },
    },
    replicas,
  );
  for (let s = 0; s < steps; s++) {
    const { x, y } = data(10 + s);
    await trainer.trainStep(x, y);
    tf.dispose([x, y]);
  }
  const all = tf.tidy(() => tf.concat(model.params.all.map((q) => tf.reshape(q.variable, [-1]))));
  const out = (await all.data()) as Float32Array;
  all.dispose();
  trainer.dispose();
  model.dispose();
  return out;
}

function expectClose(a: Float32Array, b: Float32Array, tol: number, what: string) {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  expect(worst, what).toBeLessThanOrEqual(tol);
}

/** A replica in this thread behind a real MessageChannel (the protocol, without the thread). */
function channelReplica(shared: boolean): ReplicaEndpoint {
  const { port1, port2 } = new MessageChannel();
  serveReplica(port2 as unknown as PortLike, new ShardWorker(), Promise.resolve());
  return new PortReplica(port1 as unknown as PortLike, 'channel replica', shared);
}

describe('shards', () => {
  it('are contiguous, cover the batch and differ in size by at most one', () => {
    for (const [n, k] of [
      [32, 2],
      [32, 3],
      [7, 3],
      [2, 5],
    ] as const) {
      const c = shardCounts(n, k);
      expect(c.reduce((s, v) => s + v, 0)).toBe(n);
      expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
      expect(c.length).toBe(Math.min(n, k));
    }
  });

  it('pool their batch statistics into the whole batch’s mean and variance', () => {
    const r = mulberry32(3);
    const C = 5;
    const counts = [4, 7, 2];
    const rows = counts.map((m) =>
      Array.from({ length: m }, () => Array.from({ length: C }, () => r() * 4 - 1)),
    );
    const stats = (set: number[][]) => {
      const mean = Array.from(
        { length: C },
        (_, c) => set.reduce((s, row) => s + row[c]!, 0) / set.length,
      );
      const v = mean.map(
        (mu, c) => set.reduce((s, row) => s + (row[c]! - mu) ** 2, 0) / set.length,
      );
      return [...mean, ...v];
    };
    const outcomes: ShardOutcome[] = rows.map((set, k) => ({
      loss: k + 1,
      grads: Float32Array.from([k, 2 * k]),
      present: Uint8Array.from([1, 1]),
      bnStats: Float32Array.from(stats(set)),
    }));
    const combined = combineShards(outcomes, counts, [C]);
    const whole = stats(rows.flat());
    whole.forEach((v, i) => expect(combined.bnStats[i]).toBeCloseTo(v, 5));
    const total = 13;
    expect(combined.loss).toBeCloseTo((4 * 1 + 7 * 2 + 2 * 3) / total, 6);
    expect(combined.grads[1]).toBeCloseTo((7 * 2 + 2 * 4) / total, 6);
  });
});

describe('a data-parallel step', () => {
  it('of two identical halves is the step of one half (batch norm, loss and gradient alike)', async () => {
    const half = (seed: number) => batch(seed, BATCH / 2);
    const doubled = (seed: number) => {
      const h = half(seed);
      const out = {
        x: tf.concat([h.x, h.x]) as tf.Tensor4D,
        y: tf.concat([h.y, h.y]) as tf.Tensor1D,
      };
      tf.dispose([h.x, h.y]);
      return out;
    };
    const one = await train(NET, 1, [], 3, false, half);
    const two = await train(NET, 2, [], 3, false, doubled);
    expectClose(two, one, 2e-5, 'K = 2 on [A; A] against K = 1 on A');
    const other = await train(NET, 1, [], 3, false, (s) => half(s + 100));
    let moved = 0;
    for (let i = 0; i < one.length; i++) moved = Math.max(moved, Math.abs(one[i]! - other[i]!));
    expect(moved, 'other data gives other weights').toBeGreaterThan(1e-3);
  });

  for (const shared of [false, true]) {
    it(`K = 2, 3 over a MessageChannel (${shared ? 'shared' : 'transferred'} buffers) match one thread`, async () => {
      for (const family of ['postact', 'stochastic'] as const) {
        const net = { ...NET, family };
        for (const k of [2, 3]) {
          const reference = await train(net, k, []);
          const replicas = Array.from({ length: k - 1 }, () => channelReplica(shared));
          const parallel = await train(net, k, replicas);
          expectClose(parallel, reference, 1e-6, `${family}, K = ${k}`);
        }
      }
    });
  }

  describe('on worker threads', () => {
    const threads: { terminate(): Promise<number> }[] = [];
    afterAll(async () => {
      await Promise.all(threads.map((t) => t.terminate()));
    });

    it('K = 1, 2, 3 replicas give the weights of one thread', async () => {
      const endpoints: ReplicaEndpoint[] = [];
      for (let i = 0; i < 2; i++) {
        const { worker, port } = await startNodeReplica('wasm');
        threads.push(worker);
        endpoints.push(new PortReplica(port as PortLike, `thread ${i + 1}`));
      }
      const plain = await train(NET, 1, []);
      expect(plain.every(Number.isFinite)).toBe(true);
      for (const k of [2, 3]) {
        const reference = await train(NET, k, []);
        const parallel = await train(NET, k, endpoints.slice(0, k - 1));
        expectClose(parallel, reference, 1e-6, `K = ${k} on threads`);
      }
    }, 120_000);

    it('a replica thread that dies fails the step with a message naming it', async () => {
      const { worker, port } = await startNodeReplica('wasm');
      const endpoint = new PortReplica(port as PortLike, 'doomed thread');
      worker.on('exit', () => endpoint.fail('its thread exited'));
      await worker.terminate();
      await expect(train(NET, 2, [endpoint], 1)).rejects.toThrow(/doomed thread stopped/);
    }, 60_000);
  });
});
