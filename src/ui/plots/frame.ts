import type { Selection } from 'd3';

/** The fixed drawing box of every plot; the SVG scales it to its container with a viewBox. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly margin: {
    readonly top: number;
    readonly right: number;
    readonly bottom: number;
    readonly left: number;
  };
}

export function innerBox(f: Frame) {
  return {
    left: f.margin.left,
    right: f.width - f.margin.right,
    top: f.margin.top,
    bottom: f.height - f.margin.bottom,
  };
}

/** The `<g class=name>` child of `parent`, created on first use and reused by every redraw. */
export function layer<P extends SVGElement>(
  parent: Selection<P, unknown, null, undefined>,
  name: string,
): Selection<SVGGElement, unknown, null, undefined> {
  const existing = parent.select<SVGGElement>(`:scope > g.${name}`);
  if (!existing.empty())
    return existing as unknown as Selection<SVGGElement, unknown, null, undefined>;
  return parent.append('g').attr('class', name) as unknown as Selection<
    SVGGElement,
    unknown,
    null,
    undefined
  >;
}

/** Superscript minus-aware power-of-ten tick label: 10⁻³⁰¹. */
export function powerOfTen(exponent: number): string {
  const sup: Record<string, string> = {
    '-': '⁻',
    '0': '⁰',
    '1': '¹',
    '2': '²',
    '3': '³',
    '4': '⁴',
    '5': '⁵',
    '6': '⁶',
    '7': '⁷',
    '8': '⁸',
    '9': '⁹',
  };
  return `10${String(exponent)
    .split('')
    .map((c) => sup[c] ?? c)
    .join('')}`;
}

/** The x-axis label under the plot and the rotated y-axis label left of it. */
export function axisLabels<P extends SVGElement>(
  svg: Selection<P, unknown, null, undefined>,
  f: Frame,
  xText: string,
  yText: string,
): void {
  const b = innerBox(f);
  const labels = layer(svg, 'axis-labels');
  labels
    .selectAll('text.x-label')
    .data([xText])
    .join('text')
    .attr('class', 'x-label')
    .attr('x', (b.left + b.right) / 2)
    .attr('y', f.height - 7)
    .attr('text-anchor', 'middle')
    .text((d) => d);
  labels
    .selectAll('text.y-label')
    .data([yText])
    .join('text')
    .attr('class', 'y-label')
    .attr('transform', `translate(15,${(b.top + b.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text((d) => d);
}
