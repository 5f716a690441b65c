import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_IDS } from '../../../src/nn/blocks/registry';
import { buildNet } from '../../../src/nn/network';
import { augmentBatch } from '../../../src/nn/train/augment';
import { restoreCheckpoint, saveCheckpoint } from '../../../src/nn/train/checkpoint';
import { Sgd } from '../../../src/nn/train/optimizer';
import { learningRate } from '../../../src/nn/train/schedule';
import { DivergenceError, evaluate, Trainer } from '../../../src/nn/train/trainer';
import { mulberry32 } from '../../reference/rng';
import { toyImages } from '../../reference/toyImages';
import { useCpu } from './helpers';

beforeAll(useCpu);

describe('schedules and the optimizer', () => {
  it('step decay at 50 % and 75 %, cosine, linear warm-up', () => {
    const step = { kind: 'step' as const, base: 0.1, warmupSteps: 0 };
    expect([0, 49, 50, 74, 75, 99].map((s) => learningRate(step, s, 100))).toEqual([
      0.1,
      0.1,
      0.1 * 0.1,
      0.1 * 0.1,
      0.1 * 0.01,
      0.1 * 0.01,
    ]);
    const cos = { kind: 'cosine' as const, base: 1, warmupSteps: 0 };
    expect(learningRate(cos, 50, 100)).toBeCloseTo(0.5, 12);
    expect(learningRate(cos, 100, 100)).toBeCloseTo(0, 12);
    const warm = { kind: 'constant' as const, base: 0.1, warmupSteps: 4 };
    expect([0, 1, 3, 4].map((s) => learningRate(warm, s, 100))).toEqual([0.025, 0.05, 0.1, 0.1]);
  });

  it.each([false, true])('SGD (Nesterov %s) follows the update rule by hand', (nesterov) => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const opt = new Sgd({ momentum: 0.9, nesterov, weightDecay: 0.1 }, [w]);
    let wRef = [1, -2];
    let vRef = [0, 0];
    const grads = [
      [0.5, 0.25],
      [-1, 2],
    ];
    for (const g of grads) {
      opt.apply({ [w.name]: tf.tensor1d(g) }, 0.1);
      const gFull = g.map((gi, i) => gi + 0.1 * wRef[i]!);
      vRef = vRef.map((vi, i) => 0.9 * vi + gFull[i]!);
      const stepRef = nesterov ? gFull.map((gi, i) => gi + 0.9 * vRef[i]!) : vRef;
      wRef = wRef.map((wi, i) => wi - 0.1 * stepRef[i]!);
    }
    const got = Array.from(w.dataSync());
    got.forEach((v, i) => expect(v).toBeCloseTo(wRef[i]!, 6));
    opt.dispose();
    w.dispose();
  });
});

describe('augmentation', () => {
  it('each image is an exact 4-pixel-shift crop of the padded image, or its mirror', () => {
    const size = 6;
    const data = Float32Array.from({ length: 3 * size * size * 2 }, (_, i) => i + 1);
    const x = tf.tensor4d(data, [3, size, size, 2]);
    const out = augmentBatch(x, mulberry32(4)).arraySync();
    const padded = tf
      .pad(x, [
        [0, 0],
        [4, 4],
        [4, 4],
        [0, 0],
      ])
      .arraySync();
    let flips = 0;
    out.forEach((img, n) => {
      const matches: string[] = [];
      for (let oy = 0; oy <= 8; oy++)
        for (let ox = 0; ox <= 8; ox++)
          for (const flip of [false, true]) {
            const same = img.every((row, i) =>
              row.every((px, j) =>
                px.every((v, c) => v === padded[n]![oy + i]![ox + (flip ? size - 1 - j : j)]![c]),
              ),
            );
            if (same) matches.push(`${oy},${ox},${flip}`);
          }
      expect(matches.length, `image ${n}`).toBeGreaterThan(0);
      if (matches.every((m) => m.endsWith('true'))) flips++;
    });
    expect(flips).toBeLessThanOrEqual(3);
    x.dispose();
  });
});

function toyData(count: number, seed: number) {
  const { x, y } = toyImages(count, 8, seed);
  return { x: tf.tensor4d(x, [count, 8, 8, 3]), y: tf.tensor1d(y, 'int32') };
}

describe('training', () => {
  // The CPU backend's convolution gradients are slow (BROWSER.md): 4/8/16 channels, 8×8.
  it.each(BLOCK_IDS)(
    'a tiny %s net learns the toy problem, and holds no more tensors after 100 steps than after 1',
    { timeout: 120_000 },
    async (family) => {
      const net = buildNet({ family, n: 1, width: 0.25, inputSize: 8, classes: 4, seed: 7 });
      const trainer = new Trainer(net, {
        batchSize: 16,
        totalSteps: 100,
        schedule: { kind: 'cosine', base: 0.1, warmupSteps: 5 },
        augment: false,
        seed: 3,
      });
      const train = toyData(256, 1);
      const test = toyData(128, 2);
      let afterFirst = 0;
      for (let step = 0; step < 100; step++) {
        const start = (step * 16) % 256;
        const xb = tf.slice(train.x, [start, 0, 0, 0], [16, -1, -1, -1]);
        const yb = tf.slice(train.y, [start], [16]);
        await trainer.trainStep(xb, yb);
        tf.dispose([xb, yb]);
        if (step === 0) afterFirst = tf.memory().numTensors;
      }
      expect(tf.memory().numTensors).toBe(afterFirst);
      const { accuracy } = await evaluate(net, test.x, test.y);
      expect(accuracy).toBeGreaterThan(0.6); // chance is 0.25
      tf.dispose([train.x, train.y, test.x, test.y]);
      trainer.dispose();
      net.dispose();
    },
  );

  it('a diverging run is stopped before any update, with a clear error', async () => {
    const net = buildNet({
      family: 'postact',
      n: 1,
      width: 0.25,
      inputSize: 8,
      classes: 4,
      seed: 1,
    });
    const trainer = new Trainer(net, {
      schedule: { kind: 'constant', base: 1e30, warmupSteps: 0 },
      augment: false,
    });
    const d = toyData(16, 3);
    let error: unknown;
    let before: number[] = [];
    for (let i = 0; i < 10 && !error; i++) {
      before = net.params.all.flatMap((p) => Array.from(p.variable.dataSync()));
      try {
        await trainer.trainStep(d.x, d.y);
      } catch (e) {
        error = e;
      }
    }
    expect(error).toBeInstanceOf(DivergenceError);
    expect((error as Error).message).toMatch(
      /training diverged at step \d+: the (loss|gradient) is/,
    );
    const after = net.params.all.flatMap((p) => Array.from(p.variable.dataSync()));
    expect(after).toEqual(before);
    tf.dispose([d.x, d.y]);
    trainer.dispose();
    net.dispose();
  });

  it('a checkpoint restores weights, optimizer state and step: the resumed run continues identically', async () => {
    const make = () => {
      const net = buildNet({
        family: 'postact',
        n: 1,
        width: 0.25,
        inputSize: 8,
        classes: 4,
        seed: 5,
      });
      return new Trainer(net, {
        schedule: { kind: 'constant', base: 0.05, warmupSteps: 0 },
        augment: false,
      });
    };
    const d = toyData(32, 4);
    const a = make();
    for (let i = 0; i < 3; i++) await a.trainStep(d.x, d.y);
    const ckpt = await saveCheckpoint(a);
    for (let i = 0; i < 2; i++) await a.trainStep(d.x, d.y);
    const b = make();
    restoreCheckpoint(b, ckpt);
    expect(b.step).toBe(3);
    for (let i = 0; i < 2; i++) await b.trainStep(d.x, d.y);
    const w = (t: Trainer) => t.net.params.all.flatMap((p) => Array.from(p.variable.dataSync()));
    expect(w(b)).toEqual(w(a));
    const other = new Trainer(
      buildNet({ family: 'postact', n: 2, width: 0.25, inputSize: 8, classes: 4 }),
    );
    expect(() => restoreCheckpoint(other, ckpt)).toThrow(/made for another net|shape/);
    for (const t of [a, b, other]) {
      t.dispose();
      t.net.dispose();
    }
    tf.dispose([d.x, d.y]);
  });
});
