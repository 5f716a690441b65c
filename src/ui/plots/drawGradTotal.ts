/**
 * Total gradient by path length (Veit et al. 2016, Fig. 6c): C(n, k)·mean gradient_k as a share
 * of the whole, one bar per measured length (`<rect data-k data-share>`), over the lighter bars
 * of the path-length law C(n, k)/2^n (`<rect data-k data-p>`), which peaks at n/2 while the
 * gradient peaks far to the left. The effective range, the shortest window of lengths holding
 * the chosen fraction of the gradient, is shaded and labelled. A pure draw() with joins.
 */
import { axisBottom, axisLeft, scaleLinear, select } from 'd3';
import type { EffectiveRange, TotalGradientRow } from '../../math/effective';
import { pathCounts, pathLengthShares } from '../../math/effective';
import { assertCount } from '../../math/logspace';
import { formatPercent } from '../format';
import { axisLabels, innerBox, layer } from './frame';
import {
  LAB_COLOURS,
  LAB_FRAME,
  drawEmptyNote,
  drawLegend,
  integerTicks,
  setDataAttribute,
} from './labCommon';

export interface GradTotalData {
  readonly n: number;
  readonly rows: readonly TotalGradientRow[];
  readonly range: EffectiveRange | null;
  /** The fraction of the gradient the range holds (0.9 for "90 %"). */
  readonly fraction: number;
}

export const GRAD_TOTAL_FRAME = LAB_FRAME;

interface Bar {
  readonly k: number;
  readonly v: number;
}

/** C(n, k)/2^n for k = 0..n; none for a depth that is not a count. */
function binomialBars(n: number): Bar[] {
  try {
    assertCount(n, 'n');
  } catch {
    return [];
  }
  return pathLengthShares(n).map((v, k) => ({ k, v }));
}

export function drawGradTotal(svgEl: SVGSVGElement, data: GradTotalData): void {
  const f = GRAD_TOTAL_FRAME;
  const box = innerBox(f);
  const svg = select(svgEl).attr('viewBox', `0 0 ${f.width} ${f.height}`);
  setDataAttribute(svgEl, 'series', data.rows);
  setDataAttribute(svgEl, 'range', data.range);
  setDataAttribute(svgEl, 'fraction', data.fraction);

  const law = binomialBars(data.n);
  const shares: Bar[] = data.rows
    .filter((r) => Number.isFinite(r.share))
    .map((r) => ({ k: r.k, v: r.share }));
  const kMax = Math.max(1, law.length - 1, ...shares.map((b) => b.k));
  const x = scaleLinear()
    .domain([-0.5, kMax + 0.5])
    .range([box.left, box.right]);
  const top = Math.max(0.01, ...law.map((b) => b.v), ...shares.map((b) => b.v));
  const y = scaleLinear()
    .domain([0, Math.min(1, top * 1.3)]) // headroom for the range's label
    .range([box.bottom, box.top])
    .nice();
  const step = x(1) - x(0);

  const r = data.range;
  const effective = layer(svg, 'effective-band');
  effective
    .selectAll('rect')
    .data(r ? [r] : [])
    .join('rect')
    .attr('data-lo', (d) => d.lo)
    .attr('data-hi', (d) => d.hi)
    .attr('x', (d) => x(d.lo - 0.5))
    .attr('width', (d) => x(d.hi + 0.5) - x(d.lo - 0.5))
    .attr('y', box.top)
    .attr('height', box.bottom - box.top)
    .attr('fill', LAB_COLOURS.highlight);
  // The label starts just right of the band, or ends just left of it when there is no room.
  const room = 250;
  const labelAt = (d: EffectiveRange): [number, 'start' | 'end' | 'middle'] => {
    const right = x(d.hi + 0.5);
    const left = x(d.lo - 0.5);
    if (box.right - right >= room) return [right + 6, 'start'];
    if (left - box.left >= room) return [left - 6, 'end'];
    return [
      Math.max(box.left + room / 2, Math.min((left + right) / 2, box.right - room / 2)),
      'middle',
    ];
  };
  const labels: [string, number, (d: EffectiveRange) => string][] = [
    ['effective-label', 14, (d) => `effective paths k = ${d.lo}–${d.hi}`],
    [
      'effective-detail',
      30,
      (d) =>
        `${formatPercent(d.gradientShare)} of the gradient, ${formatPercent(d.pathFraction)} of the paths`,
    ],
  ];
  for (const [cls, dy, text] of labels) {
    effective
      .selectAll(`text.${cls}`)
      .data(r ? [r] : [])
      .join('text')
      .attr('class', cls)
      .attr('x', (d) => labelAt(d)[0])
      .attr('y', box.top + dy)
      .attr('text-anchor', (d) => labelAt(d)[1])
      .attr('fill', LAB_COLOURS.muted)
      .text(text);
  }

  const bars = (name: string, items: Bar[], width: number, fill: string, attr: string) =>
    layer(svg, name)
      .selectAll<SVGRectElement, Bar>('rect')
      .data(items, (b) => b.k)
      .join('rect')
      .attr('data-k', (b) => b.k)
      .attr(attr, (b) => b.v)
      .attr('x', (b) => x(b.k) - width / 2)
      .attr('width', width)
      .attr('y', (b) => y(b.v))
      .attr('height', (b) => Math.max(0, y(0) - y(b.v)))
      .attr('fill', fill);
  bars('binomial', law, Math.max(step * 0.9, 0.6), LAB_COLOURS.light, 'data-p');
  bars('share', shares, Math.max(step * 0.5, 0.6), LAB_COLOURS.bar, 'data-share');

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
  axisLabels(svg, f, 'path length k', 'share');
  drawLegend(svg, f, [
    { key: 'share', label: 'gradient share', colour: LAB_COLOURS.bar, kind: 'rect' },
    {
      key: 'paths',
      label: 'path share C(n,k)/2ⁿ',
      colour: LAB_COLOURS.light,
      kind: 'rect',
    },
    ...(r
      ? [
          {
            key: 'effective',
            label: `${formatPercent(data.fraction)} of the gradient`,
            colour: LAB_COLOURS.highlight,
            kind: 'rect' as const,
          },
        ]
      : []),
  ]);
  drawEmptyNote(svg, f, shares.length === 0);
}

/** One row per path length 0..n: the law of the paths and, where measured, the gradient. */
export function gradTotalCsv(data: GradTotalData): {
  header: string[];
  rows: (string | number | undefined)[][];
} {
  const header = [
    'path_length',
    'paths',
    'path_fraction',
    'total_gradient',
    'gradient_share',
    'in_effective_range',
  ];
  const law = binomialBars(data.n);
  const counts = law.length ? pathCounts(data.n) : [];
  const byK = new Map(data.rows.map((r) => [r.k, r]));
  const ks = [...new Set([...law.map((b) => b.k), ...data.rows.map((r) => r.k)])].sort(
    (a, b) => a - b,
  );
  const rows = ks.map((k) => {
    const row = byK.get(k);
    const inRange = data.range ? (k >= data.range.lo && k <= data.range.hi ? 1 : 0) : undefined;
    return [k, row?.paths ?? counts[k], law[k]?.v, row?.total, row?.share, inRange];
  });
  return { header, rows };
}
