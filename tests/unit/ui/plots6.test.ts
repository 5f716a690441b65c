import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { effectiveRange, totalGradientByLength } from '../../../src/math/effective';
import {
  drawGradLength,
  gradLengthCsv,
  type GradLengthData,
} from '../../../src/ui/plots/drawGradLength';
import {
  drawGradTotal,
  gradTotalCsv,
  type GradTotalData,
} from '../../../src/ui/plots/drawGradTotal';
import { drawLesionK, lesionKCsv, type LesionKData } from '../../../src/ui/plots/drawLesionK';
import {
  drawLesionSingle,
  lesionSingleCsv,
  type LesionSingleData,
} from '../../../src/ui/plots/drawLesionSingle';
import { drawReorder, reorderCsv, type ReorderData } from '../../../src/ui/plots/drawReorder';
import { innerBox } from '../../../src/ui/plots/frame';
import {
  LAB_FRAME,
  legendLayout,
  powerOfTenDomain,
  powerOfTenTicks,
} from '../../../src/ui/plots/labCommon';
import { PlotFigure, baseFileName } from '../../../src/ui/plots/PlotFigure';
import { binomialBig } from '../../reference/exact';
import { detachedSvg, mini, type MiniElement } from '../../reference/miniSvgDom';

const box = innerBox(LAB_FRAME);
const num = (e: MiniElement, name: string) => Number(e.getAttribute(name));
const all = (svg: SVGSVGElement, selector: string) => mini(svg).querySelectorAll(selector);
const json = (svg: SVGSVGElement, name: string): unknown =>
  JSON.parse(svg.getAttribute(`data-${name}`) ?? 'null');
/** The offset of a tick `<g transform="translate(x,y)">` along its axis. */
const tickPos = (t: MiniElement) =>
  (/translate\(([-\d.e]+),([-\d.e]+)\)/.exec(t.getAttribute('transform') ?? '') ?? [])
    .slice(1)
    .map(Number);
const tickData = (t: MiniElement) => (t as unknown as { __data__: number }).__data__;

/** An empty plot has its axes, a "no data yet" note, and loses the note once data come. */
function expectEmptyThenFilled(
  draw: (svg: SVGSVGElement) => void,
  fill: (svg: SVGSVGElement) => void,
) {
  const svg = detachedSvg();
  expect(() => draw(svg)).not.toThrow();
  expect(all(svg, 'g.x-axis path.domain')).toHaveLength(1);
  expect(all(svg, 'g.y-axis path.domain')).toHaveLength(1);
  expect(all(svg, 'g.empty-note text').map((t) => t.textContent)).toEqual(['no data yet']);
  fill(svg);
  expect(all(svg, 'g.empty-note text')).toHaveLength(0);
  // Redrawing reuses the layers instead of stacking new ones.
  expect(all(svg, ':scope > g.x-axis')).toHaveLength(1);
}

const lesionSingle: LesionSingleData = {
  nets: [
    {
      label: 'ResNet',
      colour: '#2f5bd3',
      intactError: 0.1,
      errors: [0.12, null, 0.45, 0.11, null, 0.1],
      downsample: [false, false, true, false, false, false],
    },
    {
      label: 'plain',
      colour: '#e0662f',
      intactError: 0.2,
      errors: [0.9, 0.9, 0.9, 0.88, 0.9, 0.89],
      downsample: [false, false, false, true, false, false],
    },
  ],
};

describe('drawLesionSingle (Veit Fig. 3)', () => {
  it('draws one dot per measured block at its error, intact lines and downsampling columns', () => {
    const svg = detachedSvg();
    drawLesionSingle(svg, lesionSingle);
    const dots = all(svg, 'g.dots circle');
    expect(dots).toHaveLength(4 + 6);
    const first = dots.filter((d) => num(d, 'data-net') === 0);
    expect(first.map((d) => num(d, 'data-block'))).toEqual([1, 3, 4, 6]);
    expect(first.map((d) => num(d, 'data-error'))).toEqual([0.12, 0.45, 0.11, 0.1]);
    // Higher error, higher on the page (smaller y); blocks left to right.
    expect(num(first[1]!, 'cy')).toBeLessThan(num(first[0]!, 'cy'));
    const xs = first.map((d) => num(d, 'cx'));
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);

    const intact = all(svg, 'g.intact line');
    expect(intact.map((l) => l.getAttribute('stroke'))).toEqual(['#2f5bd3', '#e0662f']);
    expect(intact.every((l) => l.getAttribute('stroke-dasharray'))).toBe(true);
    expect(num(intact[0]!, 'y1')).toBeGreaterThan(num(intact[1]!, 'y1'));

    const cols = all(svg, 'g.downsample rect');
    expect(cols.map((c) => num(c, 'data-block'))).toEqual([3, 4]);
    for (const c of cols) {
      const inside = dots.filter((d) => num(d, 'data-block') === num(c, 'data-block'));
      expect(inside.length).toBeGreaterThan(0);
      for (const d of inside) {
        expect(num(d, 'cx')).toBeGreaterThan(num(c, 'x'));
        expect(num(d, 'cx')).toBeLessThan(num(c, 'x') + num(c, 'width'));
      }
    }
    expect(all(svg, 'g.x-axis g.tick text')[0]!.textContent).toBe('1');
    expect(all(svg, 'g.legend-item text').map((t) => t.textContent)).toEqual([
      'ResNet',
      'plain',
      'intact net',
      'downsampling block',
    ]);
    expect(json(svg, 'series')).toEqual(lesionSingle.nets);
  });

  it('redraws as blocks are measured, and copes with no data', () => {
    expectEmptyThenFilled(
      (svg) => drawLesionSingle(svg, { nets: [] }),
      (svg) => drawLesionSingle(svg, lesionSingle),
    );
    const svg = detachedSvg();
    drawLesionSingle(svg, { nets: [{ ...lesionSingle.nets[0]!, errors: [null, null] }] });
    expect(all(svg, 'g.dots circle')).toHaveLength(0);
    drawLesionSingle(svg, lesionSingle);
    expect(all(svg, 'g.dots circle')).toHaveLength(10);
  });

  it('draws the other batch-norm choice as rings, in the legend and the CSV', () => {
    const svg = detachedSvg();
    const withOther: LesionSingleData = {
      nets: [{ ...lesionSingle.nets[0]!, other: [0.3, 0.2, null, 0.15, null, null] }],
      otherLabel: 'BN statistics as trained',
    };
    drawLesionSingle(svg, withOther);
    const rings = all(svg, 'g.rings circle');
    expect(rings.map((r) => num(r, 'data-block'))).toEqual([1, 2, 4]);
    expect(rings.every((r) => r.getAttribute('fill') === 'none')).toBe(true);
    // A ring sits in its block's column, above the dot of the lower error.
    const dot = all(svg, 'g.dots circle').find((d) => num(d, 'data-block') === 1)!;
    expect(num(rings[0]!, 'cx')).toBe(num(dot, 'cx'));
    expect(num(rings[0]!, 'cy')).toBeLessThan(num(dot, 'cy'));
    expect(all(svg, 'g.legend-item text').map((t) => t.textContent)).toContain(
      'BN statistics as trained',
    );
    const { header, rows } = lesionSingleCsv(withOther);
    expect(header.at(-1)).toBe('test_error_BN_statistics_as_trained');
    expect(rows.map((r) => r.at(-1))).toEqual([0.3, 0.2, undefined, 0.15, undefined, undefined]);
    // Without the other sweep: no rings, no legend entry.
    drawLesionSingle(svg, lesionSingle);
    expect(all(svg, 'g.rings circle')).toHaveLength(0);
    expect(all(svg, 'g.legend-item text').map((t) => t.textContent)).not.toContain(
      'BN statistics as trained',
    );
  });

  it('writes one CSV row per net and block, blank where not measured', () => {
    const { header, rows } = lesionSingleCsv(lesionSingle);
    expect(rows).toHaveLength(12);
    expect(rows[1]).toEqual(['ResNet', 2, 0, undefined, 0.1]);
    expect(rows[2]![header.indexOf('downsampling')]).toBe(1);
    expect(rows[9]![header.indexOf('test_error')]).toBe(0.88);
  });
});

const lesionK: LesionKData = {
  nets: [
    {
      label: 'ResNet-54',
      colour: '#2f5bd3',
      intactError: 0.07,
      rows: [1, 2, 3, 4, 5].map((k) => ({ k, mean: 0.07 + 0.04 * k, std: 0.1, draws: 20 })),
    },
    {
      label: 'ResNet-20',
      colour: '#e0662f',
      intactError: 0.09,
      rows: [
        { k: 2, mean: 0.3, std: NaN, draws: 1 },
        { k: 1, mean: 0.2, std: 0.05, draws: 10 },
      ],
    },
  ],
};

describe('drawLesionK (Veit Fig. 5a)', () => {
  it('draws one dot per row, a line and a ±std band per net, clipped to the axes', () => {
    const svg = detachedSvg();
    drawLesionK(svg, lesionK);
    const dots = all(svg, 'g.dots circle');
    expect(dots).toHaveLength(7);
    const a = dots.filter((d) => num(d, 'data-net') === 0);
    const cy = a.map((d) => num(d, 'cy'));
    expect([...cy].sort((p, q) => q - p)).toEqual(cy); // error grows with k: y falls
    // Equal steps in k and in mean: equal steps on the page.
    const dx = a.slice(1).map((d, i) => num(d, 'cx') - num(a[i]!, 'cx'));
    dx.forEach((v) => expect(v).toBeCloseTo(dx[0]!, 9));
    expect(all(svg, 'g.lines path')).toHaveLength(2);
    const bands = all(svg, 'g.bands path');
    expect(bands).toHaveLength(2);
    for (const b of bands) {
      const ys = (b.getAttribute('d') ?? '')
        .match(/[-\d.e]+/g)!
        .map(Number)
        .filter((_, i) => i % 2);
      expect(ys.length).toBeGreaterThan(0);
      ys.forEach((y) => expect(y).toBeLessThanOrEqual(box.bottom + 1e-9));
    }
    expect(json(svg, 'series')).toEqual(JSON.parse(JSON.stringify(lesionK.nets)));
  });

  it('copes with no data', () => {
    expectEmptyThenFilled(
      (svg) => drawLesionK(svg, { nets: [] }),
      (svg) => drawLesionK(svg, lesionK),
    );
  });

  it('writes one CSV row per net and k, sorted by k', () => {
    const { rows } = lesionKCsv(lesionK);
    expect(rows).toHaveLength(7);
    expect(rows[5]).toEqual(['ResNet-20', 1, 0.2, 0.05, 10, 0.09]);
    expect(rows[6]![3]).toBeUndefined();
  });
});

const reorder: ReorderData = {
  nets: [
    {
      label: 'ResNet',
      colour: '#2f5bd3',
      intactError: 0.07,
      points: [
        { swaps: 1, tau: 0.96, error: 0.1 },
        { swaps: 4, tau: 0.8, error: 0.2 },
        { swaps: 20, tau: -0.2, error: 0.6 },
        { swaps: 2, tau: NaN, error: 0.5 },
      ],
    },
    {
      label: 'other',
      colour: '#e0662f',
      intactError: 0.1,
      points: [{ swaps: 8, tau: 0.5, error: 0.3 }],
    },
  ],
};

describe('drawReorder (Veit Fig. 5b)', () => {
  it('puts τ = 1 on the left and corruption to the right, one dot per measured order', () => {
    const svg = detachedSvg();
    drawReorder(svg, reorder);
    const dots = all(svg, 'g.dots circle');
    expect(dots).toHaveLength(4);
    const byTau = [...dots].sort((p, q) => num(q, 'data-tau') - num(p, 'data-tau'));
    const xs = byTau.map((d) => num(d, 'cx'));
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(xs[0]).toBeGreaterThan(box.left);
    expect(xs[xs.length - 1]).toBeLessThan(box.right);
    expect(byTau.map((d) => num(d, 'data-swaps'))).toEqual([1, 4, 8, 20]);
    // The axis reads 1 at the left edge, falling to the right.
    const ticks = all(svg, 'g.x-axis g.tick');
    const pos = ticks.map((t) => tickPos(t)[0]!);
    const vals = ticks.map(tickData);
    expect(vals[pos.indexOf(Math.min(...pos))]).toBe(1);
    const order = pos.map((p, i) => [p, vals[i]!]).sort((a, b) => a[0]! - b[0]!);
    order.slice(1).forEach(([, v], i) => expect(v).toBeLessThan(order[i]![1]!));
    expect(json(svg, 'series')).toEqual(JSON.parse(JSON.stringify(reorder.nets)));
  });

  it('copes with no data; CSV has a row per order', () => {
    expectEmptyThenFilled(
      (svg) => drawReorder(svg, { nets: [] }),
      (svg) => drawReorder(svg, reorder),
    );
    const { header, rows } = reorderCsv(reorder);
    expect(header).toEqual(['net', 'swaps', 'kendall_tau', 'test_error', 'intact_error']);
    expect(rows).toHaveLength(5);
    expect(rows[3]).toEqual(['ResNet', 2, undefined, 0.5, 0.07]);
  });
});

const gradLength: GradLengthData = {
  n: 12,
  rows: [
    ...Array.from({ length: 8 }, (_, i) => ({
      k: i + 1,
      mean: 10 ** (-0.6 * (i + 1)),
      std: (i % 2 ? 2 : 0.5) * 10 ** (-0.6 * (i + 1)), // odd rows: mean − std < 0
      samples: 30,
    })),
    { k: 9, mean: 0, std: 0, samples: 30 }, // nothing to show on a log axis
  ],
};

describe('drawGradLength (Veit Fig. 6b)', () => {
  it('plots log10 of the mean linearly, with power-of-ten ticks only', () => {
    const svg = detachedSvg();
    drawGradLength(svg, gradLength);
    expect(svg.getAttribute('data-scale')).toBe('log');
    const dots = all(svg, 'g.dots circle');
    expect(dots).toHaveLength(8);
    // cy is affine in log10(mean): equal decades, equal distances.
    const slope = dots
      .slice(1)
      .map(
        (d, i) =>
          (num(d, 'cy') - num(dots[i]!, 'cy')) /
          (Math.log10(num(d, 'data-mean')) - Math.log10(num(dots[i]!, 'data-mean'))),
      );
    slope.forEach((s) => expect(s).toBeCloseTo(slope[0]!, 6));
    expect(slope[0]).toBeLessThan(0);

    const ticks = all(svg, 'g.y-axis g.tick');
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (const t of ticks) {
      const e = Math.log10(tickData(t));
      expect(Math.abs(e - Math.round(e))).toBeLessThan(1e-9);
      expect(t.textContent).toMatch(/^10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+$/);
    }
    const ys = ticks.map((t) => tickPos(t)[1]!);
    ys.slice(2).forEach((y, i) => expect(y - ys[i + 1]!).toBeCloseTo(ys[i + 1]! - ys[i]!, 6));

    // The band stays on the plot although mean − std < 0 on every other row.
    const d = all(svg, 'g.band path')[0]!.getAttribute('d') ?? '';
    expect(d).not.toMatch(/NaN|Infinity/);
    const bandYs = d
      .match(/[-\d.e]+/g)!
      .map(Number)
      .filter((_, i) => i % 2);
    bandYs.forEach((y) => {
      expect(y).toBeGreaterThanOrEqual(box.top - 1e-6);
      expect(y).toBeLessThanOrEqual(box.bottom + 1e-6);
    });
    expect(bandYs).toContain(box.bottom);
    expect(json(svg, 'series')).toEqual(gradLength);
  });

  it('copes with no data; CSV rows match the measured lengths', () => {
    expectEmptyThenFilled(
      (svg) => drawGradLength(svg, { n: 54, rows: [] }),
      (svg) => drawGradLength(svg, gradLength),
    );
    const { rows } = gradLengthCsv(gradLength);
    expect(rows).toHaveLength(9);
    expect(rows[0]).toEqual([12, 1, 10 ** -0.6, 0.5 * 10 ** -0.6, 30]);
  });
});

function gradTotalData(n: number, fraction: number): GradTotalData {
  const rows = totalGradientByLength(
    n,
    Array.from({ length: n + 1 }, (_, k) => ({ k, mean: 0.3 ** k })).filter((_, k) => k < 16),
  );
  return { n, rows, range: effectiveRange(rows, fraction), fraction };
}

describe('drawGradTotal (Veit Fig. 6c)', () => {
  it('draws share bars, the lighter path-length law, and shades the effective range', () => {
    const data = gradTotalData(20, 0.9);
    const svg = detachedSvg();
    drawGradTotal(svg, data);
    const share = all(svg, 'g.share rect');
    expect(share).toHaveLength(16);
    share.forEach((b, i) => expect(num(b, 'data-share')).toBe(data.rows[i]!.share));
    const law = all(svg, 'g.binomial rect');
    expect(law).toHaveLength(21);
    law.forEach((b, k) =>
      expect(num(b, 'data-p')).toBeCloseTo(Number(binomialBig(20, k)) / 2 ** 20, 15),
    );
    // Bar heights in proportion to the values (one linear axis from 0).
    const perUnit = num(law[10]!, 'height') / num(law[10]!, 'data-p');
    expect(num(share[3]!, 'height') / num(share[3]!, 'data-share')).toBeCloseTo(perUnit, 6);

    const { lo, hi } = data.range!;
    const centre = (b: MiniElement) => num(b, 'x') + num(b, 'width') / 2;
    const step = centre(law[1]!) - centre(law[0]!);
    const band = all(svg, 'g.effective-band rect');
    expect(band).toHaveLength(1);
    expect(num(band[0]!, 'x')).toBeCloseTo(centre(law[lo]!) - step / 2, 9);
    expect(num(band[0]!, 'x') + num(band[0]!, 'width')).toBeCloseTo(centre(law[hi]!) + step / 2, 9);
    for (const b of share) {
      const inside =
        centre(b) > num(band[0]!, 'x') && centre(b) < num(band[0]!, 'x') + num(band[0]!, 'width');
      expect(inside).toBe(num(b, 'data-k') >= lo && num(b, 'data-k') <= hi);
    }
    expect(all(svg, 'g.effective-band text.effective-label')[0]!.textContent).toBe(
      `effective paths k = ${lo}–${hi}`,
    );
    expect(all(svg, 'g.legend-item text').map((t) => t.textContent)).toContain('gradient share');
    expect(json(svg, 'range')).toEqual(data.range);
    expect(json(svg, 'series')).toEqual(data.rows);

    drawGradTotal(svg, { ...data, range: null });
    expect(all(svg, 'g.effective-band rect')).toHaveLength(0);
  });

  it('copes with no rows (the path-length law still shows); CSV covers every length', () => {
    expectEmptyThenFilled(
      (svg) => drawGradTotal(svg, { n: 10, rows: [], range: null, fraction: 0.9 }),
      (svg) => drawGradTotal(svg, gradTotalData(10, 0.5)),
    );
    const svg = detachedSvg();
    drawGradTotal(svg, { n: 10, rows: [], range: null, fraction: 0.9 });
    expect(all(svg, 'g.binomial rect')).toHaveLength(11);
    const data = gradTotalData(20, 0.9);
    const { header, rows } = gradTotalCsv(data);
    expect(rows).toHaveLength(21);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 21 }, (_, k) => k));
    const col = (name: string) => rows.map((r) => r[header.indexOf(name)]);
    expect(col('paths')[10]).toBe(Number(binomialBig(20, 10)));
    expect((col('path_fraction') as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(col('gradient_share')[18]).toBeUndefined();
    const inRange = col('in_effective_range');
    expect(inRange.filter((v) => v === 1)).toHaveLength(data.range!.hi - data.range!.lo + 1);
  });
});

describe('lab plot helpers', () => {
  it('log domains run between whole decades with the values strictly inside', () => {
    expect(powerOfTenDomain([0.05, 0.3])).toEqual([0.01, 1]);
    expect(powerOfTenDomain([1e-15, 0.5, 0, -1, NaN])).toEqual([1e-16, 1]);
    expect(powerOfTenDomain([])).toEqual([1e-3, 1]);
  });

  it('power-of-ten ticks are whole decades, thinned to at most 7', () => {
    expect(powerOfTenTicks(1e-3, 1)).toEqual([1e-3, 1e-2, 1e-1, 1]);
    const many = powerOfTenTicks(1e-30, 1);
    expect(many.length).toBeLessThanOrEqual(7);
    expect(many[many.length - 1]).toBe(1);
    many.forEach((v) => expect(Math.log10(v)).toBeCloseTo(Math.round(Math.log10(v)), 9));
  });

  it('the legend wraps onto a second row instead of running off the plot', () => {
    const items = Array.from({ length: 8 }, (_, i) => ({
      key: String(i),
      label: `a rather long legend entry ${i}`,
      colour: '#000',
      kind: 'line' as const,
    }));
    const placed = legendLayout(items, LAB_FRAME);
    expect(new Set(placed.map((p) => p.y)).size).toBeGreaterThan(1);
    placed.forEach((p) => expect(p.x).toBeLessThan(box.right));
  });
});

describe('PlotFigure', () => {
  it('renders a labelled svg and SVG / PNG / CSV buttons with test ids', () => {
    const html = renderToStaticMarkup(
      createElement(PlotFigure, {
        testId: 'lesion-single',
        label: 'Test error with one block deleted',
        fileName: 'lesion-single',
        draw: () => {},
        csv: () => ({ header: [], rows: [] }),
        caption: 'Veit et al. 2016, Fig. 3',
      }),
    );
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).toContain('aria-label="Test error with one block deleted"');
    expect(html).toContain('data-testid="lesion-single"');
    for (const kind of ['svg', 'png', 'csv']) {
      expect(html).toMatch(
        new RegExp(`<button[^>]*aria-label="[^"]+"[^>]*data-testid="lesion-single-${kind}"`),
      );
    }
    expect(html).toContain('<figcaption class="lab-caption">Veit et al. 2016, Fig. 3</figcaption>');
    expect(baseFileName('a.csv')).toBe('a');
    expect(baseFileName('grad-total')).toBe('grad-total');
  });
});
