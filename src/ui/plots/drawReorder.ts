/**
 * Reordering blocks (Veit et al. 2016, Fig. 5b): the test error after swapping pairs of blocks,
 * against Kendall's τ between the new order and the original. τ runs from 1 (intact) on the
 * left down to its smallest value on the right, so corruption grows to the right; one dot per
 * measured order (`<circle data-net data-tau data-error data-swaps>`), the intact error dashed.
 */
import { axisBottom, axisLeft, scaleLinear, select } from 'd3';
import { axisLabels, innerBox, layer } from './frame';
import {
  LAB_FRAME,
  drawEmptyNote,
  drawLegend,
  drawIntactLines,
  intactLines,
  netLegend,
  setDataAttribute,
} from './labCommon';

export interface ReorderPoint {
  readonly swaps: number;
  readonly tau: number;
  readonly error: number;
}

export interface ReorderNet {
  readonly label: string;
  readonly colour: string;
  readonly intactError: number;
  readonly points: readonly ReorderPoint[];
}

export interface ReorderData {
  readonly nets: readonly ReorderNet[];
}

export const REORDER_FRAME = LAB_FRAME;

interface Dot extends ReorderPoint {
  readonly net: number;
  readonly index: number;
  readonly colour: string;
}

const finite = (v: number) => Number.isFinite(v);

/**
 * The x scale: τ = 1 at the left edge, a little past the smallest τ measured at the right
 * (at least down to 0.9; down to 0 before anything is measured).
 */
export function tauScale(taus: readonly number[], range: [number, number]) {
  const measured = taus.filter(finite);
  const least = measured.length ? Math.min(0.9, ...measured) : 0;
  const right = Math.max(-1, least - 0.05 * (1 - least));
  // A little room left of τ = 1, so that the intact end's dots clear the y axis.
  return scaleLinear()
    .domain([1 + 0.03 * (1 - right), right])
    .range(range);
}

export function drawReorder(svgEl: SVGSVGElement, data: ReorderData): void {
  const f = REORDER_FRAME;
  const box = innerBox(f);
  const svg = select(svgEl).attr('viewBox', `0 0 ${f.width} ${f.height}`);
  setDataAttribute(svgEl, 'series', data.nets);

  const dots: Dot[] = data.nets.flatMap((n, net) =>
    n.points.flatMap((p, index) =>
      finite(p.tau) && finite(p.error) ? [{ ...p, net, index, colour: n.colour }] : [],
    ),
  );
  const intact = intactLines(data.nets);
  const top = Math.max(0.05, ...dots.map((d) => d.error), ...intact.map((d) => d.error));
  const x = tauScale(
    dots.map((d) => d.tau),
    [box.left, box.right],
  );
  const y = scaleLinear()
    .domain([0, Math.min(1, top * 1.08)])
    .range([box.bottom, box.top])
    .nice();

  drawIntactLines(svg, f, y, intact);
  layer(svg, 'dots')
    .selectAll<SVGCircleElement, Dot>('circle')
    .data(dots, (d) => `${d.net}-${d.index}`)
    .join('circle')
    .attr('data-net', (d) => d.net)
    .attr('data-tau', (d) => d.tau)
    .attr('data-error', (d) => d.error)
    .attr('data-swaps', (d) => d.swaps)
    .attr('cx', (d) => x(d.tau))
    .attr('cy', (d) => y(d.error))
    .attr('r', 3.5)
    .attr('fill', (d) => d.colour)
    .attr('fill-opacity', 0.8);

  layer(svg, 'x-axis').attr('transform', `translate(0,${box.bottom})`).call(axisBottom(x).ticks(8));
  layer(svg, 'y-axis')
    .attr('transform', `translate(${box.left},0)`)
    .call(axisLeft(y).ticks(6, '~%'));
  axisLabels(svg, f, "Kendall's τ to the original order (1 = intact)", 'test error');

  drawLegend(svg, f, netLegend(data.nets, intact.length > 0));
  drawEmptyNote(svg, f, dots.length === 0);
}

/** One row per net and measured order. */
export function reorderCsv(data: ReorderData): {
  header: string[];
  rows: (string | number | undefined)[][];
} {
  const header = ['net', 'swaps', 'kendall_tau', 'test_error', 'intact_error'];
  const rows = data.nets.flatMap((n) =>
    n.points.map((p) => [
      n.label,
      p.swaps,
      finite(p.tau) ? p.tau : undefined,
      finite(p.error) ? p.error : undefined,
      finite(n.intactError) ? n.intactError : undefined,
    ]),
  );
  return { header, rows };
}
