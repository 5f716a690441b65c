/**
 * The ODE lesson's two plots: the vector field of a 2-D ODE with the true trajectory and the
 * steps of Euler, midpoint and RK4 at the chosen h; and each method's global error against h
 * on log–log axes, with the line fitted over the asymptotic points and its slope.
 */
import { axisBottom, axisLeft, line, scaleLinear, scaleLog, select } from 'd3';
import type { ErrorPoint, MethodId, Vec2 } from '../../math/ode';
import { axisLabels, innerBox, layer, powerOfTen, type Frame } from './frame';
import { drawLegend, powerOfTenDomain, powerOfTenTicks, setDataAttribute } from './labCommon';

export const METHOD_COLOURS: Record<MethodId, string> = {
  euler: '#d1552a',
  midpoint: '#2f5bd3',
  rk4: '#1f8a4c',
};

export interface OdeTrack {
  readonly method: MethodId;
  readonly name: string;
  readonly points: readonly Vec2[];
}

export interface OdeFieldData {
  readonly f: (y: Vec2) => Vec2;
  readonly box: readonly [number, number, number, number];
  readonly truth: readonly Vec2[];
  readonly tracks: readonly OdeTrack[];
}

export const ODE_FIELD_FRAME: Frame = {
  width: 460,
  height: 440,
  margin: { top: 40, right: 14, bottom: 40, left: 46 },
};

export function drawOdeField(svgEl: SVGSVGElement, d: OdeFieldData): void {
  const fr = ODE_FIELD_FRAME;
  const b = innerBox(fr);
  const svg = select(svgEl).attr('viewBox', `0 0 ${fr.width} ${fr.height}`);
  const [x0, x1, y0, y1] = d.box;
  const x = scaleLinear().domain([x0, x1]).range([b.left, b.right]);
  const y = scaleLinear().domain([y0, y1]).range([b.bottom, b.top]);
  // Arrows on a 15 × 15 grid, all of one length (the direction is what the eye reads).
  const grid: { p: Vec2; v: Vec2 }[] = [];
  for (let i = 0; i < 15; i++)
    for (let j = 0; j < 15; j++) {
      const p: Vec2 = [x0 + ((i + 0.5) * (x1 - x0)) / 15, y0 + ((j + 0.5) * (y1 - y0)) / 15];
      const v = d.f(p);
      const n = Math.hypot(v[0], v[1]) || 1;
      grid.push({ p, v: [v[0] / n, v[1] / n] });
    }
  const len = ((b.right - b.left) / 15) * 0.38;
  layer(svg, 'field')
    .selectAll('line')
    .data(grid)
    .join('line')
    .attr('x1', (g) => x(g.p[0]) - g.v[0] * len)
    .attr('y1', (g) => y(g.p[1]) + g.v[1] * len)
    .attr('x2', (g) => x(g.p[0]) + g.v[0] * len)
    .attr('y2', (g) => y(g.p[1]) - g.v[1] * len)
    .attr('marker-end', `url(#${svgEl.id}-head)`);
  layer(svg, 'defs')
    .selectAll('marker')
    .data([0])
    .join('marker')
    .attr('id', `${svgEl.id}-head`)
    .attr('viewBox', '0 0 6 6')
    .attr('refX', 5)
    .attr('refY', 3)
    .attr('markerWidth', 4)
    .attr('markerHeight', 4)
    .attr('orient', 'auto')
    .selectAll('path')
    .data([0])
    .join('path')
    .attr('d', 'M0,0 L6,3 L0,6 z')
    .attr('fill', '#b3bccd');
  // Euler at a large step leaves the box: the tracks are clipped to it.
  layer(svg, 'clip')
    .selectAll('clipPath')
    .data([0])
    .join((e) => {
      const c = e.append('clipPath');
      c.append('rect');
      return c;
    })
    .attr('id', `${svgEl.id}-clip`)
    .select('rect')
    .attr('x', b.left)
    .attr('y', b.top)
    .attr('width', b.right - b.left)
    .attr('height', b.bottom - b.top);
  const clip = `url(#${svgEl.id}-clip)`;
  layer(svg, 'truth').attr('clip-path', clip);
  layer(svg, 'tracks').attr('clip-path', clip);
  const path = line<Vec2>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  layer(svg, 'truth')
    .selectAll('path')
    .data([d.truth])
    .join('path')
    .attr('d', (t) => path(t as Vec2[]))
    .attr('fill', 'none')
    .attr('stroke', '#1d2433')
    .attr('stroke-width', 'var(--stroke)')
    .attr('stroke-dasharray', '5 3');
  const tracks = layer(svg, 'tracks')
    .selectAll<SVGGElement, OdeTrack>('g.track')
    .data(d.tracks, (t) => t.method)
    .join((e) => {
      const g = e.append('g').attr('class', 'track');
      g.append('path');
      return g;
    })
    .attr('data-method', (t) => t.method)
    .attr('data-steps', (t) => t.points.length - 1);
  tracks
    .select('path')
    .attr('d', (t) => path(t.points as Vec2[]))
    .attr('fill', 'none')
    .attr('stroke', (t) => METHOD_COLOURS[t.method])
    .attr('stroke-width', 'var(--stroke)');
  tracks
    .selectAll('circle')
    .data((t) => t.points.map((p) => ({ p, c: METHOD_COLOURS[t.method] })))
    .join('circle')
    .attr('cx', (q) => x(q.p[0]))
    .attr('cy', (q) => y(q.p[1]))
    .attr('r', 2.6)
    .attr('fill', (q) => q.c);
  layer(svg, 'x-axis').attr('transform', `translate(0,${b.bottom})`).call(axisBottom(x).ticks(6));
  layer(svg, 'y-axis').attr('transform', `translate(${b.left},0)`).call(axisLeft(y).ticks(6));
  axisLabels(svg, fr, 'y₁', 'y₂');
  drawLegend(svg, fr, [
    { key: 'truth', label: 'true solution', colour: '#1d2433', kind: 'dashed' },
    ...d.tracks.map((t) => ({
      key: t.method,
      label: t.name,
      colour: METHOD_COLOURS[t.method],
      kind: 'dot' as const,
    })),
  ]);
}

export interface OdeErrorSeries {
  readonly method: MethodId;
  readonly name: string;
  readonly points: readonly ErrorPoint[];
  /** The fitted line over the asymptotic points: error = e^intercept · h^slope. */
  readonly fit: {
    readonly slope: number;
    readonly intercept: number;
    readonly hLo: number;
    readonly hHi: number;
  };
}

export const ODE_ERROR_FRAME: Frame = {
  width: 460,
  height: 440,
  margin: { top: 40, right: 14, bottom: 40, left: 58 },
};

export function drawOdeError(
  svgEl: SVGSVGElement,
  series: readonly OdeErrorSeries[],
  hNow: number,
): void {
  const fr = ODE_ERROR_FRAME;
  const b = innerBox(fr);
  const svg = select(svgEl).attr('viewBox', `0 0 ${fr.width} ${fr.height}`);
  setDataAttribute(
    svgEl,
    'slopes',
    Object.fromEntries(series.map((s) => [s.method, Math.round(s.fit.slope * 1000) / 1000])),
  );
  const all = series.flatMap((s) => s.points).filter((p) => p.error > 0);
  const hs = all.map((p) => p.h);
  const x = scaleLog()
    .domain([Math.min(...hs) / 1.3, Math.max(...hs) * 1.3])
    .range([b.left, b.right]);
  const [lo, hi] = powerOfTenDomain(all.map((p) => p.error));
  const y = scaleLog().domain([lo, hi]).range([b.bottom, b.top]);
  const g = layer(svg, 'series')
    .selectAll<SVGGElement, OdeErrorSeries>('g.series')
    .data(series, (s) => s.method)
    .join((e) => {
      const s = e.append('g').attr('class', 'series');
      s.append('line').attr('class', 'fit');
      return s;
    })
    .attr('data-method', (s) => s.method)
    .attr('data-slope', (s) => s.fit.slope.toFixed(3));
  const at = (s: OdeErrorSeries, h: number) => Math.exp(s.fit.intercept) * h ** s.fit.slope;
  g.select('line.fit')
    .attr('x1', (s) => x(s.fit.hLo))
    .attr('x2', (s) => x(s.fit.hHi))
    .attr('y1', (s) => y(at(s, s.fit.hLo)))
    .attr('y2', (s) => y(at(s, s.fit.hHi)))
    .attr('stroke', (s) => METHOD_COLOURS[s.method])
    .attr('stroke-width', 6)
    .attr('stroke-opacity', 0.25)
    .attr('stroke-linecap', 'round');
  g.selectAll('circle')
    .data((s) =>
      s.points.filter((p) => p.error > 0).map((p) => ({ p, c: METHOD_COLOURS[s.method] })),
    )
    .join('circle')
    .attr('cx', (q) => x(q.p.h))
    .attr('cy', (q) => y(q.p.error))
    .attr('r', 3.2)
    .attr('fill', (q) => q.c)
    .attr('data-h', (q) => q.p.h)
    .attr('data-error', (q) => q.p.error);
  layer(svg, 'now')
    .selectAll('line')
    .data([hNow])
    .join('line')
    .attr('x1', (h) => x(h))
    .attr('x2', (h) => x(h))
    .attr('y1', b.top)
    .attr('y2', b.bottom)
    .attr('stroke', '#f0a202')
    .attr('stroke-width', 2)
    .attr('stroke-dasharray', '4 3');
  layer(svg, 'x-axis')
    .attr('transform', `translate(0,${b.bottom})`)
    .call(axisBottom(x).ticks(5, '~g'));
  layer(svg, 'y-axis')
    .attr('transform', `translate(${b.left},0)`)
    .call(
      axisLeft(y)
        .tickValues(powerOfTenTicks(lo, hi))
        .tickFormat((v) => powerOfTen(Math.round(Math.log10(+v)))),
    );
  axisLabels(svg, fr, 'step size h (log)', 'global error at T (log)');
  drawLegend(
    svg,
    fr,
    series.map((s) => ({
      key: s.method,
      label: `${s.name}: slope ${s.fit.slope.toFixed(2)}`,
      colour: METHOD_COLOURS[s.method],
      kind: 'dot' as const,
    })),
  );
}
