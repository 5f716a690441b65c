/**
 * A block's data-flow diagram, generated from its formula (formula.ts): one node per operation,
 * one edge per value it reads, the shortcut marked. Nodes come in evaluation order, which is a
 * topological order, so a drawing can stack them top to bottom. The higher-order blocks' stage
 * functions F_j are single nodes (their inside is the formula's F_j(u) line).
 */
import { weightText } from '../../math/blockPaths';
import type { Expr, Formula } from './formula';

export type DiagramNodeKind =
  | 'input'
  | 'output'
  | 'conv'
  | 'bn'
  | 'relu'
  | 'sigmoid'
  | 'oneMinus'
  | 'bias'
  | 'sum'
  | 'hadamard'
  | 'gate'
  | 'stage';

export interface DiagramNode {
  readonly id: number;
  readonly kind: DiagramNodeKind;
  /** The label, with an optional subscript (W₁ is { text: 'W', sub: '1' }). */
  readonly text: string;
  readonly sub?: string;
  /** The intermediate this node computes, where the formula names it (k₁, T, H). */
  readonly names?: string;
}

export interface DiagramEdge {
  readonly from: number;
  readonly to: number;
  /** A weight other than 1 (½, ⅙, λ). */
  readonly label?: string;
  /** The block's shortcut (the identity, or option A/B where the shape changes). */
  readonly shortcut: boolean;
}

export interface Diagram {
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

/** Splits a KaTeX name like `W_{j,1}` or `b_T` into its base and subscript. */
function split(tex: string): { text: string; sub?: string } {
  const m = /^([^_]+)_\{?([^}]*)\}?$/.exec(tex);
  return m ? { text: m[1]!, sub: m[2]! } : { text: tex };
}

export function formulaDiagram(f: Formula): Diagram {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const named = new Map<string, number>();
  const add = (kind: DiagramNodeKind, text: string, sub?: string): number => {
    nodes.push({ id: nodes.length, kind, text, ...(sub !== undefined ? { sub } : {}) });
    return nodes.length - 1;
  };
  const input = add('input', 'x', 'l');
  /** Visits `e`, returning the node that holds its value and whether that is the shortcut. */
  const visit = (e: Expr): { id: number; shortcut: boolean } => {
    /** An operation on one value: the value's node first, so that edges run downwards. */
    const into = (kind: DiagramNodeKind, text: string, child: Expr, sub?: string) => {
      const c = visit(child);
      const id = add(kind, text, sub);
      edges.push({ from: c.id, to: id, shortcut: c.shortcut });
      return { id, shortcut: false };
    };
    switch (e.op) {
      case 'input':
        return { id: input, shortcut: false };
      case 'arg':
        throw new Error('the inside of a stage function is not drawn');
      case 'shortcut':
        return { id: input, shortcut: true };
      case 'ref': {
        const id = named.get(e.name);
        if (id === undefined) throw new Error(`${e.name} is used before it is defined`);
        return { id, shortcut: false };
      }
      case 'relu':
        return into('relu', 'ReLU', e.arg);
      case 'sigmoid':
        return into('sigmoid', 'σ', e.arg);
      case 'oneMinus':
        return into('oneMinus', '1 − ·', e.arg);
      case 'bn':
        return into('bn', 'BN', e.arg);
      case 'conv': {
        const w = split(e.w);
        return into('conv', w.text, e.arg, w.sub);
      }
      case 'bias': {
        const b = split(e.b);
        return into('bias', `+ ${b.text}`, e.arg, b.sub);
      }
      case 'gate':
        return into('gate', '× b', e.arg, 'l');
      case 'call':
        return into('stage', 'F', e.arg, String(e.j));
      case 'sum': {
        // The operands first, so that the sum sits below all of them.
        const parts = e.terms.map((t) => ({ c: visit(t.e), w: t.w }));
        const id = add('sum', '+');
        for (const { c, w } of parts)
          edges.push({
            from: c.id,
            to: id,
            shortcut: c.shortcut,
            ...(w !== 1 ? { label: weightText(w) } : {}),
          });
        return { id, shortcut: false };
      }
      case 'hadamard': {
        const a = visit(e.a);
        const b = visit(e.b);
        const id = add('hadamard', '⊙');
        edges.push({ from: a.id, to: id, shortcut: a.shortcut });
        edges.push({ from: b.id, to: id, shortcut: b.shortcut });
        return { id, shortcut: false };
      }
    }
  };
  for (const d of f.defs) {
    const { id } = visit(d.e);
    named.set(d.name, id);
    nodes[id] = { ...nodes[id]!, names: d.tex };
  }
  const last = visit(f.out);
  const output = add('output', 'x', 'l+1');
  edges.push({ from: last.id, to: output, shortcut: last.shortcut });
  return { nodes, edges };
}

/** Paths from the input to the output of a diagram (a DAG in topological order). */
export function diagramPathCount(d: Diagram): number {
  const count = new Array<number>(d.nodes.length).fill(0);
  count[0] = 1;
  for (const node of d.nodes)
    for (const e of d.edges) if (e.to === node.id) count[node.id]! += count[e.from]!;
  return count[d.nodes.length - 1]!;
}
