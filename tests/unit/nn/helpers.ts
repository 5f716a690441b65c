import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { prepareBackend } from '../../../src/nn/backend/select';
import { ParamFactory } from '../../../src/nn/layers';
import { blockSpec } from '../../../src/nn/blocks/registry';
import {
  DEFAULT_BLOCK_OPTIONS,
  type Block,
  type BlockFamilyId,
  type BlockOptions,
} from '../../../src/nn/blocks/types';
import type { ForwardContext } from '../../../src/nn/context';
import { mulberry32 } from '../../reference/rng';
import { t4, type T4 } from '../../reference/convnet';

/** The CPU backend with the kernels the app adds to it (the fused training batch norm). */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  prepareBackend('cpu');
}

export interface BuiltBlock {
  readonly block: Block;
  readonly f: ParamFactory;
  /** A parameter's values by its name within the block, e.g. 'conv1/w'. */
  readonly P: (name: string) => { shape: number[]; data: Float32Array };
  readonly name: string;
}

export function buildBlock(
  family: BlockFamilyId,
  geometry: { inCh: number; outCh: number; stride: number; inSize: number },
  options: Partial<BlockOptions> = {},
  seed = 5,
): BuiltBlock {
  const f = new ParamFactory(seed);
  const name = 'b';
  const block = blockSpec(family).build({
    f,
    name,
    ...geometry,
    index: 0,
    total: 1,
    options: { ...DEFAULT_BLOCK_OPTIONS, ...options },
  });
  // Make γ and β non-trivial so the reference really checks them.
  const rand = mulberry32(seed + 100);
  for (const p of f.all) {
    if (p.name.endsWith('/gamma'))
      p.variable.assign(tf.tensor(Array.from({ length: p.variable.size }, () => 0.5 + rand())));
    if (p.name.endsWith('/beta'))
      p.variable.assign(tf.tensor(Array.from({ length: p.variable.size }, () => rand() - 0.5)));
  }
  const P = (n: string) => {
    const hit = f.all.find((p) => p.name === `${name}/${n}`);
    if (!hit)
      throw new Error(`no parameter ${name}/${n}; have ${f.all.map((p) => p.name).join(', ')}`);
    return { shape: hit.variable.shape, data: hit.variable.dataSync() as Float32Array };
  };
  return { block, f, P, name };
}

export function randomInput(
  shape: [number, number, number, number],
  seed: number,
): { tensor: tf.Tensor4D; ref: T4 } {
  const rand = mulberry32(seed);
  const data = Float32Array.from(
    { length: shape.reduce((a, b) => a * b, 1) },
    () => rand() * 2 - 1,
  );
  return { tensor: tf.tensor4d(data, shape), ref: t4(shape, data) };
}

export const trainCtx = (random: () => number = () => 0): ForwardContext => ({
  mode: 'train',
  random,
});

export function maxRelError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  let err = 0;
  for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i]! - want[i]!));
  return err / Math.max(scale, 1e-12);
}
