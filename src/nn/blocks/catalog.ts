/**
 * What the page says about each block family: its name, short name, KaTeX formula, paper and
 * the path graph of one block (src/math/blockPaths). No TensorFlow.js here: the page reads it
 * at once; the builders (registry.ts) and the structure (structure.ts) key on the same ids.
 */
import { blockGraph, type BlockFamily, type Source } from '../../math/blockPaths';
import * as E from './formula';
import { formulaTex, type Expr, type Formula } from './formula';
import { DEFAULT_BLOCK_OPTIONS, OPTION_SPECS, type OptionKey, type OptionSpec } from './options';
import { BLOCK_FAMILY_IDS, type BlockFamilyId, type BlockOptions } from './types';

export interface FamilyEntry {
  readonly id: BlockFamilyId;
  readonly name: string;
  /** For labels and legends ("ResNet", "plain net"). */
  readonly short: string;
  /** The block's formula (a same-shape block) with these options; KaTeX by formula.ts. */
  readonly formula: (options: BlockOptions) => Formula;
  readonly paper: {
    readonly cite: string;
    readonly url: string;
    /** What the paper reported (papers.md), in the words the page shows. */
    readonly reported: readonly string[];
  };
  /** The path graph of one block. */
  readonly graph: BlockFamily;
  /** The options this family takes, with their ranges and defaults (options.ts). */
  readonly options: readonly OptionSpec[];
}

const { bn, conv, relu, input, shortcut, sum } = E;
/** BN(W₂ ReLU(BN(W₁ x))): the post-activation branch (its layers conv1, conv1_bn, conv2, conv2_bn). */
const postBranch = (x: Expr = input) =>
  bn('conv2_bn', conv('conv2', 'W_2', relu(bn('conv1_bn', conv('conv1', 'W_1', x, true)))));
/** λ·shortcut, the first term of a residual sum. */
const skip = (o: BlockOptions) => [o.lambda, shortcut] as const;

/** The pre-activation orderings of He et al. 2016b, Fig. 4 (layer names as preact.ts builds them). */
function preactFormula(o: BlockOptions): Formula {
  const w1 = (x: Expr) => conv('conv1', 'W_1', x, true);
  const w2 = (x: Expr) => conv('conv2', 'W_2', x);
  switch (o.preactVariant) {
    case 'e':
      return {
        defs: [],
        out: sum(skip(o), w2(relu(bn('conv1_bn', w1(relu(bn('bn_in', input))))))),
      };
    case 'b':
      return {
        defs: [],
        out: relu(bn('bn_add', sum(skip(o), w2(relu(bn('conv1_bn', w1(input))))))),
      };
    case 'c':
      return {
        defs: [],
        out: sum(skip(o), relu(bn('conv2_bn', w2(relu(bn('conv1_bn', w1(input))))))),
      };
    case 'd':
      return {
        defs: [],
        out: sum(skip(o), bn('conv2_bn', w2(relu(bn('conv1_bn', w1(relu(input))))))),
      };
  }
}

/**
 * A higher-order block written from its path graph: k_j = F_j(Σ of what the graph feeds stage
 * j), output ReLU(λs + Σ b_j k_j). The first stage reads the input x_l (with the stride), the
 * others the shortcut, as HO-ResNet's code does.
 */
function rungeKuttaFormula(family: BlockFamily, o: BlockOptions): Formula {
  const g = blockGraph(family);
  const k = (j: number) => `k_${j + 1}`;
  const from = (src: Source, stage: number): Expr =>
    src === 'x' ? (stage === 0 ? input : shortcut) : E.ref(k(src));
  const stage = conv(
    'F{j}/conv2',
    'W_{j,2}',
    relu(bn('F{j}/conv1_bn', conv('F{j}/conv1', 'W_{j,1}', relu(bn('F{j}/bn1', E.arg)), true))),
  );
  const defs = g.inputs.map((terms, j) => {
    const args = terms.map((t) => [t.w, from(t.from, j)] as const);
    return {
      name: k(j),
      tex: `k_{${j + 1}}`,
      e: E.call(j + 1, args.length === 1 && args[0]![0] === 1 ? args[0]![1] : sum(...args)),
    };
  });
  const out = relu(
    sum(
      ...g.output.map((t) =>
        t.from === 'x' ? ([t.w * o.lambda, shortcut] as const) : ([t.w, E.ref(k(t.from))] as const),
      ),
    ),
  );
  return { stage, defs, out };
}

const COMMON: readonly OptionKey[] = ['shortcut', 'lambda'];
const specs = (...keys: OptionKey[]): OptionSpec[] => keys.map((key) => OPTION_SPECS[key]);

export const FAMILIES: Readonly<Record<BlockFamilyId, FamilyEntry>> = {
  postact: {
    id: 'postact',
    name: 'ResNet (post-activation)',
    short: 'ResNet',
    formula: (o) => ({ defs: [], out: relu(sum(skip(o), postBranch())) }),
    paper: {
      cite: 'He et al. 2016, Deep Residual Learning',
      url: 'https://arxiv.org/abs/1512.03385',
      reported: [
        'CIFAR-10 test error: ResNet-20 8.75 %, ResNet-56 6.97 %, ResNet-110 6.43 % (mean of 5 runs 6.61 ± 0.16 %), ResNet-1202 7.93 % (Table 6).',
        'A plain net gets worse as it gets deeper (plain-56 above plain-20 in training and test error, Fig. 6); the residual net of the same depth gets better.',
      ],
    },
    graph: 'residual',
    options: specs(...COMMON),
  },
  preact: {
    id: 'preact',
    name: 'Pre-activation ResNet',
    short: 'pre-act ResNet',
    formula: preactFormula,
    paper: {
      cite: 'He et al. 2016, Identity Mappings in Deep Residual Networks',
      url: 'https://arxiv.org/abs/1603.05027',
      reported: [
        'ResNet-110 on CIFAR-10 (Table 2): (a) original 6.61 %, (b) BN after addition 8.17 %, (c) ReLU before addition 7.84 %, (d) ReLU-only pre-activation 6.71 %, (e) full pre-activation 6.37 %.',
        'ResNet-1001: 7.61 % with the original unit, 4.92 % with full pre-activation (Table 3).',
      ],
    },
    graph: 'residual',
    options: specs('preactVariant', ...COMMON),
  },
  stochastic: {
    id: 'stochastic',
    name: 'Stochastic depth',
    short: 'stochastic-depth ResNet',
    formula: (o) => ({
      defs: [],
      out: relu(sum(skip(o), E.gate(postBranch()))),
      where:
        'b_l \\sim \\mathrm{Bernoulli}(p_l)\\ \\text{in training},\\; b_l = p_l\\ \\text{at test}',
    }),
    paper: {
      cite: 'Huang et al. 2016, Deep Networks with Stochastic Depth',
      url: 'https://arxiv.org/abs/1603.09382',
      reported: [
        'ResNet-110 on CIFAR-10 with augmentation: 6.41 % with constant depth, 5.23 % with stochastic depth, p_L = 0.5 (Table 1).',
        'Training about 25 % faster: 20 h 42 min → 15 h 7 min on CIFAR-10 (Table 2).',
      ],
    },
    graph: 'residual',
    options: specs('survivalRule', 'pL', ...COMMON),
  },
  highway: {
    id: 'highway',
    name: 'Highway',
    short: 'highway net',
    formula: () => ({
      defs: [
        {
          name: 'T',
          tex: 'T',
          e: E.sigmoid(E.bias('gate_bias', 'b_T', conv('gate', 'W_T', input, true))),
        },
        { name: 'H', tex: 'H', e: relu(postBranch()) },
      ],
      out: sum(E.hadamard(E.ref('T'), E.ref('H')), E.hadamard(E.oneMinus(E.ref('T')), shortcut)),
    }),
    paper: {
      cite: 'Srivastava, Greff & Schmidhuber 2015, Highway Networks',
      url: 'https://arxiv.org/abs/1505.00387',
      reported: [
        'CIFAR-10 accuracy: a 19-layer highway net (2.3 M parameters) 92.24 %, a 32-layer one 90.34 % (Table 1).',
        'As a gate on ResNet-110 (He et al. 2016b, Table 1): training fails for gate biases 0 to −5; 8.70 % error at b = −6.',
      ],
    },
    graph: 'residual',
    options: specs('highwayBias', 'shortcut'),
  },
  midpoint: {
    id: 'midpoint',
    name: 'Midpoint (HO-ResNet)',
    short: 'midpoint ResNet',
    formula: (o) => rungeKuttaFormula('midpoint', o),
    paper: {
      cite: 'Luo et al. 2021, Rethinking ResNets: high-order schemes',
      url: 'https://arxiv.org/abs/2103.15244',
      reported: [
        'Stacking blocks by a higher-order scheme improved ResNet-30 by 2.15 % and ResNet-58 by 2.35 % on CIFAR-10, with no extra parameters (abstract).',
        'A midpoint block counts as two Euler blocks: a net of the same layers has half as many blocks.',
      ],
    },
    graph: 'midpoint',
    options: specs(...COMMON),
  },
  rk4: {
    id: 'rk4',
    name: 'RK4 (HO-ResNet)',
    short: 'RK4 ResNet',
    formula: (o) => rungeKuttaFormula('rk4', o),
    paper: {
      cite: 'Luo et al. 2021, Rethinking ResNets: high-order schemes',
      url: 'https://arxiv.org/abs/2103.15244',
      reported: [
        'Same paper: the higher-order stacking improves CIFAR-10 accuracy at equal parameters (ResNet-30 +2.15 %, ResNet-58 +2.35 %, abstract).',
        'An RK4 block counts as four Euler blocks: a quarter as many blocks for the same layers.',
      ],
    },
    graph: 'rk4',
    options: specs(...COMMON),
  },
  noShortcut: {
    id: 'noShortcut',
    name: 'Plain (no shortcut)',
    short: 'plain net',
    formula: () => ({ defs: [], out: relu(postBranch()) }),
    paper: {
      cite: 'He et al. 2016, Deep Residual Learning (plain baseline)',
      url: 'https://arxiv.org/abs/1512.03385',
      reported: [
        'No table: the curves show plain-20 < plain-32 < plain-44 < plain-56 in training and test error (Fig. 6), and plain-110 above 60 % error.',
        'The same depth with shortcuts: ResNet-56 6.97 %, ResNet-110 6.43 % (Table 6).',
      ],
    },
    graph: 'noShortcut',
    options: [],
  },
};

/** Every family, in the page's order. */
export const FAMILY_LIST: readonly FamilyEntry[] = BLOCK_FAMILY_IDS.map((id) => FAMILIES[id]);

/** The family's formula with these options, as one line of KaTeX. */
export function familyTex(
  id: BlockFamilyId,
  options: BlockOptions = DEFAULT_BLOCK_OPTIONS,
): string {
  return formulaTex(FAMILIES[id].formula(options));
}

/** The short name of a family id (a foreign id is shown as it is). */
export function shortFamilyName(id: string): string {
  return (FAMILIES as Record<string, FamilyEntry | undefined>)[id]?.short ?? id;
}
