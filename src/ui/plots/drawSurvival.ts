/** Survival probability p_l of each block under stochastic depth, with the mean marked. */
import { axisBottom, axisLeft, scaleLinear, select } from 'd3';
import { formatNumber } from '../format';
import { axisLabels, innerBox, layer, type Frame } from './frame';

export const SURVIVAL_FRAME: Frame = {
  width: 720,
  height: 220,
  margin: { top: 22, right: 18, bottom: 42, left: 66 },
};

export function drawSurvivalPlot(svgEl: SVGSVGElement, p: Float64Array, expected: number): void {
  const f = SURVIVAL_FRAME;
  const b = innerBox(f);
  const svg = select(svgEl).attr('viewBox', `0 0 ${f.width} ${f.height}`);
  const L = p.length;
  const x = scaleLinear()
    .domain([0.5, L + 0.5])
    .range([b.left, b.right]);
  const y = scaleLinear().domain([0, 1]).range([b.bottom, b.top]);
  const w = Math.max((x(2) - x(1)) * (L <= 60 ? 0.8 : 1), 0.5);
  layer(svg, 'bars')
    .selectAll('rect')
    .data(Array.from(p))
    .join('rect')
    .attr('x', (_d, i) => x(i + 1) - w / 2)
    .attr('width', w)
    .attr('y', (d) => y(d))
    .attr('height', (d) => b.bottom - y(d))
    .attr('data-l', (_d, i) => i + 1)
    .attr('data-p', (d) => formatNumber(d, 6));
  const meanP = L === 0 ? 0 : expected / L;
  const mean = layer(svg, 'mean');
  mean
    .selectAll('line')
    .data([meanP])
    .join('line')
    .attr('x1', b.left)
    .attr('x2', b.right)
    .attr('y1', (d) => y(d))
    .attr('y2', (d) => y(d));
  mean
    .selectAll('text')
    .data([meanP])
    .join('text')
    .attr('x', b.right)
    .attr('y', (d) => y(d) - 6)
    .attr('text-anchor', 'end')
    .text(`E[L̃] = ${formatNumber(expected, 2)} of ${L} blocks`);
  layer(svg, 'x-axis')
    .attr('transform', `translate(0,${b.bottom})`)
    .call(
      axisBottom(x)
        .ticks(Math.min(L, 10))
        .tickFormat((v) => (Number.isInteger(+v) ? String(v) : '')),
    );
  layer(svg, 'y-axis').attr('transform', `translate(${b.left},0)`).call(axisLeft(y).ticks(5));
  axisLabels(svg, f, 'block l (input → output)', 'survival p_l');
}
