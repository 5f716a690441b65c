/** Number formatting shared by the plots and the printed key numbers. */
import { scientificFromLog10 } from '../math/logspace';

/** A probability given by its natural log, as a plain decimal string: "0.107422", "1.07374e-301". */
export function formatProbability(logp: number): string {
  if (logp === -Infinity) return '0';
  const log10 = logp / Math.LN10;
  if (log10 > -300) return Math.exp(logp).toPrecision(6);
  const { mantissa, exponent } = scientificFromLog10(log10);
  return `${mantissa.toFixed(5)}e${exponent}`;
}

/** A count given by its base-10 log: "1,024" while exact, else "1.80 × 10^16" as KaTeX. */
export function countTex(log10: number, exact?: bigint): string {
  if (exact !== undefined && exact < 10n ** 15n) return Number(exact).toLocaleString('en-US');
  const { mantissa, exponent } = scientificFromLog10(log10);
  return `${mantissa.toFixed(2)} \\times 10^{${exponent}}`;
}

/** Up to `digits` decimals without trailing zeros: 27, 40.25, 3.67. */
export function formatNumber(x: number, digits = 2): string {
  return Number(x.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}

export function formatPercent(p: number): string {
  if (p >= 1 - 1e-9) return '100%';
  if (p >= 0.9995) return '>99.9%';
  if (p > 0 && p < 0.01) return `${(p * 100).toPrecision(2)}%`;
  return `${(p * 100).toFixed(1)}%`;
}

/** A fraction as a percentage with a fixed number of decimals and a thin space: "17.4 %". */
export function percentText(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)} %`;
}
