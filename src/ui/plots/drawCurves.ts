/**
 * Training curves of several runs against epochs: one line per run and series (training loss
 * solid, test loss dashed; or test accuracy), each run in its own colour. A pure draw() with
 * joins, redrawn whenever the runs change (the worker sends points a few times a second).
 */
import { axisBottom, axisLeft, line, scaleLinear, select } from 'd3';
import type { MetricPoint } from '../../worker/compute/protocol';
import { axisLabels, innerBox, layer, type Frame } from './frame';

export type CurveKind = 'loss' | 'accuracy';

export interface CurveRun {
  readonly id: number;
  readonly colour: string;
  readonly points: readonly MetricPoint[];
}

export const LOSS_CAP = 8;

export const CURVES_FRAME: Frame = {
  width: 460,
  height: 260,
  margin: { top: 14, right: 14, bottom: 44, left: 58 },
};

interface Series {
  readonly key: string;
  readonly run: number;
  readonly colour: string;
  readonly dashed: boolean;
  readonly xy: readonly [number, number][];
}

function series(runs: readonly CurveRun[], kind: CurveKind): Series[] {
  const pick = (field: keyof MetricPoint, p: MetricPoint) => p[field];
  const fields: [keyof MetricPoint, boolean][] =
    kind === 'loss'
      ? [
          ['trainLoss', false],
          ['testLoss', true],
        ]
      : [['testAccuracy', false]];
  return runs.flatMap((r) =>
    fields.map(([field, dashed]) => ({
      key: `${r.id}-${field}`,
      run: r.id,
      colour: r.colour,
      dashed,
      xy: r.points.flatMap((p) => {
        const v = pick(field, p);
        return typeof v === 'number' && Number.isFinite(v)
          ? [[p.epoch, v] as [number, number]]
          : [];
      }),
    })),
  );
}

/** Training loss is noisy step to step: a running mean over `window` steps smooths the line. */
function smooth(xy: readonly [number, number][], window: number): [number, number][] {
  if (xy.length <= 2) return [...xy];
  const out: [number, number][] = [];
  let sum = 0;
  for (let i = 0; i < xy.length; i++) {
    sum += xy[i]![1];
    if (i >= window) sum -= xy[i - window]![1];
    out.push([xy[i]![0], sum / Math.min(i + 1, window)]);
  }
  return out;
}

export function drawCurves(svgEl: SVGSVGElement, runs: readonly CurveRun[], kind: CurveKind): void {
  const f = CURVES_FRAME;
  const box = innerBox(f);
  const svg = select(svgEl).attr('viewBox', `0 0 ${f.width} ${f.height}`);
  const all = series(runs, kind).map((s) =>
    s.dashed || kind === 'accuracy' ? s : { ...s, xy: smooth(s.xy, 10) },
  );
  const xs = all.flatMap((s) => s.xy.map((p) => p[0]));
  const ys = all.flatMap((s) => s.xy.map((p) => p[1]));
  const x = scaleLinear()
    .domain([0, Math.max(1, ...xs)])
    .range([box.left, box.right]);
  const y =
    kind === 'accuracy'
      ? scaleLinear().domain([0, 1]).range([box.bottom, box.top])
      : // A diverging run's loss (10⁹, say) would flatten every other line: losses above
        // LOSS_CAP (over three times chance for ten classes) run along the top edge.
        scaleLinear()
          .domain([0, Math.min(LOSS_CAP, Math.max(0.5, ...ys)) * 1.05])
          .range([box.bottom, box.top])
          .nice()
          .clamp(true);
  const path = line<[number, number]>()
    .x((d) => x(d[0]))
    .y((d) => y(d[1]));
  layer(svg, 'lines')
    .selectAll<SVGPathElement, Series>('path')
    .data(all, (s) => s.key)
    .join('path')
    .attr('data-run', (s) => s.run)
    .attr('data-points', (s) => s.xy.length)
    .attr('fill', 'none')
    .attr('stroke', (s) => s.colour)
    .attr('stroke-width', 'var(--stroke)')
    .attr('stroke-dasharray', (s) => (s.dashed ? '5 4' : null))
    .attr('d', (s) => path(s.xy as [number, number][]) ?? '');
  layer(svg, 'x-axis').attr('transform', `translate(0,${box.bottom})`).call(axisBottom(x).ticks(6));
  layer(svg, 'y-axis')
    .attr('transform', `translate(${box.left},0)`)
    .call(kind === 'accuracy' ? axisLeft(y).ticks(5, '~%') : axisLeft(y).ticks(5));
  axisLabels(
    svg,
    f,
    'epoch',
    kind === 'accuracy' ? 'test accuracy' : 'loss (train solid, test dashed)',
  );
}
