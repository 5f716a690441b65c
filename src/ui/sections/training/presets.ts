/**
 * Lessons as queues of runs, sized to finish in minutes on a laptop without a GPU (WASM,
 * quarter-width nets, the 5,000 embedded images; bench:gap measured 25–37 s an epoch).
 */
import type { RunConfig } from '../../../worker/compute/protocol';

export interface Preset {
  readonly id: string;
  readonly title: string;
  readonly lesson: string;
  readonly runs: readonly RunConfig[];
}

const BASE: RunConfig = {
  family: 'postact',
  n: 3,
  width: 0.25,
  options: {},
  dataset: 'embedded',
  trainImages: 5000,
  testImages: 1000,
  epochs: 3,
  batchSize: 64,
  lr: 0.02,
  schedule: 'cosine',
  augment: false,
  seed: 1,
  evalsPerEpoch: 4,
};

export const PRESETS: readonly Preset[] = [
  {
    id: 'degradation',
    title: 'Plain vs residual at 20 and 32 layers',
    lesson:
      'The degradation problem: He et al. (2016) found that without shortcuts the deeper plain net trains worse, and that shortcuts remove the gap. Watch the training losses of the four runs.',
    runs: [3, 5].flatMap((n) => [
      { ...BASE, family: 'noShortcut' as const, n },
      { ...BASE, family: 'postact' as const, n },
    ]),
  },
  {
    id: 'stochastic',
    title: 'Stochastic depth vs constant depth',
    lesson:
      'Stochastic depth (Huang et al. 2016) skips blocks while training: compare the time an epoch takes and the accuracy reached.',
    runs: [
      { ...BASE, family: 'postact', n: 5 },
      { ...BASE, family: 'stochastic', n: 5, options: { survivalRule: 'linear', pL: 0.5 } },
    ],
  },
  {
    id: 'preact',
    title: 'Pre-activation and its ablations',
    lesson:
      'Identity mappings (He et al. 2016b): the original unit (a) and full pre-activation (e) against BN after addition (b), ReLU before addition (c) and ReLU-only pre-activation (d).',
    runs: [
      { ...BASE, family: 'postact' as const },
      ...(['b', 'c', 'd', 'e'] as const).map((v) => ({
        ...BASE,
        family: 'preact' as const,
        options: { preactVariant: v },
      })),
    ],
  },
];
