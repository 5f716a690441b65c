/**
 * The ODE view of residual blocks (Lu et al. 2018; Luo et al. 2021): a residual block
 * x + F(x) is one Euler step of dx/dt = f(x); the midpoint and RK4 blocks are those methods'
 * steps. Here the methods run on a 2-D ODE with their tableaux read off the blocks' own path
 * graphs, and their global error shrinks as h, h², h⁴.
 */
import { tableauOf, type BlockFamily } from './blockPaths';

export type Vec2 = readonly [number, number];

export interface OdeSystem {
  readonly id: 'spiral' | 'pendulum';
  readonly name: string;
  readonly f: (y: Vec2) => Vec2;
  readonly y0: Vec2;
  /** The time to integrate over. */
  readonly T: number;
  /** The exact solution where one is known in closed form. */
  readonly exact?: (t: number) => Vec2;
  /** The region the field is drawn over: [xmin, xmax, ymin, ymax]. */
  readonly box: readonly [number, number, number, number];
}

const DAMP = 0.1;

export const SYSTEMS: readonly OdeSystem[] = [
  {
    // y' = A y with A = [[−0.1, −1], [1, −0.1]]: a spiral, exact e^{−0.1t}(cos t, sin t).
    id: 'spiral',
    name: 'Damped rotation (linear)',
    f: ([a, b]) => [-DAMP * a - b, a - DAMP * b],
    y0: [1, 0],
    T: 6,
    exact: (t) => [Math.exp(-DAMP * t) * Math.cos(t), Math.exp(-DAMP * t) * Math.sin(t)],
    box: [-1.3, 1.3, -1.3, 1.3],
  },
  {
    // θ'' = −sin θ as (θ, ω): no closed form; the reference is RK4 with a tiny step.
    id: 'pendulum',
    name: 'Pendulum (nonlinear)',
    f: ([theta, omega]) => [omega, -Math.sin(theta)],
    y0: [2, 0],
    T: 6,
    box: [-2.6, 2.6, -2.2, 2.2],
  },
];

/** The methods and the block families whose steps they are. */
export const METHODS = [
  { id: 'euler', name: 'Euler', family: 'residual', order: 1 },
  { id: 'midpoint', name: 'Midpoint', family: 'midpoint', order: 2 },
  { id: 'rk4', name: 'RK4', family: 'rk4', order: 4 },
] as const satisfies readonly {
  id: string;
  name: string;
  family: BlockFamily;
  order: number;
}[];

export type MethodId = (typeof METHODS)[number]['id'];

/** One step of size h of the explicit Runge–Kutta method of a block family's tableau. */
export function rkStep(family: BlockFamily, f: OdeSystem['f'], y: Vec2, h: number): Vec2 {
  const { a, b } = tableauOf(family);
  const k: Vec2[] = [];
  for (let j = 0; j < b.length; j++) {
    let u0 = y[0];
    let u1 = y[1];
    a[j]!.forEach((aji, i) => {
      u0 += h * aji * k[i]![0];
      u1 += h * aji * k[i]![1];
    });
    k.push(f([u0, u1]));
  }
  let y0 = y[0];
  let y1 = y[1];
  b.forEach((bj, j) => {
    y0 += h * bj * k[j]![0];
    y1 += h * bj * k[j]![1];
  });
  return [y0, y1];
}

/** The trajectory of `steps` steps over [0, T] (steps + 1 points, the start included). */
export function integrate(family: BlockFamily, sys: OdeSystem, steps: number): Vec2[] {
  const h = sys.T / steps;
  const out: Vec2[] = [sys.y0];
  let y = sys.y0;
  for (let i = 0; i < steps; i++) {
    y = rkStep(family, sys.f, y, h);
    out.push(y);
  }
  return out;
}

/** The true state at time t: the closed form, or RK4 with steps of at most 1/2000. */
export function reference(sys: OdeSystem, t: number): Vec2 {
  if (sys.exact) return sys.exact(t);
  const steps = Math.max(1, Math.ceil(t * 2000));
  let y = sys.y0;
  for (let i = 0; i < steps; i++) y = rkStep('rk4', sys.f, y, t / steps);
  return y;
}

export interface ErrorPoint {
  readonly h: number;
  readonly error: number;
}

/** Global error at time T, |y_N − y(T)|, for each number of steps. */
export function globalErrors(
  family: BlockFamily,
  sys: OdeSystem,
  stepCounts: readonly number[],
): ErrorPoint[] {
  const truth = reference(sys, sys.T);
  return stepCounts.map((n) => {
    const y = integrate(family, sys, n).at(-1)!;
    return { h: sys.T / n, error: Math.hypot(y[0] - truth[0], y[1] - truth[1]) };
  });
}

/** Least-squares line through (log h, log error): the slope is the observed order. */
export function fitLogLog(points: readonly ErrorPoint[]): { slope: number; intercept: number } {
  const xs = points.map((p) => Math.log(p.h));
  const ys = points.map((p) => Math.log(p.error));
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** Step counts for the error plot: 6 · 2^i, so h runs from T/6 = 1 down to T/1536. */
export const STEP_COUNTS: readonly number[] = [6, 12, 24, 48, 96, 192, 384, 768, 1536];

/**
 * The points the order is fitted on: the five smallest steps (h ≤ T/96), where the error is in
 * its asymptotic regime C·h^p; at the large steps (h near 1, as in a net) the higher-order
 * terms still count, and the plot shows them unfitted.
 */
export function asymptotic(points: readonly ErrorPoint[], T: number): ErrorPoint[] {
  return points.filter((p) => p.h <= T / 96 + 1e-12);
}
