/**
 * The product of many small polynomials with non-negative coefficients (a net's blocks, or
 * the per-block factors of stochastic depth), returned as natural-log coefficients.
 *
 * Doing every step in log space costs a few exp/log calls per coefficient per factor (130 ms
 * for 1000 RK4 blocks, 4 s for the 10,000-block stochastic-depth law), too slow to follow a dragged slider. Here the coefficients are kept in
 * linear space in chunks of CHUNK neighbours, each chunk with its own log scale: a step costs
 * a few multiply-adds per coefficient and a few exp/log calls per chunk (about 8× faster). The chunk scales carry the
 * huge dynamic range (2^-10000 and below); within a chunk, doubles hold 300 decades, more
 * than neighbouring coefficients of the products used here ever span (the sequences are
 * log-concave, so the spread inside a chunk is bounded by the ratio of the two end terms,
 * at most (d·n)^CHUNK). Values more than 10^-300 below the largest of their chunk would flush
 * to zero; no product in this app comes near that.
 */

const CHUNK = 32;

export function logProductOfPolynomials(factors: readonly ArrayLike<number>[]): Float64Array {
  let degree = 0;
  for (const f of factors) {
    if (f.length < 1) throw new RangeError('a factor must have at least one coefficient');
    if (f.length - 1 >= CHUNK) throw new RangeError(`factor degree must be below ${CHUNK}`);
    degree += f.length - 1;
  }
  const K = degree + 1;
  const chunks = Math.ceil(K / CHUNK);
  const v = new Float64Array(K);
  const scale = new Float64Array(chunks).fill(-Infinity);
  v[0] = 1;
  scale[0] = 0;
  let len = 1; // current number of coefficients
  let extraLog = 0; // log of the factor sums divided out to keep values ≤ 1

  for (let step = 0; step < factors.length; step++) {
    const f = factors[step]!;
    let fsum = 0;
    for (let i = 0; i < f.length; i++) {
      const c = f[i]!;
      if (!(c >= 0) || !Number.isFinite(c)) {
        throw new RangeError(`coefficients must be finite and non-negative, got ${c}`);
      }
      fsum += c;
    }
    if (fsum === 0) throw new RangeError('a factor is the zero polynomial');
    extraLog += Math.log(fsum);
    const d = f.length - 1;
    const newLen = len + d;
    // In place, from the top chunk down: chunk C of the product reads chunks C and C-1.
    for (let C = Math.ceil(newLen / CHUNK) - 1; C >= 0; C--) {
      const sHere = scale[C]!;
      const sBelow = C > 0 ? scale[C - 1]! : -Infinity;
      const S = Math.max(sHere, sBelow);
      const lo = C * CHUNK;
      const hi = Math.min(newLen, lo + CHUNK) - 1;
      if (S === -Infinity) {
        for (let j = hi; j >= lo; j--) v[j] = 0;
        continue;
      }
      const rHere = Math.exp(sHere - S) / fsum;
      const rBelow = Math.exp(sBelow - S) / fsum;
      for (let j = hi; j >= lo; j--) {
        let acc = 0;
        const iMax = Math.min(d, j);
        for (let i = Math.max(0, j - len + 1); i <= iMax; i++) {
          const src = j - i;
          acc += f[i]! * v[src]! * (src >= lo ? rHere : rBelow);
        }
        v[j] = acc;
      }
      scale[C] = S;
    }
    // Every step: a chunk takes the larger scale of itself and the chunk below, so without
    // rescaling, scales would creep up one chunk a step and the tails would underflow.
    rescale(v, scale, newLen);
    len = newLen;
  }

  const out = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    out[k] = Math.log(v[k]!) + scale[Math.floor(k / CHUNK)]! + extraLog;
  }
  return out;
}

/** Bring each chunk's largest value back to 1, moving the factor into the chunk's scale. */
function rescale(v: Float64Array, scale: Float64Array, len: number): void {
  for (let C = 0; C * CHUNK < len; C++) {
    const lo = C * CHUNK;
    const hi = Math.min(len, lo + CHUNK);
    let max = 0;
    for (let j = lo; j < hi; j++) if (v[j]! > max) max = v[j]!;
    if (max === 0) {
      scale[C] = -Infinity;
      continue;
    }
    const inv = 1 / max;
    for (let j = lo; j < hi; j++) v[j]! *= inv;
    scale[C]! += Math.log(max);
  }
}
