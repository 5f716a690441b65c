/**
 * Half-precision weights (src/worker/data/halfPrecision.ts) against TensorFlow.js's own float16
 * decoder (`io.decodeWeights`), the one that reads them back in the page.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/math/random';
import { halfPrecision, toFloat16Bits } from '../../../src/worker/data/halfPrecision';
import { readRunFile, writeRunFile } from '../../../src/worker/data/runFile';
import { useCpu } from '../nn/helpers';

beforeAll(useCpu);

/** tfjs's decoding of half-precision bit patterns. */
function decode(bits: readonly number[]): number[] {
  const data = new Uint16Array(bits).buffer;
  const t = tf.io.decodeWeights(data, [
    { name: 'x', shape: [bits.length], dtype: 'float32', quantization: { dtype: 'float16' } },
  ]).x!;
  const out = Array.from(t.dataSync());
  t.dispose();
  return out;
}

describe('half precision', () => {
  it('known values: ±1, ±2, the largest, the least normal and subnormal, overflow, NaN', () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff],
      [65520, 0x7c00], // halfway to the next, ties to even: Infinity
      [1e6, 0x7c00],
      [-Infinity, 0xfc00],
      [2 ** -14, 0x0400],
      [2 ** -24, 0x0001],
      [2 ** -25, 0x0000], // a tie, to even
      [1.5 * 2 ** -25, 0x0001],
      [1 + 2 ** -11, 0x3c00], // a tie between 1 and 1 + 2^-10: to even
      [1 + 3 * 2 ** -11, 0x3c02],
    ];
    for (const [x, bits] of cases) expect(toFloat16Bits(x), `x = ${x}`).toBe(bits);
    expect(decode([toFloat16Bits(NaN)])[0]).toBeNaN();
  });

  it('gives the nearest half-precision value, as tfjs decodes it, over the whole range', () => {
    const r = seededRandom(4);
    const xs = Array.from({ length: 3000 }, () => {
      const mag = 2 ** (r() * 44 - 28); // subnormals to near the largest finite
      return (r() < 0.5 ? -1 : 1) * mag;
    });
    const bits = xs.map(toFloat16Bits);
    const got = decode(bits);
    const below = decode(bits.map((b) => ((b & 0x7fff) === 0 ? b : b - 1)));
    const above = decode(bits.map((b) => ((b & 0x7fff) >= 0x7bff ? b : b + 1)));
    xs.forEach((x, i) => {
      const err = Math.abs(got[i]! - x);
      expect(err).toBeLessThanOrEqual(Math.abs(below[i]! - x));
      expect(err).toBeLessThanOrEqual(Math.abs(above[i]! - x));
      expect(err).toBeLessThanOrEqual(Math.max(Math.abs(x) * 2 ** -11, 2 ** -25));
    });
  });

  it('a checkpoint in half precision is half the bytes, reads back through a run file, and keeps int tensors', () => {
    const r = seededRandom(9);
    const w = Float32Array.from({ length: 12 }, () => r() * 2 - 1);
    const steps = Int32Array.from([7, 8]);
    const data = new Uint8Array(w.byteLength + steps.byteLength);
    data.set(new Uint8Array(w.buffer), 0);
    data.set(new Uint8Array(steps.buffer), w.byteLength);
    const c = {
      netConfig: {
        family: 'postact' as const,
        n: 1,
        width: 0.25,
        inputSize: 32,
        inputChannels: 3,
        classes: 10,
        seed: 3,
        options: {} as never,
      },
      step: 4,
      specs: [
        { name: 'w', shape: [3, 4], dtype: 'float32' as const },
        { name: 'k', shape: [2], dtype: 'int32' as const },
      ],
      data: data.buffer,
    };
    const half = halfPrecision(c);
    expect(half.data.byteLength).toBe(12 * 2 + 2 * 4);
    const run = {
      id: 1,
      config: {
        family: 'postact',
        n: 1,
        width: 0.25,
        options: {},
        dataset: 'embedded',
        trainImages: 10,
        testImages: 10,
        epochs: 1,
        batchSize: 2,
        lr: 0.1,
        schedule: 'cosine',
        augment: false,
        seed: 3,
        evalsPerEpoch: 1,
      },
      backend: 'wasm',
      points: [],
      progress: { state: 'done', step: 4, totalSteps: 4, epoch: 1, checkpointStep: 4 },
      seconds: 1,
    } as never;
    const back = readRunFile(writeRunFile({ run, checkpoint: half }), 'half.json').checkpoint!;
    const t = tf.io.decodeWeights(back.data, back.specs);
    Array.from(t.w!.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(w[i]!, 3));
    expect(Array.from(t.k!.dataSync())).toEqual([7, 8]);
    tf.dispose(Object.values(t));
    // A damaged quantization is named.
    const doc = JSON.parse(writeRunFile({ run, checkpoint: half })) as {
      checkpoint: { specs: { quantization?: unknown }[] };
    };
    doc.checkpoint.specs[0]!.quantization = { dtype: 'uint8' };
    expect(() => readRunFile(JSON.stringify(doc), 'half.json')).toThrow(/stored as uint8/);
  });
});
