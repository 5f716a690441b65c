/**
 * A block's formula as data: the page renders it as KaTeX, and a test evaluates the same
 * structure over plain arrays, with the weights of a built block, against the block's forward
 * pass (tests/unit/nn/formula.test.ts). So the formula a student reads is the code that runs.
 *
 * Layer names are those the builders give their parameters (`conv1`, `conv1_bn`, …); inside a
 * stage function F_j, `{j}` stands for the stage's number.
 */
import { weightTex } from '../../math/blockPaths';

export type Expr =
  /** The block input x_l. */
  | { readonly op: 'input' }
  /** The shortcut: x_l where the shape is kept, option A or B where it changes. */
  | { readonly op: 'shortcut' }
  /** The argument u of a stage function F_j(u). */
  | { readonly op: 'arg' }
  /** A named intermediate of the formula (k_1, T, H). */
  | { readonly op: 'ref'; readonly name: string }
  | { readonly op: 'relu' | 'sigmoid' | 'oneMinus'; readonly arg: Expr }
  | { readonly op: 'bn'; readonly layer: string; readonly arg: Expr }
  /** A convolution W·arg; `strided`: it carries the block's stride (in F_j: only for j = 1). */
  | {
      readonly op: 'conv';
      readonly layer: string;
      readonly w: string;
      readonly strided: boolean;
      readonly arg: Expr;
    }
  | { readonly op: 'bias'; readonly layer: string; readonly b: string; readonly arg: Expr }
  | { readonly op: 'sum'; readonly terms: readonly { readonly w: number; readonly e: Expr }[] }
  | { readonly op: 'hadamard'; readonly a: Expr; readonly b: Expr }
  /** Stochastic depth's gate: b_l ∈ {0, 1} while training, its survival p_l at test time. */
  | { readonly op: 'gate'; readonly arg: Expr }
  /** The stage function F_j applied to arg. */
  | { readonly op: 'call'; readonly j: number; readonly arg: Expr };

export interface Formula {
  /** The stage function F_j(u) of the higher-order blocks, written once for every j. */
  readonly stage?: Expr;
  /** Intermediates in order: k_1 = …, T = … */
  readonly defs: readonly { readonly name: string; readonly tex: string; readonly e: Expr }[];
  readonly out: Expr;
  /** A side condition shown after the formula (not evaluated): b_l ~ Bernoulli(p_l). */
  readonly where?: string;
}

export const input: Expr = { op: 'input' };
export const shortcut: Expr = { op: 'shortcut' };
export const arg: Expr = { op: 'arg' };
export const ref = (name: string): Expr => ({ op: 'ref', name });
export const relu = (e: Expr): Expr => ({ op: 'relu', arg: e });
export const sigmoid = (e: Expr): Expr => ({ op: 'sigmoid', arg: e });
export const oneMinus = (e: Expr): Expr => ({ op: 'oneMinus', arg: e });
export const bn = (layer: string, e: Expr): Expr => ({ op: 'bn', layer, arg: e });
export const conv = (layer: string, w: string, e: Expr, strided = false): Expr => ({
  op: 'conv',
  layer,
  w,
  strided,
  arg: e,
});
export const bias = (layer: string, b: string, e: Expr): Expr => ({ op: 'bias', layer, b, arg: e });
export const sum = (...terms: (Expr | readonly [number, Expr])[]): Expr => ({
  op: 'sum',
  terms: terms.map((t) => (Array.isArray(t) ? { w: t[0], e: t[1] } : { w: 1, e: t as Expr })),
});
export const hadamard = (a: Expr, b: Expr): Expr => ({ op: 'hadamard', a, b });
export const gate = (e: Expr): Expr => ({ op: 'gate', arg: e });
export const call = (j: number, e: Expr): Expr => ({ op: 'call', j, arg: e });

/** What the tex writes for a ref's name, and for the input and output. */
const X = 'x_l';
const Y = 'x_{l+1}';

/** Does writing `e` after a factor need parentheses (a sum does)? */
const isSum = (e: Expr) => e.op === 'sum' || e.op === 'bias';

export function exprTex(e: Expr, defs: Formula['defs'] = []): string {
  const t = (x: Expr) => exprTex(x, defs);
  const paren = (x: Expr) => (isSum(x) ? `(${t(x)})` : t(x));
  switch (e.op) {
    case 'input':
    case 'shortcut':
      return X;
    case 'arg':
      return 'u';
    case 'ref':
      return defs.find((d) => d.name === e.name)?.tex ?? e.name;
    case 'relu':
      return `\\mathrm{ReLU}(${t(e.arg)})`;
    case 'sigmoid':
      return `\\sigma(${t(e.arg)})`;
    case 'oneMinus':
      return `(1 - ${t(e.arg)})`;
    case 'bn':
      return `\\mathrm{BN}(${t(e.arg)})`;
    case 'conv':
      return `${e.w}\\,${paren(e.arg)}`;
    case 'bias':
      return `${t(e.arg)} + ${e.b}`;
    case 'sum':
      return e.terms.map((term) => `${weightTex(term.w)}${paren(term.e)}`).join(' + ');
    case 'hadamard':
      return `${paren(e.a)} \\odot ${paren(e.b)}`;
    case 'gate':
      return `b_l\\, ${paren(e.arg)}`;
    case 'call':
      return `F_{${e.j}}${e.arg.op === 'sum' ? `\\!\\left(${t(e.arg)}\\right)` : `(${t(e.arg)})`}`;
  }
}

/** The formula as KaTeX lines: the stage function, each intermediate, the output. */
export function formulaLines(f: Formula): string[] {
  const lines: string[] = [];
  if (f.stage) lines.push(`F_j(u) = ${exprTex(f.stage)}`);
  for (const d of f.defs) lines.push(`${d.tex} = ${exprTex(d.e, f.defs)}`);
  lines.push(`${Y} = ${exprTex(f.out, f.defs)}`);
  if (f.where) lines.push(f.where);
  return lines;
}

/** The formula on one line, for KaTeX. */
export function formulaTex(f: Formula): string {
  return formulaLines(f).join(',\\quad ');
}

/** The formula as a display block, one line each, aligned at "=". */
export function formulaDisplayTex(f: Formula): string {
  const lines = formulaLines(f).map((l) => l.replace(' = ', ' &= '));
  return `\\begin{aligned}${lines.join(' \\\\ ')}\\end{aligned}`;
}
