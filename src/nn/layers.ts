/**
 * The few layers the nets are made of, as plain functions over a small parameter tree of
 * tf.Variables (no tf.layers: the probes need to reach inside blocks).
 */
import * as tf from '@tensorflow/tfjs-core';
// Gradients of every op (tfjs-core registers none by itself; training and probes need them).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { batchNormTrain } from './backend/fusedBatchNorm';
import type { BnUpdate, ForwardContext } from './context';

export interface ConvParams {
  readonly kind: 'conv';
  readonly w: tf.Variable; // [k, k, in, out], no bias (batch norm follows)
  readonly stride: number;
}

export interface BnParams {
  readonly kind: 'bn';
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly runningMean: tf.Variable; // not trainable
  readonly runningVar: tf.Variable; // not trainable
}

export interface DenseParams {
  readonly kind: 'dense';
  readonly w: tf.Variable;
  readonly b: tf.Variable;
}

export const BN_EPSILON = 1e-5;
export const BN_MOMENTUM = 0.9;

/** Names and builds the variables of one net; a seed makes initialisation reproducible. */
export class ParamFactory {
  private count = 0;
  readonly all: { name: string; variable: tf.Variable; trainable: boolean }[] = [];
  constructor(private readonly seed: number) {}

  private add(name: string, init: () => tf.Tensor, trainable = true): tf.Variable {
    // tfjs variable names are global: let it choose unique ones, keep ours beside them.
    const v = tf.tidy(() => tf.variable(init(), trainable));
    this.all.push({ name, variable: v, trainable });
    return v;
  }

  private nextSeed(): number {
    return (this.seed * 1000003 + ++this.count * 7919) % 2147483647;
  }

  /** He (MSRA) normal initialisation: std = sqrt(2 / fan_in). */
  conv(name: string, k: number, inCh: number, outCh: number, stride = 1): ConvParams {
    const std = Math.sqrt(2 / (k * k * inCh));
    const seed = this.nextSeed();
    return {
      kind: 'conv',
      w: this.add(`${name}/w`, () => tf.randomNormal([k, k, inCh, outCh], 0, std, 'float32', seed)),
      stride,
    };
  }

  bn(name: string, ch: number): BnParams {
    return {
      kind: 'bn',
      gamma: this.add(`${name}/gamma`, () => tf.ones([ch])),
      beta: this.add(`${name}/beta`, () => tf.zeros([ch])),
      runningMean: this.add(`${name}/mean`, () => tf.zeros([ch]), false),
      runningVar: this.add(`${name}/var`, () => tf.ones([ch]), false),
    };
  }

  dense(name: string, inDim: number, outDim: number): DenseParams {
    const std = Math.sqrt(1 / inDim);
    const seed = this.nextSeed();
    return {
      kind: 'dense',
      w: this.add(`${name}/w`, () => tf.randomNormal([inDim, outDim], 0, std, 'float32', seed)),
      b: this.add(`${name}/b`, () => tf.zeros([outDim])),
    };
  }

  /** A scalar or per-channel bias with a given initial value (highway gate bias). */
  constant(name: string, shape: number[], value: number): tf.Variable {
    return this.add(name, () => tf.fill(shape, value));
  }

  trainableCount(): number {
    return this.all.filter((p) => p.trainable).reduce((s, p) => s + p.variable.size, 0);
  }

  dispose(): void {
    for (const p of this.all) p.variable.dispose();
  }
}

export function conv(x: tf.Tensor4D, p: ConvParams): tf.Tensor4D {
  return tf.conv2d(x, p.w as tf.Tensor4D, p.stride, 'same');
}

export function batchNorm(x: tf.Tensor4D, p: BnParams, ctx: ForwardContext): tf.Tensor4D {
  return normalise(x, p, ctx, false);
}

/** ReLU(BN(x)): in training one fused op with its own gradient (backend/fusedBatchNorm). */
export function bnRelu(x: tf.Tensor4D, p: BnParams, ctx: ForwardContext): tf.Tensor4D {
  return normalise(x, p, ctx, true);
}

function normalise(x: tf.Tensor4D, p: BnParams, ctx: ForwardContext, relu: boolean): tf.Tensor4D {
  if (ctx.mode === 'eval' && !ctx.batchStatistics) {
    const y = tf.batchNorm(x, p.runningMean, p.runningVar, p.beta, p.gamma, BN_EPSILON);
    return (relu ? tf.relu(y) : y) as tf.Tensor4D;
  }
  // Batch statistics, and the running averages updated after the step (applyBnUpdates).
  const { y, mean, variance } = batchNormTrain(
    x,
    p.gamma as tf.Tensor1D,
    p.beta as tf.Tensor1D,
    BN_EPSILON,
    relu,
  );
  if (ctx.bnUpdates) {
    ctx.bnUpdates.push({
      mean: p.runningMean,
      variance: p.runningVar,
      batchMean: mean,
      batchVariance: variance,
    });
  } else {
    tf.dispose([mean, variance]);
  }
  return y;
}

/** running ← momentum · running + (1 − momentum) · batch, then free the batch statistics. */
export function applyBnUpdates(updates: BnUpdate[]): void {
  for (const u of updates) {
    tf.tidy(() => {
      u.mean.assign(tf.add(tf.mul(u.mean, BN_MOMENTUM), tf.mul(u.batchMean, 1 - BN_MOMENTUM)));
      u.variance.assign(
        tf.add(tf.mul(u.variance, BN_MOMENTUM), tf.mul(u.batchVariance, 1 - BN_MOMENTUM)),
      );
    });
    u.batchMean.dispose();
    u.batchVariance.dispose();
  }
  updates.length = 0;
}

export function dense(x: tf.Tensor2D, p: DenseParams): tf.Tensor2D {
  return tf.add(tf.matMul(x, p.w as tf.Tensor2D), p.b);
}

/** Identity forward, zero gradient: the "stop gradient" tfjs-core lacks. */
export const stopGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  return { value: tf.clone(x), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
}) as (x: tf.Tensor) => tf.Tensor;
