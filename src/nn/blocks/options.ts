/**
 * The options a block family can take, each with its label, range or choices, and default:
 * the one place the option widgets, the builders' defaults and the gallery read them from.
 * No TensorFlow.js here.
 */
import type { BlockOptions } from './types';

export type OptionKey = keyof BlockOptions;

interface Choice<V extends string> {
  readonly value: V;
  readonly label: string;
}

export type OptionSpec = {
  readonly [K in OptionKey]: BlockOptions[K] extends string
    ? {
        readonly key: K;
        readonly kind: 'choice';
        readonly label: string;
        readonly choices: readonly Choice<BlockOptions[K]>[];
        readonly default: BlockOptions[K];
      }
    : {
        readonly key: K;
        readonly kind: 'number';
        readonly label: string;
        readonly min: number;
        readonly max: number;
        readonly step: number;
        readonly default: number;
      };
}[OptionKey];

export const OPTION_SPECS: { readonly [K in OptionKey]: Extract<OptionSpec, { key: K }> } = {
  shortcut: {
    key: 'shortcut',
    kind: 'choice',
    label: 'Shortcut where the shape changes',
    choices: [
      { value: 'A', label: 'A: subsample, zero-pad' },
      { value: 'B', label: 'B: 1×1 projection' },
    ],
    default: 'A',
  },
  lambda: {
    key: 'lambda',
    kind: 'number',
    label: 'Shortcut scale λ',
    min: 0,
    max: 2,
    step: 0.05,
    default: 1,
  },
  preactVariant: {
    key: 'preactVariant',
    kind: 'choice',
    label: 'Pre-activation variant (He et al. 2016b, Fig. 4)',
    choices: [
      { value: 'e', label: '(e) full' },
      { value: 'b', label: '(b) BN after add' },
      { value: 'c', label: '(c) ReLU before add' },
      { value: 'd', label: '(d) ReLU only' },
    ],
    default: 'e',
  },
  survivalRule: {
    key: 'survivalRule',
    kind: 'choice',
    label: 'Survival rule',
    choices: [
      { value: 'linear', label: 'linear decay' },
      { value: 'uniform', label: 'uniform' },
    ],
    default: 'linear',
  },
  pL: {
    key: 'pL',
    kind: 'number',
    label: 'Survival of the last block p_L',
    min: 0.1,
    max: 1,
    step: 0.05,
    default: 0.5,
  },
  highwayBias: {
    key: 'highwayBias',
    kind: 'number',
    label: 'Gate bias b_T',
    min: -5,
    max: 2,
    step: 0.5,
    default: -2,
  },
};

export const DEFAULT_BLOCK_OPTIONS: BlockOptions = {
  shortcut: OPTION_SPECS.shortcut.default,
  lambda: OPTION_SPECS.lambda.default,
  preactVariant: OPTION_SPECS.preactVariant.default,
  survivalRule: OPTION_SPECS.survivalRule.default,
  pL: OPTION_SPECS.pL.default,
  highwayBias: OPTION_SPECS.highwayBias.default,
};

/** A run's partial options with every missing one at its default. */
export function resolveOptions(partial: Partial<BlockOptions> | undefined): BlockOptions {
  return { ...DEFAULT_BLOCK_OPTIONS, ...partial };
}
