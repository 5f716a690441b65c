/**
 * The path-length distribution as bars: one `<rect data-k data-p>` per path length, the 95 %
 * interval shaded, the mean marked, and, under stochastic depth, the law of the alive paths
 * drawn over it as a step line. Linear or log y; the log scale plots log10 P(k) over the whole
 * support, the linear scale zooms to the lengths that hold all but 10^-6 of the paths.
 */
import { axisBottom, axisLeft, line, curveStepAfter, scaleLinear, select } from 'd3';
// Side-effect import: adds .transition() and .interrupt() to selections (tree-shaking
// would otherwise drop it from the named 'd3' imports).
import 'd3-transition';
import type { Interval, LogDistribution } from '../../math/distribution';
import { shortestInterval } from '../../math/distribution';
import { formatNumber, formatPercent, formatProbability } from '../format';
import { axisLabels, innerBox, layer, powerOfTen, type Frame } from './frame';

export type YScale = 'linear' | 'log';

export interface PathLengthPlotData {
  readonly dist: LogDistribution;
  readonly alive?: LogDistribution;
  readonly mean: number;
  readonly interval: Interval;
  readonly scale: YScale;
}

export const PATH_LENGTH_FRAME: Frame = {
  width: 720,
  height: 320,
  margin: { top: 28, right: 18, bottom: 46, left: 66 },
};

interface Bar {
  readonly k: number;
  readonly logp: number;
}

/** The lengths shown: everything on the log scale; on the linear scale, the bulk. */
export function visibleRange(data: PathLengthPlotData): [number, number] {
  const K = data.dist.logp.length;
  if (data.scale === 'log' || K <= 60) return [0, K - 1];
  const keep = shortestInterval(data.dist, 1 - 1e-6);
  let lo = keep.lo;
  let hi = keep.hi;
  if (data.alive) {
    const a = shortestInterval(data.alive, 1 - 1e-6);
    lo = Math.min(lo, a.lo);
    hi = Math.max(hi, a.hi);
  }
  const pad = Math.max(2, Math.round((hi - lo) * 0.06));
  return [Math.max(0, lo - pad), Math.min(K - 1, hi + pad)];
}

export function drawPathLengthPlot(
  svgEl: SVGSVGElement,
  data: PathLengthPlotData,
  durationMs: number,
): void {
  const f = PATH_LENGTH_FRAME;
  const box = innerBox(f);
  const svg = select(svgEl).attr('viewBox', `0 0 ${f.width} ${f.height}`);
  const [lo, hi] = visibleRange(data);
  const log = data.scale === 'log';
  const toY = (logp: number) => (log ? logp / Math.LN10 : Math.exp(logp));

  const bars: Bar[] = [];
  for (let k = lo; k <= hi; k++) {
    const logp = data.dist.logp[k]!;
    if (logp > -Infinity) bars.push({ k, logp });
  }
  const aliveBars: Bar[] = [];
  if (data.alive) {
    for (let k = lo; k <= hi; k++) aliveBars.push({ k, logp: data.alive.logp[k]! });
  }

  const values = [...bars, ...aliveBars].filter((b) => b.logp > -Infinity).map((b) => toY(b.logp));
  const yMax = Math.max(...values);
  const yMin = Math.min(...values);
  const y = log
    ? scaleLinear()
        .domain([Math.min(Math.floor(yMin), -1), Math.max(0, Math.ceil(yMax))])
        .range([box.bottom, box.top])
        .nice()
    : scaleLinear()
        .domain([0, yMax * 1.08])
        .range([box.bottom, box.top]);
  const x = scaleLinear()
    .domain([lo - 0.5, hi + 0.5])
    .range([box.left, box.right]);
  const step = x(1) - x(0);
  const barWidth = Math.max(step * (step > 6 ? 0.82 : 1), 0.6);
  const base = y.range()[0]!;

  // 95 % interval band, behind the bars.
  const band = layer(svg, 'interval-band');
  band
    .selectAll('rect')
    .data([data.interval])
    .join('rect')
    .attr('x', (d) => x(Math.max(d.lo, lo) - 0.5))
    .attr('width', (d) => Math.max(0, x(Math.min(d.hi, hi) + 0.5) - x(Math.max(d.lo, lo) - 0.5)))
    .attr('y', box.top)
    .attr('height', box.bottom - box.top);
  band
    .selectAll('text')
    .data([data.interval])
    .join('text')
    .attr('x', (d) => x((Math.max(d.lo, lo) + Math.min(d.hi, hi)) / 2))
    .attr('y', box.top - 8)
    .attr('text-anchor', 'middle')
    .text((d) => `${formatPercent(d.mass)} of paths: length ${d.lo}–${d.hi}`);

  const g = layer(svg, 'bars');
  const height = (d: Bar) => Math.max(0, base - y(toY(d.logp)));
  const left = (d: Bar) => x(d.k) - barWidth / 2;
  const top = (d: Bar) => base - height(d);
  const rects = g
    .selectAll<SVGRectElement, Bar>('rect')
    .data(bars, (d) => d.k)
    .join((enter) => enter.append('rect').attr('x', left).attr('y', base).attr('height', 0))
    .attr('data-k', (d) => d.k)
    .attr('data-p', (d) => formatProbability(d.logp))
    .attr('width', barWidth);
  // Animate only small bar counts, and never when the user asked for reduced motion (0 ms):
  // a dragged slider over thousands of bars must redraw synchronously.
  if (durationMs > 0 && bars.length <= 150) {
    rects.transition().duration(durationMs).attr('x', left).attr('y', top).attr('height', height);
  } else {
    rects.interrupt().attr('x', left).attr('y', top).attr('height', height);
  }

  // Alive paths under stochastic depth: a step outline over the bars.
  const alivePoints = aliveBars
    .filter((b) => b.logp > -Infinity)
    .flatMap((b) => [
      [b.k - 0.5, toY(b.logp)],
      [b.k + 0.5, toY(b.logp)],
    ]) as [number, number][];
  const aliveLine = line<[number, number]>()
    .x((d) => x(d[0]))
    .y((d) => y(d[1]))
    .curve(curveStepAfter);
  layer(svg, 'alive')
    .selectAll('path')
    .data(data.alive ? [alivePoints] : [])
    .join('path')
    .attr('d', aliveLine);

  // Mean marker.
  const meanLayer = layer(svg, 'mean');
  meanLayer
    .selectAll('line')
    .data([data.mean])
    .join('line')
    .attr('x1', (d) => x(d))
    .attr('x2', (d) => x(d))
    .attr('y1', box.top)
    .attr('y2', box.bottom);
  meanLayer
    .selectAll('text')
    .data([data.mean])
    .join('text')
    .attr('x', (d) => x(d) + 5)
    .attr('y', box.top + 14)
    .text((d) => `mean ${formatNumber(d, 2)}`);

  // Axes.
  const xTicks = Math.min(hi - lo + 1, 10);
  layer(svg, 'x-axis')
    .attr('transform', `translate(0,${box.bottom})`)
    .call(
      axisBottom(x)
        .ticks(xTicks)
        .tickFormat((v) => (Number.isInteger(+v) ? String(v) : '')),
    );
  layer(svg, 'y-axis')
    .attr('transform', `translate(${box.left},0)`)
    .call(
      log
        ? axisLeft(y)
            .ticks(6)
            .tickFormat((v) => (Number.isInteger(+v) ? powerOfTen(+v) : ''))
        : axisLeft(y).ticks(6, '~%'),
    );
  axisLabels(
    svg,
    f,
    'path length k (residual functions on the path)',
    log ? 'fraction of paths (log scale)' : 'fraction of paths',
  );
}
