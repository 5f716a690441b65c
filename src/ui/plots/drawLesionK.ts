/**
 * Deleting k blocks at once (Veit et al. 2016, Fig. 5a): for each net, the mean test error over
 * random sets of k deleted blocks as a line with dots (`<circle data-net data-k data-mean>`),
 * a shaded band of ±1 standard deviation (clipped to 0–100 %), and the intact error dashed.
 * The error grows smoothly with k: no single path is essential. A pure draw() with joins.
 */
import { area, axisBottom, axisLeft, line, scaleLinear, select } from 'd3';
import { axisLabels, innerBox, layer } from './frame';
import {
  LAB_FRAME,
  drawEmptyNote,
  drawLegend,
  integerTicks,
  drawIntactLines,
  intactLines,
  netLegend,
  setDataAttribute,
} from './labCommon';

export interface LesionKRow {
  readonly k: number;
  readonly mean: number;
  readonly std: number;
  readonly draws: number;
}

export interface LesionKNet {
  readonly label: string;
  readonly colour: string;
  readonly intactError: number;
  readonly rows: readonly LesionKRow[];
}

export interface LesionKData {
  readonly nets: readonly LesionKNet[];
}

export const LESION_K_FRAME = LAB_FRAME;

interface Point {
  readonly net: number;
  readonly k: number;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  readonly colour: string;
}

const finite = (v: number) => Number.isFinite(v);

/** Each net's plottable rows, sorted by k; a missing or non-finite std draws no band. */
function points(data: LesionKData): Point[][] {
  return data.nets.map((n, net) =>
    n.rows
      .filter((r) => finite(r.k) && finite(r.mean))
      .map((r) => {
        const s = finite(r.std) ? Math.abs(r.std) : 0;
        return {
          net,
          k: r.k,
          mean: r.mean,
          lo: Math.max(0, r.mean - s),
          hi: Math.min(1, r.mean + s),
          colour: n.colour,
        };
      })
      .sort((a, b) => a.k - b.k),
  );
}

export function drawLesionK(svgEl: SVGSVGElement, data: LesionKData): void {
  const f = LESION_K_FRAME;
  const box = innerBox(f);
  const svg = select(svgEl).attr('viewBox', `0 0 ${f.width} ${f.height}`);
  setDataAttribute(svgEl, 'series', data.nets);

  const byNet = points(data);
  const all = byNet.flat();
  const intact = intactLines(data.nets);
  const kMax = Math.max(1, ...all.map((p) => p.k));
  const top = Math.max(0.05, ...all.map((p) => p.hi), ...intact.map((d) => d.error));
  const x = scaleLinear().domain([0, kMax]).range([box.left, box.right]);
  const y = scaleLinear()
    .domain([0, Math.min(1, top * 1.08)])
    .range([box.bottom, box.top])
    .nice();

  const band = area<Point>()
    .x((p) => x(p.k))
    .y0((p) => y(p.lo))
    .y1((p) => y(p.hi));
  const meanLine = line<Point>()
    .x((p) => x(p.k))
    .y((p) => y(p.mean));
  const series = byNet.map((pts, net) => ({ net, pts, colour: data.nets[net]!.colour }));

  layer(svg, 'bands')
    .selectAll('path')
    .data(series)
    .join('path')
    .attr('data-net', (s) => s.net)
    .attr('fill', (s) => s.colour)
    .attr('fill-opacity', 0.18)
    .attr('stroke', 'none')
    .attr('d', (s) => band(s.pts) ?? '');
  drawIntactLines(svg, f, y, intact);
  layer(svg, 'lines')
    .selectAll('path')
    .data(series)
    .join('path')
    .attr('data-net', (s) => s.net)
    .attr('fill', 'none')
    .attr('stroke', (s) => s.colour)
    .attr('stroke-width', 'var(--stroke)')
    .attr('d', (s) => meanLine(s.pts) ?? '');
  layer(svg, 'dots')
    .selectAll<SVGCircleElement, Point>('circle')
    .data(all, (p) => `${p.net}-${p.k}`)
    .join('circle')
    .attr('data-net', (p) => p.net)
    .attr('data-k', (p) => p.k)
    .attr('data-mean', (p) => p.mean)
    .attr('cx', (p) => x(p.k))
    .attr('cy', (p) => y(p.mean))
    .attr('r', 3)
    .attr('fill', (p) => p.colour);

  layer(svg, 'x-axis')
    .attr('transform', `translate(0,${box.bottom})`)
    .call(
      axisBottom(x)
        .tickValues(integerTicks(0, kMax))
        .tickFormat((v) => String(v)),
    );
  layer(svg, 'y-axis')
    .attr('transform', `translate(${box.left},0)`)
    .call(axisLeft(y).ticks(6, '~%'));
  axisLabels(svg, f, 'number of deleted blocks k', 'test error (mean ± std)');

  drawLegend(svg, f, netLegend(data.nets, intact.length > 0));
  drawEmptyNote(svg, f, all.length === 0);
}

/** One row per net and k. */
export function lesionKCsv(data: LesionKData): {
  header: string[];
  rows: (string | number | undefined)[][];
} {
  const header = ['net', 'deleted_blocks', 'mean_error', 'std_error', 'draws', 'intact_error'];
  const rows = data.nets.flatMap((n) =>
    [...n.rows]
      .sort((a, b) => a.k - b.k)
      .map((r) => [
        n.label,
        r.k,
        finite(r.mean) ? r.mean : undefined,
        finite(r.std) ? r.std : undefined,
        r.draws,
        finite(n.intactError) ? n.intactError : undefined,
      ]),
  );
  return { header, rows };
}
