/** A block's data-flow diagram (generated from its formula) as SVG: boxes, arrows, arcs. */
import { select } from 'd3';
import type { Diagram, DiagramNode } from '../../nn/blocks/diagram';
import { layer } from './frame';
import { layoutDiagram, type PlacedEdge } from './blockDiagramLayout';

const ROW = 34;
const BOX_W = 78;
const BOX_H = 22;
const LANE = 16;
const PAD = 14;

export function drawBlockDiagram(svgEl: SVGSVGElement, d: Diagram): void {
  const lay = layoutDiagram(d);
  const cx = PAD + lay.lanesLeft * LANE + BOX_W / 2 + 10;
  const nameX = BOX_W / 2 + lay.lanesRight * LANE + 8;
  const named = d.nodes.some((n) => n.names !== undefined);
  const width = cx + nameX + (named ? 44 : 8) + PAD;
  const height = PAD * 2 + (lay.rows - 1) * ROW + BOX_H;
  const y = (i: number) => PAD + BOX_H / 2 + i * ROW;
  const svg = select(svgEl)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', width)
    .attr('height', height)
    // Natural size (12 px type), never stretched by the page's plot styles; narrower screens shrink it.
    .style('width', `${width}px`)
    .style('max-width', '100%')
    .style('height', 'auto');

  const defs = layer(svg, 'defs');
  defs
    .selectAll('marker')
    .data(['arrow'])
    .join('marker')
    .attr('id', (m) => `${svgEl.id}-${m}`)
    .attr('viewBox', '0 0 8 8')
    .attr('refX', 7)
    .attr('refY', 4)
    .attr('markerWidth', 7)
    .attr('markerHeight', 7)
    .attr('orient', 'auto')
    .selectAll('path')
    .data([0])
    .join('path')
    .attr('d', 'M0,0 L8,4 L0,8 z');

  const round = (i: number) => d.nodes[i]!.kind === 'sum' || d.nodes[i]!.kind === 'hadamard';
  /** Half the width of node i: the arcs start and end at its side. */
  const half = (i: number) => (round(i) ? BOX_H / 2 : BOX_W / 2);
  const path = (e: PlacedEdge): string => {
    const y0 = y(e.from);
    const y1 = y(e.to);
    if (e.lane === 0) return `M${cx},${y0 + BOX_H / 2} L${cx},${y1 - BOX_H / 2}`;
    const side = Math.sign(e.lane);
    const xLane = cx + side * (BOX_W / 2 + Math.abs(e.lane) * LANE);
    const r = Math.min(6, Math.abs(e.lane) * LANE);
    return [
      `M${cx + side * half(e.from)},${y0}`,
      `L${xLane - side * r},${y0}`,
      `Q${xLane},${y0} ${xLane},${y0 + r}`,
      `L${xLane},${y1 - r}`,
      `Q${xLane},${y1} ${xLane - side * r},${y1}`,
      `L${cx + side * half(e.to)},${y1}`,
    ].join(' ');
  };
  layer(svg, 'edges')
    .selectAll('path')
    .data(lay.edges)
    .join('path')
    .attr('class', (e) => (e.shortcut ? 'edge shortcut' : 'edge'))
    .attr('d', path)
    .attr('marker-end', `url(#${svgEl.id}-arrow)`)
    .attr('data-from', (e) => e.from)
    .attr('data-to', (e) => e.to);
  layer(svg, 'edge-labels')
    .selectAll('text')
    .data(lay.edges.filter((e) => e.label !== undefined))
    .join('text')
    .attr('x', (e) =>
      e.lane === 0 ? cx + 6 : cx + Math.sign(e.lane) * (BOX_W / 2 + Math.abs(e.lane) * LANE + 3),
    )
    .attr('y', (e) => y(e.to) - (e.lane === 0 ? BOX_H / 2 + 2 : 5))
    .attr('text-anchor', (e) => (e.lane < 0 ? 'end' : 'start'))
    .text((e) => e.label!);

  const nodes = layer(svg, 'nodes')
    .selectAll<SVGGElement, DiagramNode>('g.node')
    .data(d.nodes, (n) => String(n.id))
    .join((enter) => {
      const g = enter.append('g');
      g.append('rect');
      g.append('text').attr('class', 'label');
      g.append('text').attr('class', 'name');
      return g;
    })
    .attr('class', (n) => `node ${n.kind}`)
    .attr('transform', (n) => `translate(${cx},${y(n.id)})`)
    .attr('data-kind', (n) => n.kind);
  nodes
    .select('rect')
    .attr('x', (n) => -half(n.id))
    .attr('width', (n) => 2 * half(n.id))
    .attr('y', -BOX_H / 2)
    .attr('height', BOX_H)
    .attr('rx', (n) => (round(n.id) ? BOX_H / 2 : 4));
  nodes
    .select<SVGTextElement>('text.label')
    .attr('text-anchor', 'middle')
    .attr('dy', '0.35em')
    .each(function (n) {
      const t = select(this);
      t.selectAll('tspan')
        .data(n.sub === undefined ? [n.text] : [n.text, n.sub])
        .join('tspan')
        .attr('class', (_s, i) => (i === 1 ? 'sub' : null))
        .attr('dy', (_s, i) => (i === 1 ? '0.3em' : null))
        .text((s) => s);
    });
  nodes
    .select<SVGTextElement>('text.name')
    .attr('x', nameX)
    .attr('dy', '0.35em')
    .each(function (n) {
      // "k_{1}" → "= k" with a subscript 1.
      const m = n.names ? /^([^_]+)(?:_\{?([^}]*)\}?)?$/.exec(n.names) : null;
      const parts = m ? [`= ${m[1]}`, ...(m[2] ? [m[2]] : [])] : [];
      select(this)
        .selectAll('tspan')
        .data(parts)
        .join('tspan')
        .attr('class', (_s, i) => (i === 1 ? 'sub' : null))
        .attr('dy', (_s, i) => (i === 1 ? '0.3em' : null))
        .text((s) => s);
    });
}
