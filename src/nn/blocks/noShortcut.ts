/** A plain layer pair with no shortcut: the baseline of the degradation problem. */
import * as tf from '@tensorflow/tfjs-core';
import { buildShortcut, isDeleted } from './common';
import { buildPostActBranch } from './postact';
import type { Block, BlockSpec } from './types';

export const noShortcutBlock: BlockSpec = {
  id: 'noShortcut',
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
