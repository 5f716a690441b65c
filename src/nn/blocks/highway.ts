/**
 * Highway block (Srivastava et al. 2015): y = T ⊙ H(x) + (1 − T) ⊙ x with the transform gate
 * T = σ(conv1×1(x) + b_T), b_T initialised negative so the block starts by carrying x.
 */
import * as tf from '@tensorflow/tfjs-core';
import { batchNorm, bnRelu, conv, stopGradient } from '../layers';
import { buildShortcut, convBn, convMacs, hookOf, isDeleted } from './common';
import type { Block, BlockSpec } from './types';

export const highwayBlock: BlockSpec = {
  id: 'highway',
  build(a): Block {
    const shortcut = buildShortcut(a);
    const c1 = convBn(a, 'conv1', a.inCh, a.outCh, a.stride);
    const c2 = convBn(a, 'conv2', a.outCh, a.outCh, 1);
    const gate = a.f.conv(`${a.name}/gate`, 1, a.inCh, a.outCh, a.stride);
    const bT = a.f.constant(`${a.name}/gate_bias`, [a.outCh], a.options.highwayBias);
    const out = Math.ceil(a.inSize / a.stride);
    return {
      family: 'highway',
      index: a.index,
      stride: a.stride,
      inCh: a.inCh,
      outCh: a.outCh,
      macs:
        convMacs(a.inSize, a.stride, 3, a.inCh, a.outCh) +
        convMacs(out, 1, 3, a.outCh, a.outCh) +
        convMacs(a.inSize, a.stride, 1, a.inCh, a.outCh) +
        shortcut.macs,
      forward(x, ctx) {
        const s = shortcut.apply(x, ctx);
        if (isDeleted(ctx, a.index)) return s;
        const t = tf.sigmoid(tf.add(conv(x, gate), bT)) as tf.Tensor4D;
        ctx.observe?.(a.index, 'gate', tf.mean(t));
        const h = tf.relu(
          batchNorm(conv(bnRelu(conv(x, c1.conv), c1.bn, ctx), c2.conv), c2.bn, ctx),
        );
        let carry = tf.mul(tf.sub(1, t), s) as tf.Tensor4D;
        let transform = tf.mul(t, h) as tf.Tensor4D;
        const hook = hookOf(ctx, a.index);
        if (hook?.gradThrough === 'residual') carry = stopGradient(carry) as tf.Tensor4D;
        if (hook?.gradThrough === 'shortcut') transform = stopGradient(transform) as tf.Tensor4D;
        return tf.add(transform, carry);
      },
    };
  },
};
