/**
 * A small multi-line plot for the lessons: each series a line with dots, solid or dashed, a
 * linear or log y axis, and an in-SVG legend. The series go into `data-series` for the tests.
 */
import { axisBottom, axisLeft, line, scaleLinear, scaleLog, select } from 'd3';
import { axisLabels, innerBox, layer, powerOfTen, type Frame } from './frame';
import { drawLegend, powerOfTenDomain, powerOfTenTicks, setDataAttribute } from './labCommon';

export interface LineSeries {
  readonly key: string;
  readonly label: string;
  readonly colour: string;
  readonly dashed?: boolean;
  /** Leave out of the legend (one of many similar lines). */
  readonly unlabelled?: boolean;
  readonly xy: readonly (readonly [number, number])[];
}

export interface LinesOptions {
  readonly xLabel: string;
  readonly yLabel: string;
  readonly yLog?: boolean;
  readonly yDomain?: readonly [number, number];
  readonly xInteger?: boolean;
}

export const LINES_FRAME: Frame = {
  width: 560,
  height: 300,
  margin: { top: 44, right: 16, bottom: 44, left: 62 },
};

export function drawLines(
  svgEl: SVGSVGElement,
  series: readonly LineSeries[],
  o: LinesOptions,
): void {
  const f = LINES_FRAME;
  const b = innerBox(f);
  const svg = select(svgEl).attr('viewBox', `0 0 ${f.width} ${f.height}`);
  setDataAttribute(
    svgEl,
    'series',
    series.map((s) => ({ key: s.key, xy: s.xy })),
  );
  const ok = (v: number) => Number.isFinite(v) && (!o.yLog || v > 0);
  const clean = series.map((s) => ({
    ...s,
    xy: s.xy.filter(([x, y]) => Number.isFinite(x) && ok(y)),
  }));
  const xs = clean.flatMap((s) => s.xy.map((p) => p[0]));
  const ys = clean.flatMap((s) => s.xy.map((p) => p[1]));
  const x = scaleLinear()
    .domain(xs.length ? [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)] : [0, 1])
    .range([b.left, b.right]);
  const [lo, hi] = o.yLog
    ? powerOfTenDomain(ys.length ? ys : [1])
    : (o.yDomain ?? [0, Math.max(1e-9, ...ys)]);
  const y = (o.yLog ? scaleLog() : scaleLinear())
    .domain([lo, hi])
    .range([b.bottom, b.top])
    .clamp(true);
  const path = line<readonly [number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  const g = layer(svg, 'lines')
    .selectAll<SVGGElement, (typeof clean)[number]>('g.series')
    .data(clean, (s) => s.key)
    .join((e) => {
      const s = e.append('g').attr('class', 'series');
      s.append('path');
      return s;
    })
    .attr('data-key', (s) => s.key);
  g.select('path')
    .attr('d', (s) => path(s.xy) ?? '')
    .attr('fill', 'none')
    .attr('stroke', (s) => s.colour)
    .attr('stroke-width', 'var(--stroke)')
    .attr('stroke-dasharray', (s) => (s.dashed ? '5 3' : null));
  g.selectAll('circle')
    .data((s) => (s.dashed ? [] : s.xy.map((p) => ({ p, c: s.colour }))))
    .join('circle')
    .attr('cx', (q) => x(q.p[0]))
    .attr('cy', (q) => y(q.p[1]))
    .attr('r', 2.4)
    .attr('fill', (q) => q.c);
  const xAxis = axisBottom(x).ticks(8);
  if (o.xInteger) xAxis.tickFormat((v) => (Number.isInteger(+v) ? String(v) : ''));
  layer(svg, 'x-axis').attr('transform', `translate(0,${b.bottom})`).call(xAxis);
  layer(svg, 'y-axis')
    .attr('transform', `translate(${b.left},0)`)
    .call(
      o.yLog
        ? axisLeft(y)
            .tickValues(powerOfTenTicks(lo, hi))
            .tickFormat((v) => powerOfTen(Math.round(Math.log10(+v))))
        : axisLeft(y).ticks(5),
    );
  axisLabels(svg, f, o.xLabel, o.yLabel);
  drawLegend(
    svg,
    f,
    series
      .filter((s) => !s.unlabelled)
      .map((s) => ({
        key: s.key,
        label: s.label,
        colour: s.colour,
        kind: s.dashed ? ('dashed' as const) : ('dot' as const),
      })),
  );
}
