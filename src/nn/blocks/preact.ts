/**
 * Pre-activation blocks (He et al. 2016b, Fig. 4) and their ablations:
 * (e) full pre-activation  x + W₂ ReLU(BN(W₁ ReLU(BN(x))))
 * (b) BN after addition    ReLU(BN(x + W₂ ReLU(BN(W₁x))))
 * (c) ReLU before addition x + ReLU(BN(W₂ ReLU(BN(W₁x))))
 * (d) ReLU-only pre-act.   x + BN(W₂ ReLU(BN(W₁ ReLU(x))))
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext } from '../context';
import { batchNorm, bnRelu, conv } from '../layers';
import { buildShortcut, convBn, convMacs, hookOf, isDeleted, residualSum } from './common';
import type { Block, BlockSpec } from './types';

export const preactBlock: BlockSpec = {
  id: 'preact',
  build(a): Block {
    const v = a.options.preactVariant;
    const shortcut = buildShortcut(a);
    // Where the first BN sits: on the input (e) or after the first conv (b, c, d).
    const bnIn = v === 'e' ? a.f.bn(`${a.name}/bn_in`, a.inCh) : null;
    const c1 = convBn(a, 'conv1', a.inCh, a.outCh, a.stride);
    // The second conv is followed by a BN only where the ordering has one (c, d).
    const c2 = a.f.conv(`${a.name}/conv2`, 3, a.outCh, a.outCh, 1);
    const bn2 = v === 'c' || v === 'd' ? a.f.bn(`${a.name}/conv2_bn`, a.outCh) : null;
    const bnAfterAdd = v === 'b' ? a.f.bn(`${a.name}/bn_add`, a.outCh) : null;
    const out = Math.ceil(a.inSize / a.stride);
    const branch = (x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D => {
      switch (v) {
        case 'e': {
          const h = conv(bnRelu(x, bnIn!, ctx), c1.conv);
          return conv(bnRelu(h, c1.bn, ctx), c2);
        }
        case 'b':
          return conv(bnRelu(conv(x, c1.conv), c1.bn, ctx), c2);
        case 'c':
          return tf.relu(batchNorm(conv(bnRelu(conv(x, c1.conv), c1.bn, ctx), c2), bn2!, ctx));
        case 'd':
          return batchNorm(conv(bnRelu(conv(tf.relu(x), c1.conv), c1.bn, ctx), c2), bn2!, ctx);
      }
    };
    return {
      family: 'preact',
      index: a.index,
      stride: a.stride,
      inCh: a.inCh,
      outCh: a.outCh,
      macs:
        convMacs(a.inSize, a.stride, 3, a.inCh, a.outCh) +
        convMacs(out, 1, 3, a.outCh, a.outCh) +
        shortcut.macs,
      forward(x, ctx) {
        const s = shortcut.apply(x, ctx);
        const r = isDeleted(ctx, a.index) ? null : branch(x, ctx);
        const y = residualSum(s, r, a.options.lambda, hookOf(ctx, a.index));
        return bnAfterAdd ? bnRelu(y, bnAfterAdd, ctx) : y;
      },
    };
  },
};
