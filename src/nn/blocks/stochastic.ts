/**
 * Stochastic depth (Huang et al. 2016) on the post-activation block. Training: one
 * Bernoulli(p_l) gate per block per mini-batch; a closed gate computes nothing, forward or
 * backward. Inference: the residual is scaled by p_l.
 */
import * as tf from '@tensorflow/tfjs-core';
import { survivalProbabilities } from '../../math/survival';
import { buildShortcut, hookOf, isDeleted, residualSum } from './common';
import { buildPostActBranch } from './postact';
import type { Block, BlockSpec } from './types';

export const stochasticBlock: BlockSpec = {
  id: 'stochastic',
  build(a): Block {
    const shortcut = buildShortcut(a);
    const branch = buildPostActBranch(a);
    const p = survivalProbabilities(a.total, a.options.survivalRule, a.options.pL)[a.index]!;
    return {
      family: 'stochastic',
      index: a.index,
      stride: a.stride,
      inCh: a.inCh,
      outCh: a.outCh,
      macs: branch.macs + shortcut.macs,
      forward(x, ctx) {
        const s = shortcut.apply(x, ctx);
        let r: tf.Tensor4D | null = null;
        if (ctx.mode === 'train') {
          const open = ctx.random() < p;
          ctx.observe?.(a.index, 'gate', open ? 1 : 0);
          if (open) r = branch.apply(x, ctx);
        } else if (!isDeleted(ctx, a.index)) {
          r = tf.mul(branch.apply(x, ctx), p) as tf.Tensor4D;
        }
        return tf.relu(residualSum(s, r, a.options.lambda, hookOf(ctx, a.index)));
      },
    };
  },
};
