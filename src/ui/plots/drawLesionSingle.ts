/**
 * Deleting one block at a time (Veit et al. 2016, Fig. 3): the test error of each net with
 * block i removed, one dot per measured block (`<circle data-net data-block data-error>`), the
 * intact net's error as a dashed line in the net's colour, and the downsampling blocks, whose
 * deletion hurts most, shaded behind. A pure draw() with joins, redrawn as blocks are measured.
 */
import { axisBottom, axisLeft, line, scaleBand, scaleLinear, select } from 'd3';
import { axisLabels, innerBox, layer } from './frame';
import {
  LAB_COLOURS,
  LAB_FRAME,
  drawEmptyNote,
  drawLegend,
  integerTicks,
  drawIntactLines,
  intactLines,
  netLegend,
  setDataAttribute,
  type LegendItem,
} from './labCommon';

export interface LesionSingleNet {
  readonly label: string;
  readonly colour: string;
  readonly intactError: number;
  /** Test error with block i deleted; null while not measured. */
  readonly errors: readonly (number | null)[];
  readonly downsample: readonly boolean[];
  /** The same sweep under the other batch-norm choice, drawn as rings; absent when not run. */
  readonly other?: readonly (number | null)[];
}

export interface LesionSingleData {
  readonly nets: readonly LesionSingleNet[];
  /** What the rings are, for the legend ("BN statistics as trained"). */
  readonly otherLabel?: string;
}

export const LESION_SINGLE_FRAME = LAB_FRAME;

interface Dot {
  readonly net: number;
  readonly block: number;
  readonly error: number;
  readonly colour: string;
}

const measured = (e: number | null | undefined): e is number =>
  typeof e === 'number' && Number.isFinite(e);

export function drawLesionSingle(svgEl: SVGSVGElement, data: LesionSingleData): void {
  const f = LESION_SINGLE_FRAME;
  const box = innerBox(f);
  const svg = select(svgEl).attr('viewBox', `0 0 ${f.width} ${f.height}`);
  setDataAttribute(svgEl, 'series', data.nets);

  const blocks = Math.max(
    0,
    ...data.nets.map((n) => Math.max(n.errors.length, n.downsample.length)),
  );
  const indices = Array.from({ length: blocks }, (_, i) => i);
  const dots: Dot[] = data.nets.flatMap((n, net) =>
    n.errors.flatMap((e, block) =>
      measured(e) ? [{ net, block, error: e, colour: n.colour }] : [],
    ),
  );
  const rings: Dot[] = data.nets.flatMap((n, net) =>
    (n.other ?? []).flatMap((e, block) =>
      measured(e) ? [{ net, block, error: e, colour: n.colour }] : [],
    ),
  );
  const intact = intactLines(data.nets);
  const top = Math.max(
    0.05,
    ...dots.map((d) => d.error),
    ...rings.map((d) => d.error),
    ...intact.map((d) => d.error),
  );

  const x = scaleBand<number>()
    .domain(indices.length ? indices : [0])
    .range([box.left, box.right])
    .paddingInner(0.1)
    .paddingOuter(0.05);
  const y = scaleLinear()
    .domain([0, Math.min(1, top * 1.1)])
    .range([box.bottom, box.top])
    .nice();
  // Each net gets its own slot in a block's column, so that equal errors do not hide each other.
  const slot = scaleBand<number>()
    .domain(data.nets.map((_, i) => i))
    .range([0, x.bandwidth()])
    .padding(0.2);
  const cx = (d: { net: number; block: number }) =>
    x(d.block)! + (data.nets.length > 1 ? slot(d.net)! + slot.bandwidth() / 2 : x.bandwidth() / 2);

  const ds = indices.filter((i) => data.nets.some((n) => n.downsample[i]));
  layer(svg, 'downsample')
    .selectAll('rect')
    .data(ds)
    .join('rect')
    .attr('data-block', (d) => d + 1)
    .attr('x', (d) => x(d)!)
    .attr('width', x.bandwidth())
    .attr('y', box.top)
    .attr('height', box.bottom - box.top)
    .attr('fill', LAB_COLOURS.shade);

  drawIntactLines(svg, f, y, intact);

  // A thin line through each net's measured dots, broken where a block is still missing.
  const path = (net: number) =>
    line<number | null>()
      .defined((e) => measured(e))
      .x((_, block) => cx({ net, block }))
      .y((e) => y(e ?? 0));
  layer(svg, 'traces')
    .selectAll('path')
    .data(data.nets.map((n, net) => ({ net, n })))
    .join('path')
    .attr('data-net', (d) => d.net)
    .attr('fill', 'none')
    .attr('stroke', (d) => d.n.colour)
    .attr('stroke-opacity', 0.45)
    .attr('stroke-width', 1)
    .attr('d', (d) => path(d.net)([...d.n.errors]) ?? '');

  layer(svg, 'rings')
    .selectAll<SVGCircleElement, Dot>('circle')
    .data(rings, (d) => `${d.net}-${d.block}`)
    .join('circle')
    .attr('data-net', (d) => d.net)
    .attr('data-block', (d) => d.block + 1)
    .attr('data-error', (d) => d.error)
    .attr('cx', cx)
    .attr('cy', (d) => y(d.error))
    .attr('r', blocks > 40 ? 2.5 : 3.5)
    .attr('fill', 'none')
    .attr('stroke', (d) => d.colour)
    .attr('stroke-width', 1.2);

  layer(svg, 'dots')
    .selectAll<SVGCircleElement, Dot>('circle')
    .data(dots, (d) => `${d.net}-${d.block}`)
    .join('circle')
    .attr('data-net', (d) => d.net)
    .attr('data-block', (d) => d.block + 1)
    .attr('data-error', (d) => d.error)
    .attr('cx', cx)
    .attr('cy', (d) => y(d.error))
    .attr('r', blocks > 40 ? 2.5 : 3.5)
    .attr('fill', (d) => d.colour);

  const xTicks = integerTicks(1, Math.max(1, blocks), 18).map((v) => v - 1);
  layer(svg, 'x-axis')
    .attr('transform', `translate(0,${box.bottom})`)
    .call(
      axisBottom(x)
        .tickValues(blocks ? [...new Set([0, ...xTicks.filter((v) => v >= 0)])] : [])
        .tickFormat((i) => String(i + 1)),
    );
  layer(svg, 'y-axis')
    .attr('transform', `translate(${box.left},0)`)
    .call(axisLeft(y).ticks(6, '~%'));
  axisLabels(svg, f, 'deleted block (1 = nearest the input)', 'test error');

  const legend: LegendItem[] = [
    ...netLegend(data.nets, intact.length > 0),
    ...(rings.length && data.otherLabel
      ? [{ key: 'other', label: data.otherLabel, colour: LAB_COLOURS.muted, kind: 'ring' as const }]
      : []),
    ...(ds.length
      ? [
          {
            key: 'downsample',
            label: 'downsampling block',
            colour: LAB_COLOURS.shade,
            kind: 'rect' as const,
          },
        ]
      : []),
  ];
  drawLegend(svg, f, legend);
  drawEmptyNote(svg, f, dots.length === 0);
}

/** One row per net and block: what the plot shows, for a spreadsheet. */
export function lesionSingleCsv(data: LesionSingleData): {
  header: string[];
  rows: (string | number | undefined)[][];
} {
  const header = [
    'net',
    'deleted_block',
    'downsampling',
    'test_error',
    'intact_error',
    ...(data.otherLabel ? [`test_error_${data.otherLabel.replace(/\W+/g, '_')}`] : []),
  ];
  const rows = data.nets.flatMap((n) => {
    const count = Math.max(n.errors.length, n.downsample.length);
    return Array.from({ length: count }, (_, i) => {
      const e = n.errors[i];
      return [
        n.label,
        i + 1,
        n.downsample[i] ? 1 : 0,
        measured(e) ? e : undefined,
        measured(n.intactError) ? n.intactError : undefined,
        ...(data.otherLabel ? [measured(n.other?.[i]) ? n.other[i] : undefined] : []),
      ];
    });
  });
  return { header, rows };
}
