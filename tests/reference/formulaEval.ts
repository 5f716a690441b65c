/**
 * Evaluates a block's formula (src/nn/blocks/formula.ts) over plain arrays: every node by its
 * definition in convnet.ts, the weights read by the layer names the formula gives. Batch norm
 * uses the batch's statistics, as a block does in training.
 */
import type { Expr, Formula } from '../../src/nn/blocks/formula';
import * as R from './convnet';

export interface FormulaInputs {
  readonly x: R.T4;
  /** The shortcut of x (x itself where the shape is kept). */
  readonly shortcut: R.T4;
  readonly stride: number;
  /** A parameter's values by its name within the block ('conv1/w', 'conv1_bn/gamma'). */
  readonly param: (name: string) => { shape: number[]; data: ArrayLike<number> };
  /** Stochastic depth's gate b_l. */
  readonly gate: number;
  readonly eps: number;
}

export function evalFormula(f: Formula, inp: FormulaInputs): R.T4 {
  const env = new Map<string, R.T4>();
  const ev = (e: Expr, j: number | undefined, u: R.T4 | undefined): R.T4 => {
    const layer = (name: string) => (j === undefined ? name : name.replaceAll('{j}', String(j)));
    const go = (x: Expr) => ev(x, j, u);
    switch (e.op) {
      case 'input':
        return inp.x;
      case 'shortcut':
        return inp.shortcut;
      case 'arg':
        if (!u) throw new Error('u outside a stage function');
        return u;
      case 'ref': {
        const v = env.get(e.name);
        if (!v) throw new Error(`${e.name} used before it is defined`);
        return v;
      }
      case 'relu':
        return R.relu(go(e.arg));
      case 'sigmoid':
        return R.sigmoid(go(e.arg));
      case 'oneMinus':
        return R.map(go(e.arg), (v) => 1 - v);
      case 'bn': {
        const n = layer(e.layer);
        return R.batchNormTrain(
          go(e.arg),
          inp.param(`${n}/gamma`).data,
          inp.param(`${n}/beta`).data,
          inp.eps,
        );
      }
      case 'conv': {
        const stride = e.strided && (j === undefined || j === 1) ? inp.stride : 1;
        return R.conv2d(go(e.arg), inp.param(`${layer(e.layer)}/w`), stride);
      }
      case 'bias':
        return R.addBias(go(e.arg), inp.param(layer(e.layer)).data);
      case 'sum':
        return e.terms.map((t) => R.scale(go(t.e), t.w)).reduce((a, b) => R.add(a, b));
      case 'hadamard':
        return R.mul(go(e.a), go(e.b));
      case 'gate':
        return R.scale(go(e.arg), inp.gate);
      case 'call':
        if (!f.stage) throw new Error('a call with no stage function');
        return ev(f.stage, e.j, go(e.arg));
    }
  };
  for (const d of f.defs) env.set(d.name, ev(d.e, undefined, undefined));
  return ev(f.out, undefined, undefined);
}
