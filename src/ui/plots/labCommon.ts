/**
 * Pieces shared by the lab's plots (lesions, reordering, gradients by path length): the frame,
 * an in-SVG legend (so that it travels with an exported SVG or PNG), the "no data yet" note,
 * power-of-ten ticks for log axes, and the JSON `data-` attributes that e2e tests read back.
 * Colours are set as attributes, not CSS, for the same reason as the legend.
 */
import type { Selection } from 'd3';
import { innerBox, layer, type Frame } from './frame';

export const LAB_FRAME: Frame = {
  width: 640,
  height: 300,
  margin: { top: 40, right: 18, bottom: 46, left: 62 },
};

/** Muted colours of marks that are not a net's own. */
export const LAB_COLOURS = {
  muted: '#5b6478',
  shade: '#eef1f8',
  highlight: '#fdf0d5',
  bar: '#4a6fd8',
  light: '#c3cbdc',
} as const;

export type SvgSelection = Selection<SVGSVGElement, unknown, null, undefined>;

/** Write `value` as JSON into `data-${name}` on the svg. */
export function setDataAttribute(svg: SVGSVGElement, name: string, value: unknown): void {
  svg.setAttribute(`data-${name}`, JSON.stringify(value));
}

export interface LegendItem {
  readonly key: string;
  readonly label: string;
  readonly colour: string;
  /** line: solid line; dashed: dashed line; dot: a dot on a line; ring: a hollow circle
   * alone; rect: a filled box. */
  readonly kind: 'line' | 'dashed' | 'dot' | 'ring' | 'rect';
}

interface PlacedItem extends LegendItem {
  readonly x: number;
  readonly y: number;
}

/** Items flow left to right above the plot box and wrap onto a second row when needed. */
export function legendLayout(items: readonly LegendItem[], f: Frame): PlacedItem[] {
  const b = innerBox(f);
  let x = b.left;
  let row = 0;
  return items.map((it) => {
    const w = 24 + it.label.length * 6.4 + 14;
    if (x > b.left && x + w > b.right) {
      x = b.left;
      row += 1;
    }
    const placed = { ...it, x, y: 12 + row * 16 };
    x += w;
    return placed;
  });
}

export function drawLegend(svg: SvgSelection, f: Frame, items: readonly LegendItem[]): void {
  const g = layer(svg, 'legend')
    .selectAll<SVGGElement, PlacedItem>('g.legend-item')
    .data(legendLayout(items, f), (d) => d.key)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'legend-item');
      e.append('line');
      e.append('rect');
      e.append('circle');
      e.append('text');
      return e;
    })
    .attr('data-key', (d) => d.key)
    .attr('transform', (d) => `translate(${d.x},${d.y})`);
  g.select('line')
    .attr('x1', 0)
    .attr('x2', 18)
    .attr('y1', 0)
    .attr('y2', 0)
    .attr('stroke', (d) => d.colour)
    .attr('stroke-width', 'var(--stroke)')
    .attr('stroke-dasharray', (d) => (d.kind === 'dashed' ? '5 3' : null))
    .attr('display', (d) => (d.kind === 'rect' || d.kind === 'ring' ? 'none' : null));
  g.select('rect')
    .attr('x', 2)
    .attr('y', -5)
    .attr('width', 14)
    .attr('height', 10)
    .attr('fill', (d) => d.colour)
    .attr('display', (d) => (d.kind === 'rect' ? null : 'none'));
  g.select('circle')
    .attr('cx', 9)
    .attr('cy', 0)
    .attr('r', 3.5)
    .attr('fill', (d) => (d.kind === 'ring' ? 'none' : d.colour))
    .attr('stroke', (d) => (d.kind === 'ring' ? d.colour : null))
    .attr('stroke-width', (d) => (d.kind === 'ring' ? 1.2 : null))
    .attr('display', (d) => (d.kind === 'dot' || d.kind === 'ring' ? null : 'none'));
  g.select('text')
    .attr('x', 24)
    .attr('dy', '0.32em')
    .text((d) => d.label);
}

/** A short centred note in the plot box while there is nothing to plot. */
export function drawEmptyNote(svg: SvgSelection, f: Frame, empty: boolean): void {
  const b = innerBox(f);
  layer(svg, 'empty-note')
    .selectAll('text')
    .data(empty ? ['no data yet'] : [])
    .join('text')
    .attr('x', (b.left + b.right) / 2)
    .attr('y', (b.top + b.bottom) / 2)
    .attr('text-anchor', 'middle')
    .attr('fill', LAB_COLOURS.muted)
    .text((d) => d);
}

/**
 * A log-axis domain from whole powers of ten around the positive finite values (at least one
 * decade), so that its ticks can be powers of ten only. [1e-3, 1] when there are none.
 */
export function powerOfTenDomain(values: readonly number[]): [number, number] {
  const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
  if (logs.length === 0) return [1e-3, 1];
  // A value on a whole power sits a little inside the axis, not on its end.
  const lo = Math.floor(Math.min(...logs) - 0.02);
  const hi = Math.max(Math.ceil(Math.max(...logs) + 0.02), lo + 1);
  return [10 ** lo, 10 ** hi];
}

/** The powers of ten in [lo, hi], thinned to at most `max` ticks (every 2nd, 3rd, … decade). */
export function powerOfTenTicks(lo: number, hi: number, max = 7): number[] {
  const a = Math.ceil(Math.log10(lo) - 1e-9);
  const b = Math.floor(Math.log10(hi) + 1e-9);
  const step = Math.max(1, Math.ceil((b - a + 1) / max));
  const out: number[] = [];
  for (let e = b; e >= a; e -= step) out.unshift(10 ** e);
  return out;
}

/** Integer tick values in [lo, hi], at most `max` of them, on multiples of a round step. */
export function integerTicks(lo: number, hi: number, max = 12): number[] {
  const span = Math.max(1, hi - lo);
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500].find((s) => span / s <= max) ?? 1000;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) out.push(v);
  return out;
}

/** A net's error with nothing deleted: a dashed line across the plot in the net's colour. */
export interface IntactLine {
  readonly net: number;
  readonly error: number;
  readonly colour: string;
}

export function intactLines(
  nets: readonly { readonly intactError: number; readonly colour: string }[],
): IntactLine[] {
  return nets.flatMap((n, net) =>
    Number.isFinite(n.intactError) ? [{ net, error: n.intactError, colour: n.colour }] : [],
  );
}

/** The intact lines in `<g class="intact">`, one `<line data-net data-error>` per net. */
export function drawIntactLines(
  svg: SvgSelection,
  f: Frame,
  y: (error: number) => number,
  intact: readonly IntactLine[],
): void {
  const box = innerBox(f);
  layer(svg, 'intact')
    .selectAll<SVGLineElement, IntactLine>('line')
    .data(intact, (d) => d.net)
    .join('line')
    .attr('data-net', (d) => d.net)
    .attr('data-error', (d) => d.error)
    .attr('x1', box.left)
    .attr('x2', box.right)
    .attr('y1', (d) => y(d.error))
    .attr('y2', (d) => y(d.error))
    .attr('stroke', (d) => d.colour)
    .attr('stroke-width', 'var(--stroke)')
    .attr('stroke-dasharray', '6 4');
}

/** The legend of the lesion plots: a dot per net, and the intact line when there is one. */
export function netLegend(
  nets: readonly { readonly label: string; readonly colour: string }[],
  withIntact: boolean,
): LegendItem[] {
  return [
    ...nets.map((n, i) => ({
      key: `net-${i}`,
      label: n.label,
      colour: n.colour,
      kind: 'dot' as const,
    })),
    ...(withIntact
      ? [{ key: 'intact', label: 'intact net', colour: LAB_COLOURS.muted, kind: 'dashed' as const }]
      : []),
  ];
}
