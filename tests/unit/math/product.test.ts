import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { logProductOfPolynomials } from '../../../src/math/product';
import { logCoefficients, logProduct } from '../../reference/logPolynomial';
import { logBig, polyPowBig } from '../../reference/exact';

describe('logProductOfPolynomials', () => {
  it('equals the exact integer power of the RK4 block polynomial (BigInt)', () => {
    for (const n of [1, 2, 5, 33, 120]) {
      const got = logProductOfPolynomials(new Array<number[]>(n).fill([1, 4, 3, 2, 1]));
      const exact = polyPowBig([1, 4, 3, 2, 1], n);
      expect(got.length).toBe(exact.length);
      exact.forEach((c, k) => {
        const e = logBig(c);
        expect(Math.abs(got[k]! - e)).toBeLessThan(1e-11 * Math.max(1, Math.abs(e)));
      });
    }
  });

  it('agrees with the plain log-space convolution on random factors', () => {
    // Coefficients are 0 or within 7 decades of each other: the documented range (neighbours
    // within 300 decades) holds for every product of up to 60 such factors.
    const coefficient = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 10, noNaN: true }));
    const factor = fc
      .array(coefficient, { minLength: 1, maxLength: 5 })
      .filter((f) => f.some((c) => c > 0));
    fc.assert(
      fc.property(fc.array(factor, { minLength: 1, maxLength: 60 }), (factors) => {
        const got = logProductOfPolynomials(factors);
        const ref = logProduct(factors.map(logCoefficients));
        expect(got.length).toBe(ref.length);
        ref.forEach((r, k) => {
          if (r === -Infinity) expect(got[k]).toBe(-Infinity);
          else expect(Math.abs(got[k]! - r)).toBeLessThan(1e-9 * Math.max(1, Math.abs(r)));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('keeps tails far below the smallest double: (1 + z)^5000 has log C(5000, 0) = 0', () => {
    const got = logProductOfPolynomials(new Array<number[]>(5000).fill([1, 1]));
    expect(got[0]).toBeCloseTo(0, 8);
    expect(got[5000]).toBeCloseTo(0, 8);
    expect(got[1]).toBeCloseTo(Math.log(5000), 8);
    expect(got.every(Number.isFinite)).toBe(true);
  });

  it('rejects negative, NaN and zero factors with a clear error', () => {
    expect(() => logProductOfPolynomials([[1, -1]])).toThrow(/non-negative/);
    expect(() => logProductOfPolynomials([[NaN]])).toThrow(/non-negative/);
    expect(() => logProductOfPolynomials([[0, 0]])).toThrow(/zero polynomial/);
  });
});
