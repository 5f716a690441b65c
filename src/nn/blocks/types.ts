import type * as tf from '@tensorflow/tfjs-core';
import type { SurvivalRule } from '../../math/survival';
import type { ForwardContext } from '../context';
import type { ParamFactory } from '../layers';

export type BlockFamilyId =
  'postact' | 'preact' | 'stochastic' | 'highway' | 'midpoint' | 'rk4' | 'noShortcut';

export const BLOCK_FAMILY_IDS: readonly BlockFamilyId[] = [
  'postact',
  'preact',
  'stochastic',
  'highway',
  'midpoint',
  'rk4',
  'noShortcut',
];

/**
 * Ids that run files, stored runs and checkpoints had before the rename ("plain" meant the
 * post-activation ResNet, "none" the net without shortcuts): read as today's.
 */
const LEGACY_FAMILY_IDS: Readonly<Record<string, BlockFamilyId>> = {
  plain: 'postact',
  none: 'noShortcut',
};

/** Today's id for a stored family id (old ids included), or undefined when it is none. */
export function familyId(raw: unknown): BlockFamilyId | undefined {
  if (typeof raw !== 'string') return undefined;
  if ((BLOCK_FAMILY_IDS as readonly string[]).includes(raw)) return raw as BlockFamilyId;
  return LEGACY_FAMILY_IDS[raw];
}

/** `x` with the family of its run config and of its checkpoint's net read as today's ids. */
export function withCurrentFamilyIds<T>(x: T): T {
  if (typeof x !== 'object' || x === null) return x;
  const o = x as Record<string, unknown>;
  let out = o;
  for (const key of ['config', 'netConfig'] as const) {
    const c = o[key];
    if (typeof c === 'object' && c !== null) {
      const id = familyId((c as { family?: unknown }).family);
      if (id !== undefined && id !== (c as { family?: unknown }).family)
        out = { ...out, [key]: { ...c, family: id } };
    }
  }
  return out as T;
}

/** Pre-activation ablations of He et al. 2016b, Fig. 4: (e) is full pre-activation. */
export type PreactVariant = 'b' | 'c' | 'd' | 'e';

export interface BlockOptions {
  /** Downsampling shortcut: A zero-pads channels after a stride-2 subsample, B projects. */
  readonly shortcut: 'A' | 'B';
  /** Scaled shortcut x_{l+1} = λ x_l + F(x_l); 1 is the identity. */
  readonly lambda: number;
  readonly preactVariant: PreactVariant;
  readonly survivalRule: SurvivalRule;
  readonly pL: number;
  readonly highwayBias: number;
}

/** The defaults, ranges and labels of the options live in options.ts. */
export { DEFAULT_BLOCK_OPTIONS } from './options';

export interface BlockBuildArgs {
  readonly f: ParamFactory;
  readonly name: string;
  readonly inCh: number;
  readonly outCh: number;
  readonly stride: number;
  /** Spatial size of the block's input (square). */
  readonly inSize: number;
  /** 0-based index of the block in the whole net, and the number of blocks. */
  readonly index: number;
  readonly total: number;
  readonly options: BlockOptions;
}

export interface Block {
  readonly family: BlockFamilyId;
  readonly index: number;
  readonly stride: number;
  readonly inCh: number;
  readonly outCh: number;
  /** Multiply-adds of one forward pass for one image. */
  readonly macs: number;
  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D;
}

/** A family's builder; what the page says about it is in catalog.ts under the same id. */
export interface BlockSpec {
  readonly id: BlockFamilyId;
  build(args: BlockBuildArgs): Block;
}
