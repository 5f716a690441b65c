/**
 * Lesion study at inference (Veit et al. 2016): evaluate with blocks deleted (each reduced to
 * its shortcut) and with blocks reordered within their stage.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { kendallTau } from '../../math/stats';
import type { BlockHook } from '../context';
import type { Net } from '../network';
import { evaluate } from '../train/trainer';
import { withReestimatedBn } from './bnReestimate';

/** Blocks that keep the shape (stride 1, same channels): the ones that can move. */
export function movableBlocks(net: Net): number[] {
  return net.blocks.flatMap((b, i) => (b.stride === 1 && b.inCh === b.outCh ? [i] : []));
}

/** Throws unless `order` is a permutation that moves only movable blocks within their stage. */
export function validateOrder(net: Net, order: readonly number[]): void {
  const n = net.blocks.length;
  if (order.length !== n || new Set(order).size !== n || order.some((i) => !(i >= 0 && i < n))) {
    throw new RangeError(`a block order must be a permutation of 0..${n - 1}`);
  }
  const movable = new Set(movableBlocks(net));
  order.forEach((blockIndex, position) => {
    if (blockIndex === position) return;
    if (!movable.has(blockIndex) || !movable.has(position)) {
      throw new RangeError(`block ${blockIndex} changes the shape and cannot move`);
    }
    if (net.stageOf[blockIndex] !== net.stageOf[position]) {
      throw new RangeError(
        `block ${blockIndex} cannot leave stage ${net.stageOf[blockIndex]! + 1}`,
      );
    }
  });
}

/** Swap k random pairs of movable blocks within the same stage. */
export function randomSwaps(net: Net, k: number, random: () => number): number[] {
  const order = net.blocks.map((_, i) => i);
  const byStage = [0, 1, 2]
    .map((s) => movableBlocks(net).filter((i) => net.stageOf[i] === s))
    .filter((g) => g.length >= 2);
  if (byStage.length === 0) return order;
  for (let t = 0; t < k; t++) {
    const g = byStage[Math.floor(random() * byStage.length)]!;
    const a = Math.floor(random() * g.length);
    let b = Math.floor(random() * (g.length - 1));
    if (b >= a) b++;
    const pa = g[a]!;
    const pb = g[b]!;
    [order[pa], order[pb]] = [order[pb]!, order[pa]!];
  }
  return order;
}

export interface LesionResult {
  readonly accuracy: number;
  readonly error: number;
  readonly loss: number;
  readonly kendallTau: number;
}

export interface Lesion {
  readonly deleted?: readonly number[];
  readonly order?: readonly number[];
  /**
   * Re-estimate the batch-norm statistics on these (training) images with the lesion in
   * place before evaluating (bnReestimate); without it, the statistics as trained (Veit's
   * protocol). The intact net keeps its trained statistics either way.
   */
  readonly bnImages?: tf.Tensor4D;
}

export async function lesionEvaluate(
  net: Net,
  x: tf.Tensor4D,
  labels: tf.Tensor1D,
  lesion: Lesion,
): Promise<LesionResult> {
  if (lesion.order) validateOrder(net, lesion.order);
  const hooks = new Map<number, BlockHook>(
    (lesion.deleted ?? []).map((i) => [i, { deleted: true }]),
  );
  const order = lesion.order;
  const run = () => evaluate(net, x, labels, 256, hooks, order);
  const lesioned = hooks.size > 0 || (order?.some((b, i) => b !== i) ?? false);
  const r =
    lesion.bnImages && lesioned
      ? await withReestimatedBn(net, lesion.bnImages, { hooks, ...(order ? { order } : {}) }, run)
      : await run();
  return { ...r, error: 1 - r.accuracy, kendallTau: lesion.order ? kendallTau(lesion.order) : 1 };
}
