import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelStats } from '../../../src/data/stats';
import { seededRandom } from '../../../src/math/random';
import { DeviceDataset } from '../../../src/nn/train/deviceData';
import { cifarBatch } from '../../reference/tarFixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function split(count: number) {
  const rec = cifarBatch(count, 9);
  const pixels = new Uint8Array(count * 3072);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = rec[i * 3073]!;
    pixels.set(rec.subarray(i * 3073 + 1, (i + 1) * 3073), i * 3072);
  }
  return { count, pixels, labels };
}

describe('channel statistics and the device atlas', () => {
  it('mean and std per channel equal the two-pass formula', () => {
    const s = split(6);
    const stats = channelStats(s);
    for (let c = 0; c < 3; c++) {
      const values: number[] = [];
      for (let i = 0; i < 6; i++)
        for (let p = 0; p < 1024; p++) values.push(s.pixels[i * 3072 + c * 1024 + p]!);
      const mean = values.reduce((a, b) => a + b) / values.length;
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
      expect(stats.mean[c]).toBeCloseTo(mean, 9);
      expect(stats.std[c]).toBeCloseTo(sd, 9);
    }
  });

  it('each atlas pixel is the record byte at (plane c, row y, column x), normalised', async () => {
    const s = split(5);
    const stats = { mean: [100, 120, 140], std: [50, 60, 70] };
    const ds = new DeviceDataset(s, stats);
    const data = await ds.images.data();
    const rand = seededRandom(3);
    for (let t = 0; t < 200; t++) {
      const [i, y, x, c] = [5, 32, 32, 3].map((m) => Math.floor(rand() * m)) as [
        number,
        number,
        number,
        number,
      ];
      const want = (s.pixels[i * 3072 + c * 1024 + y * 32 + x]! - stats.mean[c]!) / stats.std[c]!;
      expect(data[((i * 32 + y) * 32 + x) * 3 + c]).toBeCloseTo(want, 5);
    }
    expect(Array.from(await ds.labels.data())).toEqual(Array.from(s.labels));
    ds.dispose();
  });

  it('an epoch visits every image once, in the same order for the same seed; batches gather them', async () => {
    const s = split(10);
    const ds = new DeviceDataset(s, channelStats(s));
    const before = tf.memory().numTensors;
    const epoch = (seed: number) =>
      [...ds.epoch(3, seededRandom(seed), false)].map((b) => Array.from(b));
    const a = epoch(1);
    expect(a.map((b) => b.length)).toEqual([3, 3, 3, 1]);
    expect(a.flat().sort((p, q) => p - q)).toEqual([...Array(10).keys()]);
    expect(epoch(1)).toEqual(a);
    expect(epoch(2)).not.toEqual(a);
    expect([...ds.epoch(3, seededRandom(1))]).toHaveLength(3);
    const idx = Int32Array.from([7, 2]);
    const { x, y } = ds.batch(idx);
    expect(x.shape).toEqual([2, 32, 32, 3]);
    expect(Array.from(await y.data())).toEqual([s.labels[7], s.labels[2]]);
    const all = await ds.images.data();
    expect(Array.from((await x.data()).subarray(0, 3072))).toEqual(
      Array.from(all.subarray(7 * 3072, 8 * 3072)),
    );
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
    ds.dispose();
  });
});
