/**
 * Natural logarithm and exponential computed with IEEE-754 basic arithmetic only.
 *
 * Why: ECMAScript lets `Math.log`, `Math.exp`, `Math.cos` and `**` differ by an ulp between
 * engines and versions (Node's V8 and a browser's V8 do differ), and one ulp in one random
 * draw is enough to make a run's figures differ in their last digits. +, −, ×, ÷ and sqrt
 * are exactly rounded everywhere, so these functions return the same bits on every platform.
 * Accuracy: within a few ulps of the true value (tested against Math.log and Math.exp).
 */

const buffer = new DataView(new ArrayBuffer(8));

/** ln 2 split so that k·LN2_HI is exact for |k| < 2^20 (the fdlibm split). */
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const SQRT2 = 1.4142135623730951;
const TWO_54 = 18014398509481984;
const MIN_NORMAL = 2.2250738585072014e-308;

/** 2^k for integer k in [-1022, 1023], built from its exponent bits (exact). */
function powerOfTwo(k: number): number {
  buffer.setUint32(0, (k + 1023) << 20);
  buffer.setUint32(4, 0);
  return buffer.getFloat64(0);
}

/** Natural logarithm. */
export function ln(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let k = 0;
  if (x < MIN_NORMAL) {
    x *= TWO_54;
    k = -54;
  }
  buffer.setFloat64(0, x);
  const high = buffer.getUint32(0);
  k += (high >>> 20) - 1023;
  buffer.setUint32(0, (high & 0x000fffff) | 0x3ff00000);
  let m = buffer.getFloat64(0); // x = m · 2^k, m in [1, 2)
  if (m > SQRT2) {
    m /= 2; // exact
    k += 1;
  }
  const f = m - 1; // exact (Sterbenz): |f| ≤ √2 − 1
  const s = f / (2 + f);
  const z = s * s;
  // ln(1+f) = 2·atanh(s) = f − s·(f − R), R = 2(z/3 + z²/5 + …); z ≤ 0.0295, so 12 terms reach 1e-19.
  const R =
    2 *
    z *
    (1 / 3 +
      z * (1 / 5 + z * (1 / 7 + z * (1 / 9 + z * (1 / 11 + z * (1 / 13 + z * (1 / 15 + z * (1 / 17 + z * (1 / 19 + z * (1 / 21 + z * (1 / 23 + z / 25)))))))))));
  // fdlibm's stable arrangement of the same identity: ln(1+f) = f − (f²/2 − s·(f²/2 + R)).
  const hfsq = 0.5 * f * f;
  const lnM = f - (hfsq - s * (hfsq + R));
  return k * LN2_HI + (k * LN2_LO + lnM);
}

/** e^x. */
export function exp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019412) return 0;
  const k = Math.round(x / 0.6931471805599453);
  const r = x - k * LN2_HI - k * LN2_LO; // |r| ≤ ln2/2 (+ a rounding sliver)
  // Taylor series to r^18/18!: below 1e-20 for |r| < 0.35.
  let p = 1 + r / 18;
  for (let n = 17; n >= 1; n--) p = 1 + (r / n) * p;
  if (k > 1023) return p * powerOfTwo(1023) * powerOfTwo(k - 1023);
  if (k < -1022) return p * powerOfTwo(k + 54) * (1 / TWO_54);
  return p * powerOfTwo(k);
}

/** x^y for x > 0, as exp(y · ln x) (portable; not correctly rounded). */
export function pow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  return exp(y * ln(x));
}
