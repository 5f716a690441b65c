/**
 * The lessons' jobs on tiny nets: the gradient flow against an independent measure (central
 * differences of the loss along the gradient at a block's input), a job's measurements before
 * and after its short run, cancelling, the highway gates' shape and range, and timings.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateEmbedded } from '../../../src/data/embedded/generate';
import { channelStats } from '../../../src/data/stats';
import {
  highwayGates,
  identityFlow,
  stepTimes,
  type LessonData,
} from '../../../src/nn/lessons/jobs';
import { buildNet } from '../../../src/nn/network';
import { gradientFlow } from '../../../src/nn/probes/pathGradient';
import { DeviceDataset } from '../../../src/nn/train/deviceData';
import { crossEntropy } from '../../../src/nn/train/trainer';
import { useCpu } from './helpers';

beforeAll(useCpu);

function lessonData(): LessonData & { dispose: () => void } {
  const set = generateEmbedded(64, 16, 3);
  const train = new DeviceDataset(set.train, channelStats(set.train));
  const probe = train.batch(Int32Array.from({ length: 16 }, (_, i) => i));
  return { train, probe, dispose: () => (train.dispose(), tf.dispose([probe.x, probe.y])) };
}

const RUN = { n: 1, width: 0.25, steps: 3, batch: 8, lr: 0.05, seed: 2 };

describe('the lessons’ jobs', () => {
  it('gradient flow in training mode equals central differences along a direction', async () => {
    const d = lessonData();
    const net = buildNet({ family: 'preact', n: 1, width: 0.25, seed: 4 });
    const flow = await gradientFlow(net, d.probe.x, d.probe.y, 'train');
    expect(flow).toHaveLength(3);
    // Block 1's input: the directional derivative along u equals ⟨∇, u⟩ ≤ ‖∇‖; along the
    // gradient itself it equals ‖∇‖. Take u = the gradient (from tf.grads), normalised.
    let size = 32;
    const zeros = net.blocks.map((b) => {
      const z = tf.zeros([16, size, size, b.inCh]) as tf.Tensor4D;
      size = Math.ceil(size / b.stride);
      return z;
    });
    const loss = (offs: tf.Tensor4D[]) =>
      crossEntropy(
        net.forward(d.probe.x, { mode: 'train', random: () => 0, blockInputOffsets: offs }),
        d.probe.y,
        10,
      );
    const g = tf.grads((...o: tf.Tensor[]) => loss(o as tf.Tensor4D[]))(zeros)[1]!;
    const u = tf.div(g, tf.norm(g)) as tf.Tensor4D;
    const eps = 1e-2;
    const at = (s: number) =>
      loss(zeros.map((z, i) => (i === 1 ? (tf.mul(u, s) as tf.Tensor4D) : z))).dataSync()[0]!;
    const directional = (at(eps) - at(-eps)) / (2 * eps);
    expect(directional).toBeCloseTo(flow[1]!, 2);
    expect(Math.abs(directional - flow[1]!) / flow[1]!).toBeLessThan(0.02);
    tf.dispose([...zeros, g, u]);
    net.dispose();
    d.dispose();
  });

  it('measures each net before training (as a fresh net) and after its short run', async () => {
    const d = lessonData();
    const variants = [
      { key: 'identity', family: 'preact' as const, options: { lambda: 1 } },
      { key: 'half', family: 'preact' as const, options: { lambda: 0.5 } },
    ];
    const seen: string[] = [];
    const rows = await identityFlow(
      { ...RUN, n: 2, steps: 3 },
      variants,
      d,
      new AbortController().signal,
      (r) => seen.push(r.key),
    );
    expect(seen).toEqual(['identity', 'half']);
    for (const [i, r] of rows.entries()) {
      const fresh = buildNet({
        family: 'preact',
        n: 2,
        width: 0.25,
        options: variants[i]!.options,
        seed: RUN.seed,
      });
      const want = await gradientFlow(fresh, d.probe.x, d.probe.y, 'train');
      fresh.dispose();
      expect(r.init).toHaveLength(6);
      r.init.forEach((g, l) => expect(g).toBeCloseTo(want[l]!, 5));
      expect(r.losses).toHaveLength(3);
      expect(r.trained).toHaveLength(6);
      // Three SGD steps moved the weights: the gradient reaching the first block changed.
      expect(Math.abs(r.trained![0]! - r.init[0]!) / r.init[0]!).toBeGreaterThan(1e-4);
    }
    d.dispose();
  }, 60_000);

  it('a cancelled job stops between steps', async () => {
    const d = lessonData();
    const controller = new AbortController();
    controller.abort();
    await expect(
      identityFlow(
        { ...RUN, n: 1 },
        [{ key: 'x', family: 'postact', options: {} }],
        d,
        controller.signal,
        () => undefined,
      ),
    ).rejects.toThrow(/cancelled/);
    d.dispose();
  });

  it('highway gates: a point every step asked, one mean gate per block, inside (0, 1)', async () => {
    const d = lessonData();
    const points = await highwayGates(
      { ...RUN, steps: 2 },
      -2,
      1,
      d,
      new AbortController().signal,
      () => undefined,
    );
    expect(points.map((p) => p.step)).toEqual([0, 1, 2]);
    expect(points[0]!.gates).toHaveLength(3);
    for (const g of points[0]!.gates) {
      expect(g).toBeGreaterThan(0);
      expect(g).toBeLessThan(1);
    }
    d.dispose();
  });

  it('times a step of each variant', async () => {
    const times = await stepTimes(
      { n: 1, width: 0.25, batch: 4 },
      [
        { key: 'constant', family: 'postact', options: {} },
        { key: 'stochastic', family: 'stochastic', options: { pL: 0.5 } },
      ],
      2,
      new AbortController().signal,
      () => undefined,
    );
    expect(times.map((t) => t.key)).toEqual(['constant', 'stochastic']);
    for (const t of times) expect(t.meanMs).toBeGreaterThan(0);
  });
});
