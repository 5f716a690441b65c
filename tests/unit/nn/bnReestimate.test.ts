/**
 * Batch-norm statistics re-estimated for a lesion (src/nn/probes/bnReestimate.ts), checked
 * against independent references: the stem layer's statistics against the moments of its
 * convolution computed directly; a lesioned net evaluated with statistics re-estimated on its
 * own test batch against the same net run in training mode (which normalises by exactly those
 * statistics), with the deletion made by zeroing the block's last batch-norm layer instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNet } from '../../../src/nn/network';
import { lesionStatistics, withReestimatedBn } from '../../../src/nn/probes/bnReestimate';
import { lesionEvaluate } from '../../../src/nn/probes/lesion';
import { singleDeletion } from '../../../src/nn/probes/sweeps';
import { crossEntropy } from '../../../src/nn/train/trainer';
import { toyImages } from '../../reference/toyImages';
import { useCpu } from './helpers';

beforeAll(useCpu);

const images = (count: number, seed: number) => {
  const { x, y } = toyImages(count, 8, seed);
  return { x: tf.tensor4d(x, [count, 8, 8, 3]), y: tf.tensor1d(y, 'int32') };
};

const net = () =>
  buildNet({ family: 'postact', n: 2, width: 0.25, inputSize: 8, classes: 4, seed: 3 });

const param = (n: ReturnType<typeof net>, name: string) =>
  n.params.all.find((p) => p.name === name)!.variable;

describe('batch-norm re-estimation', () => {
  it("the stem layer's statistics are the exact moments of its convolution over all images", async () => {
    const n = net();
    const d = images(300, 1); // two batches (250 + 50): the pooling across batches is exact
    const stats = lesionStatistics(n, d.x, {});
    const stem = stats.find((s) => s.meanVar === param(n, 'stem_bn/mean'))!;
    const conv = tf.conv2d(d.x, param(n, 'stem/w') as tf.Tensor4D, 1, 'same');
    const { mean, variance } = tf.moments(conv, [0, 1, 2]);
    const got = [await stem.mean.data(), await stem.variance.data()];
    const want = [await mean.data(), await variance.data()];
    for (let k = 0; k < 2; k++) got[k]!.forEach((v, i) => expect(v).toBeCloseTo(want[k]![i]!, 4));
    // Every batch-norm layer the pass reaches is re-estimated once.
    const bns = n.params.all.filter((p) => p.name.endsWith('/mean'));
    expect(stats).toHaveLength(bns.length);
    tf.dispose([conv, mean, variance, d.x, d.y, ...stats.flatMap((s) => [s.mean, s.variance])]);
    n.dispose();
  });

  it('a lesion evaluated with re-estimated statistics equals the lesioned net in training mode', async () => {
    const n = net();
    const d = images(64, 2); // one batch: re-estimated statistics = that batch's statistics
    const target = 1; // s1b2, a shape-keeping block
    const reestimated = await lesionEvaluate(n, d.x, d.y, { deleted: [target], bnImages: d.x });
    const asTrained = await lesionEvaluate(n, d.x, d.y, { deleted: [target] });
    // Reference: zero the block's last batch norm (its branch is then exactly 0), then run the
    // whole net in training mode, which normalises each layer by the batch's own statistics.
    for (const p of n.params.all)
      if (/^s1b2\/conv2_bn\/(gamma|beta)/.test(p.name)) p.variable.assign(tf.zerosLike(p.variable));
    const loss = tf.tidy(() =>
      crossEntropy(n.forward(d.x, { mode: 'train', random: () => 0 }), d.y, 4),
    );
    const reference = (await loss.data())[0]!;
    expect(reestimated.loss).toBeCloseTo(reference, 4);
    // The fresh net's running statistics (0 and 1) are far from its batches': a real change.
    expect(Math.abs(asTrained.loss - reestimated.loss)).toBeGreaterThan(1e-3);
    tf.dispose([loss, d.x, d.y]);
    n.dispose();
  });

  it('puts the trained statistics back, also when the work throws, and leaks nothing', async () => {
    const n = net();
    const d = images(40, 3);
    const running = n.params.all.filter((p) => /\/(mean|var)$/.test(p.name));
    const before = await Promise.all(running.map((p) => p.variable.data()));
    const tensors = tf.memory().numTensors;
    const hooks = new Map([[1, { deleted: true }]]);
    let inside = 0;
    await withReestimatedBn(n, d.x, { hooks }, async () => {
      inside = (await param(n, 'stem_bn/mean').data())[0]!;
    });
    expect(inside).not.toBe(before[running.findIndex((p) => p.name === 'stem_bn/mean')]![0]);
    await expect(
      withReestimatedBn(n, d.x, { hooks }, () => Promise.reject(new Error('stop'))),
    ).rejects.toThrow('stop');
    const after = await Promise.all(running.map((p) => p.variable.data()));
    after.forEach((a, i) => expect([...a]).toEqual([...before[i]!]));
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose([d.x, d.y]);
    n.dispose();
  });

  it('a sweep given training images re-estimates for each lesion; without them, as trained', async () => {
    const n = net();
    const d = images(48, 4);
    const trained = await singleDeletion(n, { x: d.x, labels: d.y });
    const re = await singleDeletion(n, { x: d.x, labels: d.y, bnImages: d.x });
    const byHand = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(
        async (i) => (await lesionEvaluate(n, d.x, d.y, { deleted: [i], bnImages: d.x })).error,
      ),
    );
    expect(re).toEqual(byHand);
    expect(re).not.toEqual(trained);
    tf.dispose([d.x, d.y]);
    n.dispose();
  });
});
