/**
 * Hit ratios of a cache under the independent reference model (IRM): each request names key i
 * with a fixed probability p_i, independently of the others, so the requests for key i form a
 * Poisson stream of rate λ_i = λ·p_i. The ground truth the caching lab's fidelity tests compare
 * the simulator with. Uses the engine's portable exp/pow, so a figure is the same in Node and in
 * a browser.
 */
import { exp, pow } from '../engine/portableMath';

/** Key popularity p_k ∝ 1/k^s over ranks 1..n (s = 0: uniform), as the engine's `Rng.zipf` draws it. */
export function zipfPopularity(n: number, s: number): Float64Array {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n must be a positive integer, got ${n}`);
  const p = new Float64Array(n);
  let sum = 0;
  for (let k = 1; k <= n; k++) {
    p[k - 1] = 1 / pow(k, s);
    sum += p[k - 1]!;
  }
  for (let k = 0; k < n; k++) p[k]! /= sum;
  return p;
}

/**
 * One key read as a Poisson stream at `rate` (per ms) with a time to live `ttlMs` and nothing else
 * removing it. Fixed TTL: after a miss the entry serves every request for T, then the next request
 * misses, so a cycle is one miss and λT hits on average: λT / (1 + λT). Sliding TTL: a request
 * hits iff the previous one came less than T before: 1 − e^(−λT).
 */
export function keyTtlHitRatio(rate: number, ttlMs: number, mode: 'fixed' | 'sliding'): number {
  if (ttlMs <= 0 || ttlMs === Infinity) return 1;
  const x = rate * ttlMs;
  return mode === 'fixed' ? x / (1 + x) : 1 - exp(-x);
}

/** Many keys with a TTL and no capacity limit: each key's hit ratio weighted by its share of the requests. */
export function ttlHitRatio(popularity: ArrayLike<number>, ratePerMs: number, ttlMs: number, mode: 'fixed' | 'sliding'): number {
  let h = 0;
  for (let i = 0; i < popularity.length; i++) h += popularity[i]! * keyTtlHitRatio(ratePerMs * popularity[i]!, ttlMs, mode);
  return h;
}

/** The t solving Σ f(p_i·t) = capacity for an increasing f from 0 to 1 (bisection to machine precision). */
function solveOccupancy(popularity: ArrayLike<number>, capacity: number, inCache: (x: number) => number): number {
  const occupancy = (t: number) => {
    let sum = 0;
    for (let i = 0; i < popularity.length; i++) sum += inCache(popularity[i]! * t);
    return sum;
  };
  let hi = 1;
  while (occupancy(hi) < capacity) hi *= 2;
  let lo = 0;
  for (let i = 0; i < 200 && hi - lo > hi * 1e-14; i++) {
    const mid = (lo + hi) / 2;
    if (occupancy(mid) < capacity) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Che's characteristic time for an LRU cache of `capacity` entries (Che, Tung and Wang, IEEE JSAC
 * 2002; Fricker, Robert and Roberts, ITC 2012): the T_C such that Σ_i (1 − e^(−λ_i·T_C)) = C. A key
 * is in the cache iff it was requested within the last T_C, so the expected number of keys cached
 * equals the capacity. `rates` per unit of time; T_C in the same unit. Infinity if C ≥ N.
 */
export function cheCharacteristicTime(rates: ArrayLike<number>, capacity: number): number {
  if (!(capacity >= 0)) throw new RangeError(`capacity must be ≥ 0, got ${capacity}`);
  if (capacity >= rates.length) return Infinity;
  if (capacity === 0) return 0;
  return solveOccupancy(rates, capacity, (x) => 1 - exp(-x));
}

/** LRU hit ratio by Che's approximation: Σ_i p_i·(1 − e^(−p_i·T_C)), with T_C in units of requests. */
export function lruHitRatio(popularity: ArrayLike<number>, capacity: number): number {
  const t = cheCharacteristicTime(popularity, capacity);
  if (t === Infinity) return 1;
  let h = 0;
  for (let i = 0; i < popularity.length; i++) h += popularity[i]! * (1 - exp(-popularity[i]! * t));
  return h;
}

/**
 * FIFO and random replacement have the same hit ratio under IRM (Gelenbe, 1973); the analogue of
 * Che's approximation for them (Martina, Garetto and Leonardi, INFOCOM 2014) gives key i the
 * probability p_i·T / (1 + p_i·T) of being cached, with T such that these sum to the capacity.
 */
export function fifoRandomHitRatio(popularity: ArrayLike<number>, capacity: number): number {
  if (capacity >= popularity.length) return 1;
  if (capacity <= 0) return 0;
  const t = solveOccupancy(popularity, capacity, (x) => x / (1 + x));
  let h = 0;
  for (let i = 0; i < popularity.length; i++) h += (popularity[i]! * popularity[i]! * t) / (1 + popularity[i]! * t);
  return h;
}
