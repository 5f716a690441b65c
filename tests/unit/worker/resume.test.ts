import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEmbedded } from '../../../src/data/embedded/generate';
import { chooseBackend, type BackendName } from '../../../src/nn/backend/select';
import type { Checkpoint } from '../../../src/nn/train/checkpoint';
import type { RunConfig, RunUpdate } from '../../../src/worker/compute/protocol';
import { runWithFallback } from '../../../src/worker/compute/runner';
import {
  LocalReplica,
  ReplicaLostError,
  type ReplicaEndpoint,
} from '../../../src/nn/parallel/endpoint';
import { TrainingSession } from '../../../src/worker/compute/session';
import { openNodeReplicas, type NodeReplicas } from '../../../scripts/nodeReplicas';

const data = generateEmbedded(256, 64, 9);
const BASE: RunConfig = {
  family: 'postact',
  n: 1,
  width: 0.25,
  options: {},
  dataset: 'embedded',
  trainImages: 256,
  testImages: 64,
  epochs: 2,
  batchSize: 32,
  lr: 0.05,
  schedule: 'cosine',
  augment: false,
  seed: 3,
  evalsPerEpoch: 2,
};
const p = () => Promise.resolve();
const loaders = { webgpu: p, webgl: p, wasm: p, cpu: p };

let threads: NodeReplicas;
beforeAll(async () => {
  await chooseBackend({ only: 'wasm', loaders });
  threads = await openNodeReplicas(1);
}, 60_000);
afterAll(() => threads.close());

const weights = (c: Checkpoint) => new Float32Array(c.data);
const trainLosses = (points: readonly { step: number; trainLoss?: number }[], after: number) =>
  points.filter((q) => q.step > after && q.trainLoss !== undefined).map((q) => q.trainLoss!);

describe('checkpoints and resuming', () => {
  // With augmentation: a step's crops and flips come from (seed, step), so a resumed run draws
  // what the unbroken one drew; with K = 2 the second shard runs on a worker thread.
  it.each([1, 2])(
    'a run resumed from a mid-run checkpoint ends with the weights of an unbroken run (K = %i)',
    async (K) => {
      const config: RunConfig = { ...BASE, augment: true, replicas: K };
      const replicas = K > 1 ? threads.endpoints : [];
      const saved: Checkpoint[] = [];
      const unbroken = await new TrainingSession(config, () => {}, {
        saveCheckpoint: async (c) => void saved.push(c),
        checkpointMs: 0,
        replicas,
      }).run(data);
      expect(unbroken.state).toBe('done');
      // The initial weights, then a checkpoint at every test point (twice in each epoch of 8 steps).
      expect(saved.map((c) => c.step)).toEqual([0, 4, 8, 12, 16]);
      expect(unbroken.checkpointStep).toBe(16);

      const mid = saved[2]!;
      const again: Checkpoint[] = [];
      const updates: RunUpdate[] = [];
      const resumed = await new TrainingSession(config, (u) => updates.push(u), {
        resume: mid,
        saveCheckpoint: async (c) => void again.push(c),
        checkpointMs: 0,
        replicas,
      }).run(data);
      expect(resumed.state).toBe('done');
      expect(updates[0]!.progress.step).toBe(8);
      // The same batches in the same order from step 9 on: the same losses and the same weights.
      const a = trainLosses(unbroken.points, 8);
      const b = trainLosses(resumed.points, 8);
      expect(b).toHaveLength(8);
      b.forEach((v, i) => expect(v).toBeCloseTo(a[i]!, 5));
      const wa = weights(saved.at(-1)!);
      const wb = weights(again.at(-1)!);
      expect(wb.length).toBe(wa.length);
      let maxDiff = 0;
      for (let i = 0; i < wa.length; i++) maxDiff = Math.max(maxDiff, Math.abs(wa[i]! - wb[i]!));
      expect(maxDiff).toBeLessThan(1e-5);
    },
    120_000,
  );

  it('a backend lost mid-run hands over to the next one, from the last checkpoint', async () => {
    await chooseBackend({ only: 'cpu', loaders });
    let current: BackendName = 'cpu';
    const store: { ckpt?: Checkpoint } = {};
    const updates: RunUpdate[] = [];
    let sessions = 0;
    const result = await runWithFallback(
      { ...BASE, replicas: 2 },
      data,
      (u) => updates.push(u),
      {
        current: () => current,
        replicas: (count) => threads.endpoints.slice(0, count),
        fallback: async (exclude) => {
          expect(exclude).toEqual(['cpu']);
          await chooseBackend({ only: 'wasm', loaders });
          current = 'wasm';
          return current;
        },
        // The first backend is "lost" once 5 steps are done.
        watch: () => {
          const mine = ++sessions;
          return () =>
            mine === 1 && (updates.at(-1)?.progress.step ?? 0) >= 5 ? 'device lost' : null;
        },
        loadCheckpoint: async () => store.ckpt,
        saveCheckpoint: async (c) => void (store.ckpt = c),
        checkpointMs: 0,
      },
      { resume: false, onSession: () => {} },
    );
    expect(result.state).toBe('done');
    expect(result.backend).toBe('wasm');
    expect(sessions).toBe(2);
    const notice = updates.find((u) => u.notice)!;
    expect(notice.notice).toMatch(
      /^cpu failed: device lost\. Going on with wasm from the checkpoint at step 4\.$/,
    );
    expect(notice.restartFrom).toBe(4);
    expect(notice.backend).toBe('wasm');
    expect(updates.at(-1)!.progress).toMatchObject({ state: 'done', step: 16 });
    expect(tf.getBackend()).toBe('wasm');
  }, 120_000);

  it('a replica thread that dies mid-run is replaced, and the run goes on from its checkpoint', async () => {
    await chooseBackend({ only: 'wasm', loaders });
    const store: { ckpt?: Checkpoint } = {};
    const updates: RunUpdate[] = [];
    let handed = 0;
    // The first replica dies at its 6th shard; the one that replaces it lives.
    const dying = (): ReplicaEndpoint => {
      const inner = new LocalReplica();
      let calls = 0;
      return {
        start: (c) => inner.start(c),
        stop: () => inner.stop(),
        compute: (w, t) =>
          ++calls >= 6
            ? Promise.reject(new ReplicaLostError('replica 1 (wasm) stopped: its worker crashed'))
            : inner.compute(w, t),
      };
    };
    const result = await runWithFallback(
      { ...BASE, replicas: 2 },
      data,
      (u) => updates.push(u),
      {
        current: () => 'wasm',
        fallback: () => Promise.reject(new Error('no other backend in this test')),
        watch: () => () => null,
        loadCheckpoint: async () => store.ckpt,
        saveCheckpoint: async (c) => void (store.ckpt = c),
        checkpointMs: 0,
        replicas: () => [handed++ === 0 ? dying() : new LocalReplica()],
      },
      { resume: false, onSession: () => {} },
    );
    expect(result.state).toBe('done');
    expect(result.backend).toBe('wasm');
    expect(handed).toBe(2);
    const notice = updates.find((u) => u.notice)!;
    expect(notice.notice).toMatch(
      /^replica 1 \(wasm\) stopped: its worker crashed\. Going on with new replica threads from the checkpoint at step 4\.$/,
    );
    expect(updates.at(-1)!.progress).toMatchObject({ state: 'done', step: 16 });
  }, 120_000);

  it('resuming a run without a checkpoint says so', async () => {
    await expect(
      runWithFallback(
        BASE,
        data,
        () => {},
        {
          current: () => 'cpu',
          fallback: () => Promise.reject(new Error('none')),
          watch: () => () => null,
          loadCheckpoint: async () => undefined,
          saveCheckpoint: async () => {},
        },
        { resume: true, onSession: () => {} },
      ),
    ).rejects.toThrow('this run has no checkpoint to go on from');
  });
});
