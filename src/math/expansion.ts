/**
 * The unraveled expansion written out: every path of a small net as one term, and the nested
 * recursion it comes from (Veit et al. 2016, eq. 5 for n = 3).
 */
import { blockPaths, functionsPerBlock, type BlockFamily } from './blockPaths';
import { assertCount } from './logspace';

/** One function on a path: block `block` (1-based), its function `fn` (1-based). */
export interface PathStep {
  readonly block: number;
  readonly fn: number;
}

export interface NetPath {
  /** Index of the path in the enumeration (stable: used to link the graph and the formula). */
  readonly index: number;
  /** For each block, the index into `blockPaths(family)` of the route taken through it. */
  readonly routes: readonly number[];
  readonly steps: readonly PathStep[];
}

/**
 * All paths through an n-block net of one family, ordered by length, then by the blocks they
 * visit. Refuses to enumerate more than `limit` paths.
 */
export function enumerateNetPaths(family: BlockFamily, n: number, limit = 4096): NetPath[] {
  assertCount(n, 'n');
  const routes = blockPaths(family);
  const total = routes.length ** n;
  if (total > limit) throw new RangeError(`${total} paths is more than the limit ${limit}`);
  const out: { routes: number[]; steps: PathStep[] }[] = [];
  const choice = new Array<number>(n).fill(0);
  for (let c = 0; c < total; c++) {
    let rest = c;
    for (let l = n - 1; l >= 0; l--) {
      choice[l] = rest % routes.length;
      rest = Math.floor(rest / routes.length);
    }
    const steps = choice.flatMap((r, l) => routes[r]!.map((i) => ({ block: l + 1, fn: i + 1 })));
    out.push({ routes: [...choice], steps });
  }
  out.sort((a, b) => a.steps.length - b.steps.length || compareSteps(a.steps, b.steps));
  return out.map((p, index) => ({ index, ...p }));
}

function compareSteps(a: readonly PathStep[], b: readonly PathStep[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = a[i]!.block - b[i]!.block || a[i]!.fn - b[i]!.fn;
    if (d !== 0) return d;
  }
  return 0;
}

/** The KaTeX name of one function: f_l for one-function blocks, f_{l,i} otherwise. */
export function functionName(family: BlockFamily, step: PathStep): string {
  return functionsPerBlock(family) === 1 ? `f_{${step.block}}` : `f_{${step.block},${step.fn}}`;
}

/** One path as a composition, innermost first: f_3(f_1(y_0)). */
export function pathTermLatex(family: BlockFamily, path: NetPath): string {
  return path.steps.reduce((inner, s) => `${functionName(family, s)}(${inner})`, 'y_0');
}

/**
 * The recursion y_l = y_{l-1} + f_l(y_{l-1}) of a residual net unrolled down to y_0 without
 * distributing f over sums: Veit et al.'s eq. (5) for n = 3.
 */
export function nestedResidualLatex(n: number): string {
  assertCount(n, 'n');
  let expr = 'y_0';
  for (let l = 1; l <= n; l++) {
    const bracketed = l === 1 ? expr : `\\left[${expr}\\right]`;
    expr = `${bracketed} + f_{${l}}\\!\\left(${expr}\\right)`;
  }
  return expr;
}
