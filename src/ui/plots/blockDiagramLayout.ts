/**
 * Where a block diagram's nodes and edges go: nodes stacked in evaluation order, an edge to the
 * next node straight down, every longer edge an arc beside the column: the shortcut and other
 * reads of the input on the right, reads of intermediates (k_j, T) on the left, each arc in the
 * innermost lane that no overlapping arc on its side holds.
 */
import type { Diagram, DiagramEdge } from '../../nn/blocks/diagram';

export interface PlacedEdge extends DiagramEdge {
  /** 0: straight down; k > 0: the k-th lane on the right; k < 0: the |k|-th on the left. */
  readonly lane: number;
}

export interface DiagramLayout {
  readonly rows: number;
  readonly edges: readonly PlacedEdge[];
  readonly lanesLeft: number;
  readonly lanesRight: number;
}

export function layoutDiagram(d: Diagram): DiagramLayout {
  const placed: PlacedEdge[] = [];
  const arcs = d.edges
    .filter((e) => e.to !== e.from + 1)
    .sort((a, b) => a.to - a.from - (b.to - b.from) || a.from - b.from);
  const taken: { side: number; lane: number; from: number; to: number }[] = [];
  for (const e of arcs) {
    const side = e.from === 0 ? 1 : -1;
    let lane = 1;
    while (taken.some((t) => t.side === side && t.lane === lane && e.from < t.to && t.from < e.to))
      lane++;
    taken.push({ side, lane, from: e.from, to: e.to });
    placed.push({ ...e, lane: side * lane });
  }
  for (const e of d.edges) if (e.to === e.from + 1) placed.push({ ...e, lane: 0 });
  const lanes = (side: number) =>
    Math.max(0, ...taken.filter((t) => t.side === side).map((t) => t.lane));
  return { rows: d.nodes.length, edges: placed, lanesLeft: lanes(-1), lanesRight: lanes(1) };
}
