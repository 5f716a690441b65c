/**
 * Gradient magnitude by path length (Veit et al. 2016, Fig. 6b): the mean norm of the gradient
 * that reaches the input through paths of length k, on a log y axis with power-of-ten ticks,
 * as a line with dots (`<circle data-k data-mean>`) and a band of mean ± std. The lower edge of
 * the band is clipped to the bottom of the axis where mean − std ≤ 0 (no log of it) or falls
 * below the axis, which reaches about two decades under the smallest mean. The gradient falls
 * about geometrically with k: long paths carry almost no gradient.
 */
import { area, axisBottom, axisLeft, line, scaleLinear, scaleLog, select } from 'd3';
import { axisLabels, innerBox, layer, powerOfTen } from './frame';
import {
  LAB_COLOURS,
  LAB_FRAME,
  drawEmptyNote,
  drawLegend,
  integerTicks,
  powerOfTenDomain,
  powerOfTenTicks,
  setDataAttribute,
} from './labCommon';

export interface GradLengthRow {
  readonly k: number;
  readonly mean: number;
  readonly std: number;
  readonly samples: number;
}

export interface GradLengthData {
  readonly n: number;
  readonly rows: readonly GradLengthRow[];
}

export const GRAD_LENGTH_FRAME = LAB_FRAME;

interface Point {
  readonly k: number;
  readonly mean: number;
  /** mean − std, or null where that is not positive (the band runs to the axis). */
  readonly lo: number | null;
  readonly hi: number;
}

/** The rows a log axis can show (positive, finite means), sorted by k. */
function points(rows: readonly GradLengthRow[]): Point[] {
  return rows
    .filter((r) => Number.isFinite(r.k) && Number.isFinite(r.mean) && r.mean > 0)
    .map((r) => {
      const s = Number.isFinite(r.std) ? Math.abs(r.std) : 0;
      return { k: r.k, mean: r.mean, lo: r.mean - s > 0 ? r.mean - s : null, hi: r.mean + s };
    })
    .sort((a, b) => a.k - b.k);
}

export function drawGradLength(svgEl: SVGSVGElement, data: GradLengthData): void {
  const f = GRAD_LENGTH_FRAME;
  const box = innerBox(f);
  const svg = select(svgEl).attr('viewBox', `0 0 ${f.width} ${f.height}`);
  setDataAttribute(svgEl, 'series', data);
  svgEl.setAttribute('data-scale', 'log');

  const pts = points(data.rows);
  const ks = pts.map((p) => p.k);
  const kLo = pts.length ? Math.min(...ks) : 0;
  const kHi = pts.length ? Math.max(...ks) : Math.max(1, data.n);
  const x = scaleLinear()
    .domain([kLo - 0.5, kHi + 0.5])
    .range([box.left, box.right]);
  // The axis reaches at most two decades below the smallest mean: a band's lower edge that falls
  // further (or below 0) is clipped to the bottom, so that the means keep the height.
  const floor = Math.min(...pts.map((p) => p.mean)) / 100;
  const [yLo, yHi] = powerOfTenDomain(
    pts.flatMap((p) => [p.mean, p.hi, ...(p.lo !== null && p.lo >= floor ? [p.lo] : [])]),
  );
  const y = scaleLog().domain([yLo, yHi]).range([box.bottom, box.top]);

  const band = area<Point>()
    .x((p) => x(p.k))
    .y0((p) => (p.lo === null || p.lo <= yLo ? box.bottom : y(p.lo)))
    .y1((p) => y(p.hi));
  const meanLine = line<Point>()
    .x((p) => x(p.k))
    .y((p) => y(p.mean));
  layer(svg, 'band')
    .selectAll('path')
    .data(pts.length ? [pts] : [])
    .join('path')
    .attr('fill', LAB_COLOURS.bar)
    .attr('fill-opacity', 0.16)
    .attr('stroke', 'none')
    .attr('d', (d) => band(d) ?? '');
  layer(svg, 'mean-line')
    .selectAll('path')
    .data(pts.length ? [pts] : [])
    .join('path')
    .attr('fill', 'none')
    .attr('stroke', LAB_COLOURS.bar)
    .attr('stroke-width', 'var(--stroke)')
    .attr('d', (d) => meanLine(d) ?? '');
  layer(svg, 'dots')
    .selectAll<SVGCircleElement, Point>('circle')
    .data(pts, (p) => p.k)
    .join('circle')
    .attr('data-k', (p) => p.k)
    .attr('data-mean', (p) => p.mean)
    .attr('cx', (p) => x(p.k))
    .attr('cy', (p) => y(p.mean))
    .attr('r', 3)
    .attr('fill', LAB_COLOURS.bar);

  layer(svg, 'x-axis')
    .attr('transform', `translate(0,${box.bottom})`)
    .call(
      axisBottom(x)
        .tickValues(integerTicks(Math.ceil(kLo), Math.floor(kHi)))
        .tickFormat((v) => String(v)),
    );
  layer(svg, 'y-axis')
    .attr('transform', `translate(${box.left},0)`)
    .call(
      axisLeft(y)
        .tickValues(powerOfTenTicks(yLo, yHi))
        .tickFormat((v) => powerOfTen(Math.round(Math.log10(+v)))),
    );
  axisLabels(svg, f, 'path length k', 'gradient magnitude (log scale)');
  drawLegend(svg, f, [
    { key: 'mean', label: 'mean over sampled paths', colour: LAB_COLOURS.bar, kind: 'dot' },
    { key: 'band', label: '± 1 std', colour: 'rgba(74, 111, 216, 0.16)', kind: 'rect' },
  ]);
  drawEmptyNote(svg, f, pts.length === 0);
}

/** One row per measured path length. */
export function gradLengthCsv(data: GradLengthData): {
  header: string[];
  rows: (string | number | undefined)[][];
} {
  const header = ['n', 'path_length', 'mean_gradient', 'std_gradient', 'samples'];
  const rows = [...data.rows]
    .sort((a, b) => a.k - b.k)
    .map((r) => [
      data.n,
      r.k,
      Number.isFinite(r.mean) ? r.mean : undefined,
      Number.isFinite(r.std) ? r.std : undefined,
      r.samples,
    ]);
  return { header, rows };
}
