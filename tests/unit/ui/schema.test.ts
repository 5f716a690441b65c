import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BLOCK_FAMILIES } from '../../../src/math/blockPaths';
import {
  DEFAULT_STATE,
  parseHash,
  updateState,
  writeHash,
  type AppState,
} from '../../../src/ui/state/schema';

const anyState = fc.record({
  section: fc.constant('unraveled' as const),
  n: fc.integer({ min: 1, max: 1000 }),
  family: fc.constantFrom(...BLOCK_FAMILIES),
  sd: fc.boolean(),
  rule: fc.constantFrom('uniform' as const, 'linear' as const),
  pL: fc.integer({ min: 0, max: 100 }).map((x) => x / 100),
  scale: fc.constantFrom('linear' as const, 'log' as const),
  present: fc.boolean(),
});

describe('URL state schema', () => {
  it('round-trips every valid state through the hash with no notice', () => {
    fc.assert(
      fc.property(anyState, (s) => {
        const state = updateState(DEFAULT_STATE, s as AppState);
        const parsed = parseHash(writeHash(state));
        expect(parsed.notices).toEqual([]);
        expect(parsed.state).toEqual(state);
      }),
    );
  });

  it('an empty hash gives the defaults silently', () => {
    expect(parseHash('')).toEqual({ state: DEFAULT_STATE, notices: [] });
    expect(parseHash('#')).toEqual({ state: DEFAULT_STATE, notices: [] });
  });

  it('clamps out-of-range numbers and says so', () => {
    const r = parseHash('#n=5000&pL=-3');
    expect(r.state.n).toBe(1000);
    expect(r.state.pL).toBe(0);
    expect(r.notices).toEqual([
      'n=5000 is above 1000; using 1000',
      'pL=-3 is outside [0, 1]; using 0',
    ]);
  });

  it('replaces malformed values by the defaults and says so', () => {
    const r = parseHash('#n=abc&family=resnet&sd=maybe&rule=&scale=LOG');
    expect(r.state).toEqual({ ...DEFAULT_STATE, scale: 'log' });
    expect(r.notices).toHaveLength(4);
    expect(r.notices[0]).toMatch(/n=abc is not a number/);
    expect(r.notices[1]).toMatch(/family=resnet is not one of residual, midpoint, rk4, noShortcut/);
  });

  it('rounds fractional block counts, ignores unknown keys, reports duplicates', () => {
    const r = parseHash('#n=3.6&zoom=2&n=7');
    expect(r.state.n).toBe(7);
    expect(r.notices).toContain('n=3.6 is not a whole number; using 4');
    expect(r.notices).toContain('Unknown setting “zoom” in the link was ignored');
    expect(r.notices).toContain('n appears twice in the link; using the last value');
  });

  it('never throws on arbitrary input, and always yields a valid state', () => {
    fc.assert(
      fc.property(fc.string(), (junk) => {
        const { state } = parseHash(junk);
        expect(state.n).toBeGreaterThanOrEqual(1);
        expect(state.n).toBeLessThanOrEqual(1000);
        expect(Number.isInteger(state.n)).toBe(true);
        expect(state.pL).toBeGreaterThanOrEqual(0);
        expect(state.pL).toBeLessThanOrEqual(1);
        expect(BLOCK_FAMILIES).toContain(state.family);
      }),
    );
  });

  it('turns stochastic depth off for the plain net (no shortcut to skip through)', () => {
    // `plain` is what links made before the rename say for the net without shortcuts.
    const r = parseHash('#family=plain&sd=1');
    expect(r.state.family).toBe('noShortcut');
    expect(r.state.sd).toBe(false);
    expect(r.notices.at(-1)).toMatch(/Stochastic depth needs shortcuts/);
    expect(updateState(DEFAULT_STATE, { family: 'noShortcut', sd: true }).sd).toBe(false);
  });
});
