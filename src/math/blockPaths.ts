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

export interface BlockGraph {
  readonly family: BlockFamily;
  /** Display name. */
  readonly label: string;
  /** The block's update as KaTeX; the functions are f (or f_1..f_m), the input y. */
  readonly tex: string;
  /** `inputs[i]`: what function i reads (summed). */
  readonly inputs: readonly (readonly Source[])[];
  /** What the block output sums. */
  readonly output: readonly Source[];
}

const GRAPHS: Record<BlockFamily, BlockGraph> = {
  // y = x + F(x)
  residual: {
    family: 'residual',
    label: 'Residual (Euler)',
    tex: "y' = y + f(y)",
    inputs: [['x']],
    output: ['x', 0],
  },
  // k1 = F1(x), k2 = F2(x + ½k1), y = x + k2
  midpoint: {
    family: 'midpoint',
    label: 'Midpoint',
    tex: "k_1 = f_1(y),\\quad k_2 = f_2\\!\\left(y + \\tfrac12 k_1\\right),\\quad y' = y + k_2",
    inputs: [['x'], ['x', 0]],
    output: ['x', 1],
  },
  // k1 = F1(x), k2 = F2(x + ½k1), k3 = F3(x + ½k2), k4 = F4(x + k3), y = x + (k1 + 2k2 + 2k3 + k4)/6
  rk4: {
    family: 'rk4',
    label: 'RK4',
    tex: "k_1 = f_1(y),\\; k_2 = f_2\\!\\left(y + \\tfrac12 k_1\\right),\\; k_3 = f_3\\!\\left(y + \\tfrac12 k_2\\right),\\; k_4 = f_4(y + k_3),\\; y' = y + \\tfrac16 (k_1 + 2k_2 + 2k_3 + k_4)",
    inputs: [['x'], ['x', 0], ['x', 1], ['x', 2]],
    output: ['x', 0, 1, 2, 3],
  },
  // y = F(x): no shortcut
  noShortcut: {
    family: 'noShortcut',
    label: 'Plain (no shortcut)',
    tex: "y' = f(y)",
    inputs: [['x']],
    output: [0],
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
    src === 'x' ? [[]] : g.inputs[src]!.flatMap(into).map((p) => [...p, src]);
  const paths = g.output.flatMap(into);
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
    const sum = addPolys(g.inputs[i]!.map(of));
    poly.push([0, ...sum]); // passing through F_i adds one to the length
  }
  const out = addPolys(g.output.map(of));
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
