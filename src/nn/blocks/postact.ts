/** The original (post-activation) residual block: y = ReLU(λx + BN(W₂ ReLU(BN(W₁x)))). */
import * as tf from '@tensorflow/tfjs-core';
import { batchNorm, bnRelu, conv } from '../layers';
import { buildShortcut, convBn, convMacs, hookOf, isDeleted, residualSum } from './common';
import type { Block, BlockBuildArgs, BlockSpec } from './types';

/** The residual branch BN(W₂ ReLU(BN(W₁x))), shared with stochastic depth. */
export function buildPostActBranch(a: BlockBuildArgs) {
  const c1 = convBn(a, 'conv1', a.inCh, a.outCh, a.stride);
  const c2 = convBn(a, 'conv2', a.outCh, a.outCh, 1);
  const out = Math.ceil(a.inSize / a.stride);
  return {
    macs: convMacs(a.inSize, a.stride, 3, a.inCh, a.outCh) + convMacs(out, 1, 3, a.outCh, a.outCh),
    apply: (x: tf.Tensor4D, ctx: Parameters<typeof batchNorm>[2]) =>
      batchNorm(conv(bnRelu(conv(x, c1.conv), c1.bn, ctx), c2.conv), c2.bn, ctx),
  };
}

export const postactBlock: BlockSpec = {
  id: 'postact',
  build(a): Block {
    const shortcut = buildShortcut(a);
    const branch = buildPostActBranch(a);
    return {
      family: 'postact',
      index: a.index,
      stride: a.stride,
      inCh: a.inCh,
      outCh: a.outCh,
      macs: branch.macs + shortcut.macs,
      forward(x, ctx) {
        const s = shortcut.apply(x, ctx);
        const r = isDeleted(ctx, a.index) ? null : branch.apply(x, ctx);
        return tf.relu(residualSum(s, r, a.options.lambda, hookOf(ctx, a.index)));
      },
    };
  },
};
