import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEmbedded } from '../../../src/data/embedded/generate';
import { chooseBackend } from '../../../src/nn/backend/select';
import type { RunConfig, RunUpdate } from '../../../src/worker/compute/protocol';
import { TrainingSession, type SessionOptions } from '../../../src/worker/compute/session';
import { openNodeReplicas, type NodeReplicas } from '../../../scripts/nodeReplicas';

const data = generateEmbedded(320, 100, 5);
const BASE: RunConfig = {
  family: 'postact',
  n: 1,
  width: 0.25,
  options: {},
  dataset: 'embedded',
  trainImages: 320,
  testImages: 100,
  epochs: 3,
  batchSize: 32,
  lr: 0.05,
  schedule: 'constant',
  augment: false,
  seed: 1,
  evalsPerEpoch: 2,
};

let threads: NodeReplicas;
beforeAll(async () => {
  const p = () => Promise.resolve();
  await chooseBackend({ only: 'wasm', loaders: { webgpu: p, webgl: p, wasm: p, cpu: p } });
  threads = await openNodeReplicas(1);
}, 60_000);
afterAll(() => threads.close());

// Every test with one replica, then with two (the second on a worker thread).
describe.each([1, 2])('a training session with K = %i', (K) => {
  const config = (c: Partial<RunConfig> = {}): RunConfig => ({ ...BASE, replicas: K, ...c });
  const options = (o: SessionOptions = {}): SessionOptions => ({
    ...o,
    replicas: K > 1 ? threads.endpoints : [],
  });
  it('trains, evaluates twice an epoch, reports throttled updates, and leaves no tensor', async () => {
    const before = tf.memory().numTensors;
    const updates: RunUpdate[] = [];
    const s = new TrainingSession(config(), (u) => updates.push(u), options({ updateMs: 250 }));
    const r = await s.run(data);
    expect(r.state).toBe('done');
    const losses = r.points.flatMap((p) => (p.trainLoss === undefined ? [] : [p.trainLoss]));
    expect(losses).toHaveLength(30);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)));
    const tests = r.points.filter((p) => p.testAccuracy !== undefined);
    expect(tests.map((p) => p.step)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    // Every point reaches the page exactly once, in fewer messages than steps.
    expect(updates.flatMap((u) => u.points)).toEqual(r.points);
    expect(updates.length).toBeLessThan(30);
    expect(updates.at(-1)!.progress).toMatchObject({
      state: 'done',
      step: 30,
      totalSteps: 30,
      threads: K,
    });
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('pauses between steps, resumes, and stops', async () => {
    const seen: RunUpdate[] = [];
    const s: TrainingSession = new TrainingSession(
      config({ epochs: 20 }),
      (u) => {
        seen.push(u);
        if (seen.length === 1) s.pause();
      },
      options({ updateMs: 0 }),
    );
    const running = s.run(data);
    await new Promise((r) => setTimeout(r, 300));
    const pausedAt = seen.at(-1)!.progress;
    expect(pausedAt.state).toBe('paused');
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.at(-1)!.progress.step).toBe(pausedAt.step);
    s.resume();
    await new Promise((r) => setTimeout(r, 100));
    s.stop();
    const r = await running;
    expect(r.state).toBe('stopped');
    expect(seen.at(-1)!.progress.step).toBeGreaterThan(pausedAt.step);
    expect(seen.at(-1)!.progress.step).toBeLessThan(200);
  }, 60_000);

  it('an absurd learning rate is reported as divergence, with the step and what became infinite', async () => {
    const r = await new TrainingSession(config({ lr: 1e9 }), () => {}, options()).run(data);
    expect(r.state).toBe('diverged');
    expect(r.message).toMatch(
      /^Training diverged at step \d+: the (loss|gradient) became (NaN|Infinity)/,
    );
  }, 60_000);
});
