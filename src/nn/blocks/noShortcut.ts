/** A plain layer pair with no shortcut: the baseline of the degradation problem. */
import * as tf from '@tensorflow/tfjs-core';
import { buildShortcut, isDeleted } from './common';
import { buildPostActBranch } from './postact';
import type { Block, BlockSpec } from './types';

export const noShortcutBlock: BlockSpec = {
  id: 'noShortcut',
  name: 'Plain (no shortcut)',
  tex: 'x_{l+1} = \\mathrm{ReLU}\\big(\\mathrm{BN}(W_2\\,\\mathrm{ReLU}(\\mathrm{BN}(W_1 x_l)))\\big)',
  paper: {
    cite: 'He et al. 2016, Deep Residual Learning (plain baseline)',
    url: 'https://arxiv.org/abs/1512.03385',
  },
  build(a): Block {
    const branch = buildPostActBranch(a);
    // Deleting a layer pair of a plain net leaves the identity (subsampled and padded where
    // the shape changes): the lesion study's "remove it" for a net without shortcuts.
    const passThrough = buildShortcut({ ...a, options: { ...a.options, shortcut: 'A' } });
    return {
      family: 'noShortcut',
      index: a.index,
      stride: a.stride,
      inCh: a.inCh,
      outCh: a.outCh,
      macs: branch.macs,
      forward(x, ctx) {
        if (isDeleted(ctx, a.index)) return passThrough.apply(x, ctx);
        return tf.relu(branch.apply(x, ctx));
      },
    };
  },
};
