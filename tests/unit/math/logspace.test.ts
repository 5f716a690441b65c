import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  logAddExp,
  logBinomialRow,
  logSumExp,
  scientificFromLog10,
} from '../../../src/math/logspace';
import { binomialBig, logBig } from '../../reference/exact';

describe('logAddExp / logSumExp', () => {
  it('matches log(e^a + e^b) where that does not overflow', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -300, max: 300, noNaN: true }),
        fc.double({ min: -300, max: 300, noNaN: true }),
        (a, b) => {
          const direct = Math.log(Math.exp(a) + Math.exp(b));
          expect(logAddExp(a, b)).toBeCloseTo(direct, 10);
        },
      ),
    );
  });

  it('handles zero (-Infinity) and huge arguments without NaN', () => {
    expect(logAddExp(-Infinity, -Infinity)).toBe(-Infinity);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logAddExp(5000, 5000)).toBeCloseTo(5000 + Math.LN2, 12);
    expect(logSumExp([1000, 1000, 1000])).toBeCloseTo(1000 + Math.log(3), 12);
    expect(logSumExp([])).toBe(-Infinity);
  });
});

describe('logBinomialRow', () => {
  it('equals log C(n, k) computed exactly with BigInt', () => {
    for (const n of [0, 1, 2, 7, 54, 200, 1000]) {
      const row = logBinomialRow(n);
      expect(row.length).toBe(n + 1);
      for (let k = 0; k <= n; k += Math.max(1, Math.floor(n / 37))) {
        const exact = logBig(binomialBig(n, k));
        expect(Math.abs(row[k]! - exact)).toBeLessThan(1e-12 * Math.max(1, exact));
      }
    }
  });

  it('sums to 2^n in log space for n = 10,000', () => {
    const row = logBinomialRow(10000);
    expect(logSumExp(row) / (10000 * Math.LN2)).toBeCloseTo(1, 13);
    expect(row.every(Number.isFinite)).toBe(true);
  });

  it('rejects non-integers', () => {
    expect(() => logBinomialRow(2.5)).toThrow(RangeError);
    expect(() => logBinomialRow(-1)).toThrow(RangeError);
  });
});

describe('scientificFromLog10', () => {
  it('splits 2^1000 into 1.07 × 10^301', () => {
    const { mantissa, exponent } = scientificFromLog10(1000 * Math.log10(2));
    expect(exponent).toBe(301);
    expect(mantissa).toBeCloseTo(1.0715, 3);
  });
  it('keeps the mantissa in [1, 10) at a round-up boundary', () => {
    const s = scientificFromLog10(Math.log10(9.9999999));
    expect(s).toEqual({ mantissa: 1, exponent: 1 });
  });
});
