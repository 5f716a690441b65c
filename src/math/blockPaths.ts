/**
 * The paths through one block, read off the block's data-flow graph.
 *
 * A block is a small DAG: its input x, its residual functions F_1..F_m (each a conv–BN–ReLU
 * pair, one "module" in Veit et al.'s sense), and its output. Each function reads a linear
 * combination of x and earlier functions' outputs; the output is a linear combination too.
 * Unrolling every sum gives the unraveled view: one term per path from x to the output, its
 * length the number of functions it passes through. The coefficients (½, ⅙, …) weight the
 * terms but do not create or merge paths, so a path is counted once whatever its weight.
 */

export type BlockFamily = 'residual' | 'midpoint' | 'rk4' | 'noShortcut';

export const BLOCK_FAMILIES: readonly BlockFamily[] = ['residual', 'midpoint', 'rk4', 'noShortcut'];

/** `'x'` is the block input; a number i is the output of the block's function F_{i+1}. */
export type Source = 'x' | number;

/** One summand of a sum: a source times its weight (the ½, ⅙ of a Runge–Kutta tableau). */
export interface Term {
  readonly from: Source;
  readonly w: number;
}

export interface BlockGraph {
  readonly family: BlockFamily;
  /** Display name. */
  readonly label: string;
  /** `inputs[i]`: what function i reads (a weighted sum). */
  readonly inputs: readonly (readonly Term[])[];
  /** What the block output sums. */
  readonly output: readonly Term[];
}

const t = (from: Source, w = 1): Term => ({ from, w });

const GRAPHS: Record<BlockFamily, BlockGraph> = {
  // y = x + F(x)
  residual: {
    family: 'residual',
    label: 'Residual (Euler)',
    inputs: [[t('x')]],
    output: [t('x'), t(0)],
  },
  // k1 = F1(x), k2 = F2(x + ½k1), y = x + k2
  midpoint: {
    family: 'midpoint',
    label: 'Midpoint',
    inputs: [[t('x')], [t('x'), t(0, 1 / 2)]],
    output: [t('x'), t(1)],
  },
  // k1 = F1(x), k2 = F2(x + ½k1), k3 = F3(x + ½k2), k4 = F4(x + k3), y = x + (k1 + 2k2 + 2k3 + k4)/6
  rk4: {
    family: 'rk4',
    label: 'RK4',
    inputs: [[t('x')], [t('x'), t(0, 1 / 2)], [t('x'), t(1, 1 / 2)], [t('x'), t(2)]],
    output: [t('x'), t(0, 1 / 6), t(1, 1 / 3), t(2, 1 / 3), t(3, 1 / 6)],
  },
  // y = F(x): no shortcut
  noShortcut: {
    family: 'noShortcut',
    label: 'Plain (no shortcut)',
    inputs: [[t('x')]],
    output: [t(0)],
  },
};

export function blockGraph(family: BlockFamily): BlockGraph {
  return GRAPHS[family];
}

/** Number of residual functions in one block of the family. */
export function functionsPerBlock(family: BlockFamily): number {
  return GRAPHS[family].inputs.length;
}

/**
 * Every path through the block, each as the list of function indices it passes through in
 * order (the empty list is the pure shortcut). Sorted by length, then lexicographically.
 */
export function blockPaths(family: BlockFamily): number[][] {
  const g = GRAPHS[family];
  const into = (src: Source): number[][] =>
    src === 'x'
      ? [[]]
      : g.inputs[src]!.map((term) => term.from)
          .flatMap(into)
          .map((p) => [...p, src]);
  const paths = g.output.map((term) => term.from).flatMap(into);
  return paths.sort((a, b) => a.length - b.length || compareLex(a, b));
}

function compareLex(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

/**
 * The block's path-length generating polynomial: coefficient k counts the paths through k
 * functions. Residual 1 + z, plain z, midpoint 1 + z + z², RK4 1 + 4z + 3z² + 2z³ + z⁴.
 * Computed by dynamic programming over the DAG (independently of `blockPaths`).
 */
export function blockPolynomial(family: BlockFamily): number[] {
  const g = GRAPHS[family];
  const m = g.inputs.length;
  // poly[i] = generating polynomial of paths from x to the output of function i.
  const poly: number[][] = [];
  const of = (s: Source): number[] => (s === 'x' ? [1] : poly[s]!);
  for (let i = 0; i < m; i++) {
    const sum = addPolys(g.inputs[i]!.map((term) => of(term.from)));
    poly.push([0, ...sum]); // passing through F_i adds one to the length
  }
  const out = addPolys(g.output.map((term) => of(term.from)));
  while (out.length > 1 && out[out.length - 1] === 0) out.pop();
  return out;
}

function addPolys(ps: number[][]): number[] {
  const len = Math.max(...ps.map((p) => p.length));
  const out = new Array<number>(len).fill(0);
  for (const p of ps) p.forEach((c, k) => (out[k]! += c));
  return out;
}

/** Number of paths through one block: the polynomial at z = 1. */
export function pathsPerBlock(family: BlockFamily): number {
  return blockPolynomial(family).reduce((a, b) => a + b, 0);
}

/**
 * The Butcher tableau of a block read off its graph (h = 1): stage j reads x + Σ_i a[j][i] k_i,
 * the output is x + Σ_j b[j] k_j. The higher-order blocks are built from it.
 */
export function tableauOf(family: BlockFamily): { a: number[][]; b: number[] } {
  const g = GRAPHS[family];
  const m = g.inputs.length;
  const row = (terms: readonly Term[]) => {
    const r = new Array<number>(m).fill(0);
    for (const term of terms) if (term.from !== 'x') r[term.from] = term.w;
    return r;
  };
  return { a: g.inputs.map((terms, j) => row(terms).slice(0, j)), b: row(g.output) };
}

/** A weight as KaTeX: 1 is left out, small fractions are written as fractions (⅙ → \tfrac{1}{6}). */
export function weightTex(w: number): string {
  if (w === 1) return '';
  for (let d = 2; d <= 12; d++) {
    const num = Math.round(w * d);
    if (Math.abs(w * d - num) < 1e-9 && num > 0 && num < 10) return `\\tfrac{${num}}{${d}}`;
  }
  return `${w}\\,`;
}

const VULGAR: Record<string, string> = {
  '1/2': '½',
  '1/3': '⅓',
  '2/3': '⅔',
  '1/4': '¼',
  '3/4': '¾',
  '1/6': '⅙',
  '5/6': '⅚',
  '1/8': '⅛',
};

/** A weight as plain text for a diagram: ½, ⅙, or the number (0.7). */
export function weightText(w: number): string {
  for (let d = 2; d <= 8; d++) {
    const num = Math.round(w * d);
    const hit = VULGAR[`${num}/${d}`];
    if (Math.abs(w * d - num) < 1e-9 && hit) return hit;
  }
  return String(Math.round(w * 1000) / 1000);
}

/** A weighted sum as KaTeX, each source written by `name`. */
export function sumTex(terms: readonly Term[], name: (s: Source) => string): string {
  return terms.map((term) => `${weightTex(term.w)}${name(term.from)}`).join(' + ');
}

/**
 * The block's update in the ODE view, written from its graph: the state y, the functions f
 * (or f_1..f_m with stages k_j), the next state y'. The unraveled view shows it.
 */
export function graphTex(family: BlockFamily): string {
  const g = GRAPHS[family];
  if (g.inputs.length === 1) {
    const call = `f(${sumTex(g.inputs[0]!, () => 'y')})`;
    return `y' = ${sumTex(g.output, (s) => (s === 'x' ? 'y' : call))}`;
  }
  const name = (s: Source) => (s === 'x' ? 'y' : `k_{${s + 1}}`);
  const stages = g.inputs.map((terms, j) => {
    const arg = sumTex(terms, name);
    return `k_{${j + 1}} = f_{${j + 1}}${terms.length > 1 ? `\\!\\left(${arg}\\right)` : `(${arg})`}`;
  });
  return [...stages, `y' = ${sumTex(g.output, name)}`].join(',\\; ');
}

/** A path-length polynomial as KaTeX: [1, 4, 3, 2, 1] → 1 + 4z + 3z^{2} + 2z^{3} + z^{4}. */
export function polynomialTex(coeffs: readonly number[]): string {
  const terms = coeffs.flatMap((c, k) => {
    if (c === 0) return [];
    const power = k === 0 ? '' : k === 1 ? 'z' : `z^{${k}}`;
    return [k === 0 ? String(c) : `${c === 1 ? '' : c}${power}`];
  });
  return terms.length ? terms.join(' + ') : '0';
}
