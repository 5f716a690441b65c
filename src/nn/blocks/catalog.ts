/**
 * What the page says about each block family: its name, short name, KaTeX formula, paper and
 * the path graph of one block (src/math/blockPaths). No TensorFlow.js here: the page reads it
 * at once; the builders (registry.ts) and the structure (structure.ts) key on the same ids.
 */
import type { BlockFamily } from '../../math/blockPaths';
import { BLOCK_FAMILY_IDS, type BlockFamilyId } from './types';

export interface FamilyEntry {
  readonly id: BlockFamilyId;
  readonly name: string;
  /** For labels and legends ("ResNet", "plain net"). */
  readonly short: string;
  /** The block's formula in KaTeX. */
  readonly tex: string;
  readonly paper: { readonly cite: string; readonly url: string };
  /** The path graph of one block. */
  readonly graph: BlockFamily;
}

export const FAMILIES: Readonly<Record<BlockFamilyId, FamilyEntry>> = {
  postact: {
    id: 'postact',
    name: 'ResNet (post-activation)',
    short: 'ResNet',
    tex: 'x_{l+1} = \\mathrm{ReLU}\\big(x_l + \\mathrm{BN}(W_2\\,\\mathrm{ReLU}(\\mathrm{BN}(W_1 x_l)))\\big)',
    paper: {
      cite: 'He et al. 2016, Deep Residual Learning',
      url: 'https://arxiv.org/abs/1512.03385',
    },
    graph: 'residual',
  },
  preact: {
    id: 'preact',
    name: 'Pre-activation ResNet',
    short: 'pre-act ResNet',
    tex: 'x_{l+1} = x_l + W_2\\,\\mathrm{ReLU}(\\mathrm{BN}(W_1\\,\\mathrm{ReLU}(\\mathrm{BN}(x_l))))',
    paper: {
      cite: 'He et al. 2016, Identity Mappings in Deep Residual Networks',
      url: 'https://arxiv.org/abs/1603.05027',
    },
    graph: 'residual',
  },
  stochastic: {
    id: 'stochastic',
    name: 'Stochastic depth',
    short: 'stochastic-depth ResNet',
    tex: 'x_{l+1} = \\mathrm{ReLU}\\big(x_l + b_l\\, f_l(x_l)\\big),\\quad b_l \\sim \\mathrm{Bernoulli}(p_l)',
    paper: {
      cite: 'Huang et al. 2016, Deep Networks with Stochastic Depth',
      url: 'https://arxiv.org/abs/1603.09382',
    },
    graph: 'residual',
  },
  highway: {
    id: 'highway',
    name: 'Highway',
    short: 'highway net',
    tex: 'y = T(x) \\odot H(x) + (1 - T(x)) \\odot x,\\quad T(x) = \\sigma(W_T x + b_T)',
    paper: {
      cite: 'Srivastava, Greff & Schmidhuber 2015, Highway Networks',
      url: 'https://arxiv.org/abs/1505.00387',
    },
    graph: 'residual',
  },
  midpoint: {
    id: 'midpoint',
    name: 'Midpoint (HO-ResNet)',
    short: 'midpoint ResNet',
    tex: 'k_1 = F_1(x),\\; k_2 = F_2\\!\\left(s + \\tfrac12 k_1\\right),\\; y = \\mathrm{ReLU}(s + k_2)',
    paper: {
      cite: 'Luo et al. 2021, Rethinking ResNets: high-order schemes',
      url: 'https://arxiv.org/abs/2103.15244',
    },
    graph: 'midpoint',
  },
  rk4: {
    id: 'rk4',
    name: 'RK4 (HO-ResNet)',
    short: 'RK4 ResNet',
    tex: 'k_1 = F_1(x),\\; k_2 = F_2(s + \\tfrac12 k_1),\\; k_3 = F_3(s + \\tfrac12 k_2),\\; k_4 = F_4(s + k_3),\\; y = \\mathrm{ReLU}\\big(s + \\tfrac16(k_1 + 2k_2 + 2k_3 + k_4)\\big)',
    paper: {
      cite: 'Luo et al. 2021, Rethinking ResNets: high-order schemes',
      url: 'https://arxiv.org/abs/2103.15244',
    },
    graph: 'rk4',
  },
  noShortcut: {
    id: 'noShortcut',
    name: 'Plain (no shortcut)',
    short: 'plain net',
    tex: 'x_{l+1} = \\mathrm{ReLU}\\big(\\mathrm{BN}(W_2\\,\\mathrm{ReLU}(\\mathrm{BN}(W_1 x_l)))\\big)',
    paper: {
      cite: 'He et al. 2016, Deep Residual Learning (plain baseline)',
      url: 'https://arxiv.org/abs/1512.03385',
    },
    graph: 'noShortcut',
  },
};

/** Every family, in the page's order. */
export const FAMILY_LIST: readonly FamilyEntry[] = BLOCK_FAMILY_IDS.map((id) => FAMILIES[id]);

/** The short name of a family id (a foreign id is shown as it is). */
export function shortFamilyName(id: string): string {
  return (FAMILIES as Record<string, FamilyEntry | undefined>)[id]?.short ?? id;
}
