/**
 * The unraveled view drawn literally: the nodes y_0..y_n on a baseline, each block's residual
 * functions as boxes above it, and every path from input to output as its own strand, coloured
 * by its length. Hovering a strand reports its index (the same index as its formula term).
 */
import { curveMonotoneX, interpolatePlasma, line, select } from 'd3';
import type { BlockFamily } from '../../math/blockPaths';
import { functionsPerBlock } from '../../math/blockPaths';
import type { NetPath } from '../../math/expansion';
import { innerBox, layer, type Frame } from './frame';

export const GRAPH_FRAME: Frame = {
  width: 720,
  height: 340,
  margin: { top: 30, right: 24, bottom: 34, left: 24 },
};

export interface GraphData {
  readonly family: BlockFamily;
  readonly n: number;
  readonly paths: readonly NetPath[];
  readonly hovered: number | null;
}

interface Box {
  readonly block: number;
  readonly fn: number;
  readonly x: number;
  readonly y: number;
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
const sub = (n: number) => String(n).replace(/\d/g, (d) => SUB[Number(d)]!);

export function pathColour(length: number, maxLength: number): string {
  return interpolatePlasma(0.08 + 0.78 * (maxLength === 0 ? 0 : length / maxLength));
}

export function drawUnraveledGraph(
  svgEl: SVGSVGElement,
  data: GraphData,
  onHover: (index: number | null) => void,
): void {
  const f = GRAPH_FRAME;
  const b = innerBox(f);
  const svg = select(svgEl).attr('viewBox', `0 0 ${f.width} ${f.height}`);
  const m = functionsPerBlock(data.family);
  const xs = Array.from(
    { length: data.n + 1 },
    (_, l) => b.left + 20 + (l * (b.right - b.left - 40)) / data.n,
  );
  const yBase = b.bottom - 40;
  const rise = yBase - b.top - 40; // height of the highest function box above the baseline
  const boxes: Box[] = [];
  for (let l = 1; l <= data.n; l++) {
    for (let i = 1; i <= m; i++) {
      const x = xs[l - 1]! + (i * (xs[l]! - xs[l - 1]!)) / (m + 1);
      boxes.push({
        block: l,
        fn: i,
        x,
        y: yBase - rise * (m === 1 ? 1 : 0.45 + (0.55 * (i - 1)) / (m - 1)),
      });
    }
  }
  const boxAt = (block: number, fn: number) => boxes[(block - 1) * m + (fn - 1)]!;
  const P = data.paths.length;
  const spread = Math.min(5, 90 / Math.max(P, 1));
  const maxLen = Math.max(...data.paths.map((p) => p.steps.length));

  const boxW = Math.min(60, ((xs[1]! - xs[0]!) / (m + 1)) * 0.9);
  layer(svg, 'boxes')
    .selectAll('g.fn')
    .data(boxes, (d) => `${(d as Box).block}.${(d as Box).fn}`)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'fn');
      g.append('rect');
      g.append('text');
      return g;
    })
    .call((g) =>
      g
        .select('rect')
        .attr('x', (d) => d.x - boxW / 2)
        .attr('y', (d) => d.y - 13 - (spread * P) / 2)
        .attr('width', boxW)
        .attr('height', 26 + spread * P)
        .attr('rx', 5),
    )
    .call((g) =>
      g
        .select('text')
        .attr('x', (d) => d.x)
        .attr('y', (d) => d.y - 19 - (spread * P) / 2)
        .attr('text-anchor', 'middle')
        .text((d) => (m === 1 ? `f${sub(d.block)}` : `f${sub(d.block)},${sub(d.fn)}`)),
    );

  const strand = line<[number, number]>()
    .x((d) => d[0])
    .y((d) => d[1])
    .curve(curveMonotoneX);
  const pointsOf = (p: NetPath): [number, number][] => {
    const off = (p.index - (P - 1) / 2) * spread;
    const pts: [number, number][] = [[xs[0]! - 16, yBase + off]];
    for (let l = 1; l <= data.n; l++) {
      for (const s of p.steps)
        if (s.block === l) pts.push([boxAt(l, s.fn).x, boxAt(l, s.fn).y + off]);
      pts.push([xs[l]!, yBase + off]);
    }
    pts.push([xs[data.n]! + 16, yBase + off]);
    return pts;
  };
  layer(svg, 'strands')
    .selectAll<SVGPathElement, NetPath>('path')
    .data(data.paths, (p) => p.index)
    .join('path')
    .attr('d', (p) => strand(pointsOf(p)))
    .attr('stroke', (p) => pathColour(p.steps.length, maxLen))
    .attr('data-path', (p) => p.index)
    .attr('data-length', (p) => p.steps.length)
    .classed('hot', (p) => p.index === data.hovered)
    .classed('dim', (p) => data.hovered !== null && p.index !== data.hovered)
    .on('mouseenter', (_e, p) => onHover(p.index))
    .on('mouseleave', () => onHover(null));
  // The hovered strand is drawn last so nothing covers it.
  layer(svg, 'strands').selectAll<SVGPathElement, NetPath>('path.hot').raise();

  layer(svg, 'nodes')
    .selectAll('g.node')
    .data(xs)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'node');
      g.append('circle').attr('r', 6);
      g.append('text').attr('text-anchor', 'middle');
      return g;
    })
    .call((g) =>
      g
        .select('circle')
        .attr('cx', (x) => x)
        .attr('cy', yBase),
    )
    .call((g) =>
      g
        .select('text')
        .attr('x', (x) => x)
        .attr('y', yBase + 34 + (spread * P) / 2)
        .text((_x, l) => `y${sub(l)}`),
    );
}
