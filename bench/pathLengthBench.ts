/**
 * Runs in Chromium (driven by run-path-length.mjs): the time to compute the unraveled-view
 * model and to redraw the path-length plot, median of repeated runs, for growing n.
 */
import '../src/ui/styles.css';
import type { BlockFamily } from '../src/math/blockPaths';
import { drawPathLengthPlot, type YScale } from '../src/ui/plots/drawPathLength';
import { computeUnraveledModel } from '../src/ui/sections/unraveled/model';
import { median } from '../src/math/stats';

interface Case {
  readonly family: BlockFamily;
  readonly n: number;
  readonly sd: boolean;
  readonly scale: YScale;
}

export interface BenchRow extends Case {
  readonly bars: number;
  readonly computeMs: number;
  readonly drawMs: number;
  readonly runs: number;
}

const CASES: Case[] = [
  ...[10, 100, 1000, 10000].flatMap((n) =>
    (['linear', 'log'] as const).map((scale) => ({
      family: 'residual' as const,
      n,
      sd: false,
      scale,
    })),
  ),
  { family: 'residual', n: 1000, sd: true, scale: 'linear' },
  { family: 'midpoint', n: 1000, sd: false, scale: 'linear' },
  { family: 'rk4', n: 1000, sd: false, scale: 'linear' },
  { family: 'rk4', n: 1000, sd: true, scale: 'log' },
];

async function nextFrame() {
  await new Promise((r) => requestAnimationFrame(() => r(null)));
}

async function run(): Promise<BenchRow[]> {
  const svg = document.getElementById('plot') as unknown as SVGSVGElement;
  const rows: BenchRow[] = [];
  for (const c of CASES) {
    const runs = c.n >= 10000 ? 7 : 15;
    const compute: number[] = [];
    const draw: number[] = [];
    let bars = 0;
    for (let i = 0; i < runs; i++) {
      // Alternate n and n - 1, as a slider does, so every redraw changes the bars.
      const n = i % 2 === 0 ? c.n : c.n - 1;
      const t0 = performance.now();
      const m = computeUnraveledModel({ n, family: c.family, sd: c.sd, rule: 'linear', pL: 0.5 });
      const t1 = performance.now();
      drawPathLengthPlot(
        svg,
        {
          dist: m.dist,
          alive: m.survival?.alive,
          mean: m.mean,
          interval: m.interval95,
          scale: c.scale,
        },
        0,
      );
      svg.getBoundingClientRect(); // force style and layout inside the measurement
      const t2 = performance.now();
      compute.push(t1 - t0);
      draw.push(t2 - t1);
      bars = svg.querySelectorAll('.bars rect').length;
      await nextFrame();
    }
    rows.push({ ...c, bars, computeMs: median(compute), drawMs: median(draw), runs });
  }
  return rows;
}

declare global {
  interface Window {
    __bench?: BenchRow[] | { error: string };
  }
}

run().then(
  (rows) => {
    window.__bench = rows;
    document.getElementById('out')!.textContent = JSON.stringify(rows, null, 2);
  },
  (e: unknown) => {
    window.__bench = { error: String(e) };
  },
);
