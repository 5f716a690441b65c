import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { perClass } from '../../../src/data/cifar10/assets';
import { EMBEDDED_CLASSES, generateEmbedded } from '../../../src/data/embedded/generate';
import { SHAPES } from '../../../src/data/embedded/shapes';
import { channelStats } from '../../../src/data/stats';
import { seededRandom } from '../../../src/math/random';
import { chooseBackend } from '../../../src/nn/backend/select';
import { buildNet } from '../../../src/nn/network';
import { DeviceDataset } from '../../../src/nn/train/deviceData';
import { evaluate, Trainer } from '../../../src/nn/train/trainer';

describe('the embedded dataset', () => {
  it('is seeded, balanced over its ten classes, and every image is different', () => {
    const a = generateEmbedded(200, 50, 7);
    const b = generateEmbedded(200, 50, 7);
    const c = generateEmbedded(200, 50, 8);
    expect(a.train.pixels).toEqual(b.train.pixels);
    expect(a.train.pixels).not.toEqual(c.train.pixels);
    expect(a.test.pixels).not.toEqual(a.train.pixels.subarray(0, a.test.pixels.length));
    expect(perClass(a.train)).toEqual(Array(10).fill(20));
    expect(a.classNames).toEqual(EMBEDDED_CLASSES);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(a.train.pixels.subarray(i * 3072, i * 3072 + 64).join());
    expect(seen.size).toBe(200);
    // Colours span the range: no channel is flat or saturated on average.
    const stats = channelStats(a.train);
    for (let ch = 0; ch < 3; ch++) {
      expect(stats.mean[ch]).toBeGreaterThan(60);
      expect(stats.mean[ch]).toBeLessThan(195);
      expect(stats.std[ch]).toBeGreaterThan(40);
    }
  });

  it('each class shape covers a real part of its frame, and no two classes are the same shape', () => {
    const grid = (inside: (u: number, v: number) => boolean) => {
      const bits: boolean[] = [];
      for (let y = -1; y <= 1; y += 0.05)
        for (let x = -1; x <= 1; x += 0.05) bits.push(inside(x, y));
      return bits;
    };
    const masks = SHAPES.map((s) => grid(s.inside));
    for (const m of masks) {
      const area = m.filter(Boolean).length / m.length;
      expect(area).toBeGreaterThan(0.08);
      expect(area).toBeLessThan(0.6);
    }
    for (let i = 0; i < masks.length; i++)
      for (let j = i + 1; j < masks.length; j++) {
        const diff = masks[i]!.filter((v, k) => v !== masks[j]![k]).length / masks[i]!.length;
        expect(diff, `${SHAPES[i]!.name} vs ${SHAPES[j]!.name}`).toBeGreaterThan(0.05);
      }
  });

  it('a small plain net learns it at twice chance (10 %) or better in 248 steps', async () => {
    const loaders = {
      webgpu: () => Promise.reject(new Error('Node')),
      webgl: () => Promise.reject(new Error('Node')),
      wasm: async () => {},
      cpu: async () => {},
    };
    await chooseBackend({ only: 'wasm', loaders });
    const set = generateEmbedded(2000, 500, 11);
    const stats = channelStats(set.train);
    const train = new DeviceDataset(set.train, stats);
    const test = new DeviceDataset(set.test, stats);
    const net = buildNet({ family: 'postact', n: 1, width: 0.5, seed: 4 });
    const trainer = new Trainer(net, {
      batchSize: 32,
      totalSteps: 62 * 4,
      augment: false,
      schedule: { kind: 'cosine', base: 0.1, warmupSteps: 10 },
      seed: 2,
    });
    const random = seededRandom(5);
    for (let e = 0; e < 4; e++) {
      for (const idx of train.epoch(32, random)) {
        const { x, y } = train.batch(idx);
        await trainer.trainStep(x, y);
        tf.dispose([x, y]);
      }
    }
    const { accuracy } = await evaluate(net, test.images, test.labels);
    console.log(
      `embedded set, 4 epochs of 2,000 images: test accuracy ${(accuracy * 100).toFixed(1)} %`,
    );
    // Chance is 10 %; with 500 test images its standard deviation is 1.3 points.
    expect(accuracy).toBeGreaterThan(0.2);
    trainer.dispose();
    net.dispose();
    train.dispose();
    test.dispose();
  }, 120_000);
});
