import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { exp, ln, pow } from './portableMath';

/** A 32-bit FNV-1a hash, to turn a fork label into a number. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** MurmurHash3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** The low and high 32-bit words of a safe integer (two's complement for negatives). */
function words(seed: number): [lo: number, hi: number] {
  return [seed | 0, Math.floor(seed / 4294967296) | 0];
}

/**
 * The 128-bit xoroshiro state for a seed, each word from a SplitMix-style Weyl sequence
 * passed through {@link fmix32}.
 *
 * Why not pure-rand's `xoroshiro128plus(seed)`: it puts the seed into the state almost
 * verbatim (`[-1, ~seed, seed, 0]`), so the first draw of every small seed is ≈ 1.0 (the
 * first exponential is ~18× its mean) and nearby seeds give correlated streams for many draws.
 */
function seedState(seed: number): number[] {
  const [lo, hi] = words(seed);
  let weyl = fmix32(lo ^ fmix32(hi ^ 0x5bd1e995));
  const state: number[] = [];
  for (let i = 0; i < 4; i++) {
    weyl = (weyl + 0x9e3779b9) | 0;
    state.push(fmix32(weyl));
  }
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[3] = 1; // xoroshiro needs a non-zero state
  return state;
}

/**
 * The simulation's only source of randomness: a seeded xoroshiro128+ generator (pure-rand)
 * with the distributions the labs need. Same seed, same sequence, in Node and in the browser.
 */
export class Rng {
  private readonly generator: JumpableRandomGenerator;
  private readonly zipfTables = new Map<string, Float64Array>();

  /** @param seed any safe integer; the same seed gives the same streams everywhere */
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    this.generator = xoroshiro128plusFromState(seedState(seed));
  }

  /**
   * An independent stream for one purpose (arrivals, service times…), so that drawing more
   * numbers for one purpose does not shift the numbers of another.
   */
  fork(label: string): Rng {
    // Mixed, not XORed: `fork('a').fork('a')` must not give back the parent's stream, and
    // (seed, label) pairs must not collide the way `seed ^ hash(label)` lets them.
    const [lo, hi] = words(this.seed);
    const h = hashLabel(label);
    const a = fmix32(lo ^ fmix32(h));
    const b = fmix32(hi ^ fmix32(a ^ h ^ 0x27d4eb2f));
    // A non-negative 52-bit seed: still a safe integer, so forks can be forked again.
    return new Rng((a >>> 0) + (b & 0xfffff) * 4294967296);
  }

  /** Uniform in [0, 1). */
  random(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.random();
  }

  /** Uniform integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.random() < p;
  }

  /** Exponential with the given mean (not rate). */
  exponential(mean: number): number {
    // 1 - u is in (0, 1], so the log is finite.
    return -mean * ln(1 - this.random());
  }

  /**
   * Normal, by Marsaglia's polar method: one value per call, so the stream has no hidden
   * state, and no trigonometry, so it needs only the portable logarithm.
   */
  normal(mean: number, stdDev: number): number {
    for (;;) {
      const u = 2 * this.random() - 1;
      const v = 2 * this.random() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return mean + stdDev * u * Math.sqrt((-2 * ln(s)) / s);
    }
  }

  /** Log-normal given the mean and standard deviation of the underlying normal. */
  lognormal(mu: number, sigma: number): number {
    return exp(this.normal(mu, sigma));
  }

  /** Log-normal with the given mean and coefficient of variation of the value itself. */
  lognormalMeanCv(mean: number, cv: number): number {
    const sigma2 = ln(1 + cv * cv);
    return this.lognormal(ln(mean) - sigma2 / 2, Math.sqrt(sigma2));
  }

  /** Zipf over ranks 1..n with exponent `s`: rank k has probability ∝ 1/k^s. */
  zipf(n: number, s: number): number {
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`zipf n must be a positive integer, got ${n}`);
    const key = `${n}:${s}`;
    let cdf = this.zipfTables.get(key);
    if (cdf === undefined) {
      cdf = new Float64Array(n);
      let sum = 0;
      for (let k = 1; k <= n; k++) {
        sum += 1 / pow(k, s);
        cdf[k - 1] = sum;
      }
      for (let k = 0; k < n; k++) cdf[k]! /= sum;
      this.zipfTables.set(key, cdf);
    }
    const u = this.random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo + 1;
  }

  /** Pick one element uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.random() * items.length)]!;
  }
}
