/**
 * A dataset split on the device: all images uploaded once as one normalised NHWC float tensor
 * (the "atlas"), mini-batches gathered from it by index, shuffled by seed each epoch. Only the
 * indices cross to the device per step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { PIXELS, SIDE, type Split } from '../../data/cifar10/records';

export interface ChannelStats {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** Planar R, G, B bytes → NHWC floats, (v − mean_c) / std_c. */
export function normalisedNhwc(split: Split, stats: ChannelStats): Float32Array {
  const plane = SIDE * SIDE;
  const out = new Float32Array(split.count * PIXELS);
  const inv = stats.std.map((s) => 1 / Math.max(s, 1e-6));
  for (let i = 0; i < split.count; i++) {
    const base = i * PIXELS;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++) {
        out[base + p * 3 + c] = (split.pixels[base + c * plane + p]! - stats.mean[c]!) * inv[c]!;
      }
    }
  }
  return out;
}

export class DeviceDataset {
  readonly images: tf.Tensor4D;
  readonly labels: tf.Tensor1D;
  readonly count: number;

  constructor(split: Split, stats: ChannelStats) {
    this.count = split.count;
    this.images = tf.tensor4d(normalisedNhwc(split, stats), [split.count, SIDE, SIDE, 3]);
    this.labels = tf.tensor1d(Int32Array.from(split.labels), 'int32');
  }

  /** A seeded permutation of 0..count-1 (Fisher–Yates). */
  static shuffled(count: number, random: () => number): Int32Array {
    const order = Int32Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  }

  /** The batch of the given indices; the caller disposes it. */
  batch(indices: Int32Array): { x: tf.Tensor4D; y: tf.Tensor1D } {
    return tf.tidy(() => {
      const idx = tf.tensor1d(indices, 'int32');
      return { x: tf.gather(this.images, idx) as tf.Tensor4D, y: tf.gather(this.labels, idx) };
    });
  }

  /** One epoch's batches in a seeded order (a short last batch is dropped when `dropLast`). */
  *epoch(batchSize: number, random: () => number, dropLast = true): Generator<Int32Array> {
    const order = DeviceDataset.shuffled(this.count, random);
    for (let s = 0; s + (dropLast ? batchSize : 1) <= this.count; s += batchSize) {
      yield order.subarray(s, Math.min(this.count, s + batchSize));
    }
  }

  dispose(): void {
    tf.dispose([this.images, this.labels]);
  }
}
