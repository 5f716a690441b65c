import { describe, expect, it } from 'vitest';
import {
  asymptotic,
  fitLogLog,
  globalErrors,
  integrate,
  METHODS,
  reference,
  rkStep,
  STEP_COUNTS,
  SYSTEMS,
} from '../../../src/math/ode';

const spiral = SYSTEMS.find((s) => s.id === 'spiral')!;
const pendulum = SYSTEMS.find((s) => s.id === 'pendulum')!;

describe('the blocks as ODE solvers', () => {
  it('one Euler step is y + h f(y); one RK4 step on y′ = y is the Taylor polynomial to h⁴', () => {
    const f = (y: readonly [number, number]) => [y[1], -y[0]] as const;
    expect(rkStep('residual', f, [1, 2], 0.1)).toEqual([1 + 0.1 * 2, 2 - 0.1 * 1]);
    const grow = (y: readonly [number, number]) => [y[0], y[1]] as const;
    const h = 0.3;
    const taylor = 1 + h + h ** 2 / 2 + h ** 3 / 6 + h ** 4 / 24;
    expect(rkStep('rk4', grow, [1, 1], h)[0]).toBeCloseTo(taylor, 14);
    expect(rkStep('midpoint', grow, [1, 1], h)[0]).toBeCloseTo(1 + h + h ** 2 / 2, 14);
  });

  it('the spiral’s closed form solves its ODE (central differences)', () => {
    const t = 1.3;
    const d = 1e-5;
    const a = spiral.exact!(t + d);
    const b = spiral.exact!(t - d);
    const f = spiral.f(spiral.exact!(t));
    expect((a[0] - b[0]) / (2 * d)).toBeCloseTo(f[0], 8);
    expect((a[1] - b[1]) / (2 * d)).toBeCloseTo(f[1], 8);
  });

  it('the pendulum’s reference conserves energy, and the methods approach it', () => {
    const energy = ([th, om]: readonly [number, number]) => om ** 2 / 2 - Math.cos(th);
    expect(energy(reference(pendulum, pendulum.T))).toBeCloseTo(energy(pendulum.y0), 10);
    const end = integrate('rk4', pendulum, 400).at(-1)!;
    const truth = reference(pendulum, pendulum.T);
    expect(Math.hypot(end[0] - truth[0], end[1] - truth[1])).toBeLessThan(1e-6);
  });

  for (const sys of SYSTEMS)
    it.each(METHODS)(
      `${sys.id}: $name’s global error falls as h^$order (slope within 0.15)`,
      (m) => {
        const pts = asymptotic(globalErrors(m.family, sys, STEP_COUNTS), sys.T);
        expect(pts).toHaveLength(5);
        expect(Math.abs(fitLogLog(pts).slope - m.order)).toBeLessThan(0.15);
      },
    );

  it('fits a known power law exactly', () => {
    const pts = [0.1, 0.05, 0.025].map((h) => ({ h, error: 3 * h ** 2.5 }));
    const fit = fitLogLog(pts);
    expect(fit.slope).toBeCloseTo(2.5, 12);
    expect(Math.exp(fit.intercept)).toBeCloseTo(3, 10);
  });
});
