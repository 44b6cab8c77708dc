import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** A 32-bit FNV-1a hash, to derive independent stream seeds from labels. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/**
 * The simulation's only source of randomness: a seeded xoroshiro128+ generator (pure-rand)
 * with the distributions the labs need. Same seed, same sequence, in Node and in the browser.
 */
export class Rng {
  private readonly generator: JumpableRandomGenerator;
  private readonly zipfTables = new Map<string, Float64Array>();

  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    this.generator = xoroshiro128plus((seed | 0) ^ (Math.floor(seed / 2 ** 32) | 0));
  }

  /**
   * An independent stream for one purpose (arrivals, service times…), so that drawing more
   * numbers for one purpose does not shift the numbers of another.
   */
  fork(label: string): Rng {
    return new Rng((this.seed ^ hashLabel(label)) >>> 0);
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
    return -mean * Math.log(1 - this.random());
  }

  /** Normal (Box–Muller, one value per call so that the stream has no hidden state). */
  normal(mean: number, stdDev: number): number {
    const u1 = 1 - this.random();
    const u2 = this.random();
    return mean + stdDev * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Log-normal given the mean and standard deviation of the underlying normal. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Log-normal with the given mean and coefficient of variation of the value itself. */
  lognormalMeanCv(mean: number, cv: number): number {
    const sigma2 = Math.log(1 + cv * cv);
    return this.lognormal(Math.log(mean) - sigma2 / 2, Math.sqrt(sigma2));
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
        sum += 1 / k ** s;
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
