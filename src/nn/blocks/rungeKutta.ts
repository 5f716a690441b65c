/**
 * Higher-order blocks of HO-ResNet (Luo et al. 2021, official code): each stage F_j is its own
 * pre-activation pair BN-ReLU-conv-BN-ReLU-conv; k₁ reads the block input x (with the stride),
 * later stages read the shortcut s; the block ends with ReLU(s + Σ b_j k_j).
 */
import * as tf from '@tensorflow/tfjs-core';
import { tableauOf } from '../../math/blockPaths';
import type { ForwardContext } from '../context';
import { bnRelu, conv } from '../layers';
import { buildShortcut, convBn, convMacs, hookOf, isDeleted, residualSum } from './common';
import { FAMILIES } from './catalog';
import type { Block, BlockBuildArgs } from './types';

/** A block whose stages and weights are its family's path graph (catalog.ts) read as a tableau. */
export function buildRungeKuttaBlock(family: 'midpoint' | 'rk4', a: BlockBuildArgs): Block {
  const tableau = tableauOf(FAMILIES[family].graph);
  const shortcut = buildShortcut(a);
  const out = Math.ceil(a.inSize / a.stride);
  const stages = tableau.b.map((_, j) => {
    const inCh = j === 0 ? a.inCh : a.outCh;
    return {
      bn1: a.f.bn(`${a.name}/F${j + 1}/bn1`, inCh),
      c1: convBn(a, `F${j + 1}/conv1`, inCh, a.outCh, j === 0 ? a.stride : 1),
      c2: a.f.conv(`${a.name}/F${j + 1}/conv2`, 3, a.outCh, a.outCh, 1),
    };
  });
  const F = (j: number, u: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D => {
    const st = stages[j]!;
    const h = conv(bnRelu(u, st.bn1, ctx), st.c1.conv);
    return conv(bnRelu(h, st.c1.bn, ctx), st.c2);
  };
  const macs =
    convMacs(a.inSize, a.stride, 3, a.inCh, a.outCh) +
    (2 * tableau.b.length - 1) * convMacs(out, 1, 3, a.outCh, a.outCh) +
    shortcut.macs;
  return {
    family,
    index: a.index,
    stride: a.stride,
    inCh: a.inCh,
    outCh: a.outCh,
    macs,
    forward(x, ctx) {
      const s = shortcut.apply(x, ctx);
      if (isDeleted(ctx, a.index))
        return tf.relu(residualSum(s, null, a.options.lambda, undefined));
      const k: tf.Tensor4D[] = [];
      tableau.b.forEach((_, j) => {
        if (j === 0) {
          k.push(F(0, x, ctx));
          return;
        }
        let u = s;
        tableau.a[j]!.forEach((aji, i) => {
          if (aji !== 0) u = tf.add(u, tf.mul(k[i]!, aji)) as tf.Tensor4D;
        });
        k.push(F(j, u, ctx));
      });
      let r: tf.Tensor4D | null = null;
      tableau.b.forEach((bj, j) => {
        if (bj === 0) return;
        const term = bj === 1 ? k[j]! : (tf.mul(k[j]!, bj) as tf.Tensor4D);
        r = r === null ? term : (tf.add(r, term) as tf.Tensor4D);
      });
      return tf.relu(residualSum(s, r, a.options.lambda, hookOf(ctx, a.index)));
    },
  };
}
