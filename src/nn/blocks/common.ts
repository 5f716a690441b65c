/** Pieces shared by the block families: shortcuts, conv pairs, and the probe-aware sum. */
import * as tf from '@tensorflow/tfjs-core';
import type { BlockHook, ForwardContext } from '../context';
import { batchNorm, conv, stopGradient, type BnParams, type ConvParams } from '../layers';
import type { BlockBuildArgs } from './types';

export interface Shortcut {
  readonly apply: (x: tf.Tensor4D, ctx: ForwardContext) => tf.Tensor4D;
  readonly macs: number;
}

/** Identity when shapes match; otherwise option A (subsample + zero channels) or B (1×1 conv + BN). */
export function buildShortcut(a: BlockBuildArgs): Shortcut {
  if (a.stride === 1 && a.inCh === a.outCh) return { apply: (x) => x, macs: 0 };
  if (a.options.shortcut === 'B') {
    const proj = a.f.conv(`${a.name}/proj`, 1, a.inCh, a.outCh, a.stride);
    const bn = a.f.bn(`${a.name}/proj_bn`, a.outCh);
    const out = Math.ceil(a.inSize / a.stride);
    return {
      apply: (x, ctx) => batchNorm(conv(x, proj), bn, ctx),
      macs: out * out * a.inCh * a.outCh,
    };
  }
  const extra = a.outCh - a.inCh;
  const before = Math.floor(extra / 2);
  return {
    apply: (x) => {
      const sub = a.stride === 1 ? x : subsample(x, a.stride);
      return tf.pad(sub, [
        [0, 0],
        [0, 0],
        [0, 0],
        [before, extra - before],
      ]);
    },
    macs: 0,
  };
}

/** A 3×3 conv with its batch norm, and its multiply-adds. */
export interface ConvBn {
  readonly conv: ConvParams;
  readonly bn: BnParams;
}

export function convBn(
  a: BlockBuildArgs,
  name: string,
  inCh: number,
  outCh: number,
  stride: number,
  bnCh = outCh,
): ConvBn {
  return {
    conv: a.f.conv(`${a.name}/${name}`, 3, inCh, outCh, stride),
    bn: a.f.bn(`${a.name}/${name}_bn`, bnCh),
  };
}

export { convMacs } from './structure';

/**
 * λ·s + r with the probe hooks: a deleted block contributes no residual (the caller skips
 * computing it), and the gradient can be routed through only one of the two branches.
 */
export function residualSum(
  s: tf.Tensor4D,
  r: tf.Tensor4D | null,
  lambda: number,
  hook: BlockHook | undefined,
): tf.Tensor4D {
  const scaled = lambda === 1 ? s : (tf.mul(s, lambda) as tf.Tensor4D);
  if (r === null) return scaled;
  if (hook?.gradThrough === 'residual') return tf.add(stopGradient(scaled), r) as tf.Tensor4D;
  if (hook?.gradThrough === 'shortcut') return tf.add(scaled, stopGradient(r)) as tf.Tensor4D;
  return tf.add(scaled, r);
}

export function hookOf(ctx: ForwardContext, index: number): BlockHook | undefined {
  return ctx.hooks?.get(index);
}

/** True when a probe deletes this block (only at inference). */
export function isDeleted(ctx: ForwardContext, index: number): boolean {
  return ctx.mode === 'eval' && hookOf(ctx, index)?.deleted === true;
}

/**
 * x[:, ::s, ::s, :] as a 1×1 average pool with stride s (a pool over one pixel is that pixel).
 * tfjs has no gradient for StridedSlice; AvgPool has one on every backend, and it avoids the
 * 6-D slices a reshape-and-slice version needs (slow on WASM).
 */
export function subsample(x: tf.Tensor4D, s: number): tf.Tensor4D {
  return tf.avgPool(x, 1, s, 'valid');
}
