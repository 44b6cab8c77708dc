import { describe, expect, it } from 'vitest';
import { meanOf, sample, type Distribution } from './distribution';
import { Rng } from './rng';

/*
 * Tolerances. Each statistical check compares a sample statistic with its exact value and
 * allows Z = 5 standard errors. For a correct generator a 5σ deviation has a two-sided
 * probability of about 6e-7, so a failure means a bug, not bad luck; the seeds are fixed, so
 * every run draws the same numbers and the tests are deterministic anyway. Standard errors:
 *   mean      σ/√n
 *   variance  √((μ4 − σ⁴)/n)   (μ4 the fourth central moment: 3σ⁴ normal, 9σ⁴ exponential)
 *   frequency √(p(1−p)/n)
 * With n = 200,000 draws, 5σ on a mean is 1.1% of σ: tight enough to catch a wrong formula
 * (a rate used as a mean, a missing factor of 2) by a wide margin.
 */
const Z = 5;
const N = 200_000;

function draw(n: number, f: () => number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = f();
  return xs;
}

function minOf(xs: Float64Array): number {
  return xs.reduce((a, b) => Math.min(a, b), Infinity);
}

function maxOf(xs: Float64Array): number {
  return xs.reduce((a, b) => Math.max(a, b), -Infinity);
}

function meanVar(xs: Float64Array): { mean: number; variance: number } {
  let s = 0;
  for (const x of xs) s += x;
  const mean = s / xs.length;
  let q = 0;
  for (const x of xs) q += (x - mean) ** 2;
  return { mean, variance: q / (xs.length - 1) };
}

/** Assert the sample mean (and variance, when `kurtosis` is given) within Z standard errors. */
function expectMoments(xs: Float64Array, mean: number, sd: number, kurtosis?: number): void {
  const n = xs.length;
  const m = meanVar(xs);
  expect(Math.abs(m.mean - mean)).toBeLessThan((Z * sd) / Math.sqrt(n));
  if (kurtosis !== undefined) {
    const seVar = Math.sqrt(((kurtosis - 1) * sd ** 4) / n);
    expect(Math.abs(m.variance - sd * sd)).toBeLessThan(Z * seVar);
  }
}

function expectFrequency(count: number, n: number, p: number): void {
  expect(Math.abs(count / n - p)).toBeLessThan(Z * Math.sqrt((p * (1 - p)) / n));
}

function correlation(xs: Float64Array, ys: Float64Array): number {
  const a = meanVar(xs);
  const b = meanVar(ys);
  let c = 0;
  for (let i = 0; i < xs.length; i++) c += (xs[i]! - a.mean) * (ys[i]! - b.mean);
  return c / (xs.length - 1) / Math.sqrt(a.variance * b.variance);
}

describe('Rng determinism', () => {
  it('the same seed gives the same sequence', () => {
    const a = new Rng(12345);
    const b = new Rng(12345);
    expect(draw(1000, () => a.random())).toEqual(draw(1000, () => b.random()));
  });

  it('different seeds give different sequences', () => {
    const a = draw(100, () => new Rng(1).random());
    const b = new Rng(2);
    expect(draw(100, () => b.random())).not.toEqual(a);
  });

  it('is pinned to known values, so that a run replays the same in every browser and in Node', () => {
    // If this changes, every recorded scenario and golden trace changes with it.
    const r = new Rng(42);
    expect([...draw(3, () => r.random())]).toEqual([0.6536258912157481, 0.18762162356884304, 0.8664445567636081]);
    expect(new Rng(42).fork('arrivals').seed).toBe(2327906320707607);
  });

  it('accepts any safe integer seed, including large and negative ones', () => {
    for (const seed of [0, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 32, 2 ** 32 + 1]) {
      const r = new Rng(seed);
      const x = r.random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(new Rng(2 ** 32).random()).not.toBe(new Rng(0).random());
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => new Rng(1.5)).toThrow(RangeError);
    expect(() => new Rng(Number.NaN)).toThrow(RangeError);
    expect(() => new Rng(2 ** 60)).toThrow(RangeError);
  });

  it('nearby seeds are not correlated: the first draws of seeds 0…9,999 are uniform', () => {
    // Regression: seeding pure-rand's xoroshiro128+ directly made the first draw ≈ 1.0 for every small seed.
    const n = 10_000;
    const firsts = draw(n, (() => {
      let s = 0;
      return () => new Rng(s++).random();
    })());
    expectMoments(firsts, 0.5, Math.sqrt(1 / 12), 9 / 5);
    const nexts = draw(n, (() => {
      let s = 1;
      return () => new Rng(s++).random();
    })());
    expect(Math.abs(correlation(firsts, nexts))).toBeLessThan(Z / Math.sqrt(n));
  });
});

describe('Rng.fork', () => {
  it('is deterministic and does not consume the parent stream', () => {
    const parent = new Rng(7);
    const before = new Rng(7).fork('arrivals');
    const child = parent.fork('arrivals');
    expect(child.seed).toBe(before.seed);
    expect(parent.random()).toBe(new Rng(7).random()); // forking drew nothing from the parent
  });

  it('gives each label its own stream, unaffected by draws from another', () => {
    const a1 = new Rng(7).fork('a');
    const a2 = new Rng(7);
    const b2 = a2.fork('b');
    for (let i = 0; i < 1000; i++) b2.random(); // use another fork heavily
    const a2a = a2.fork('a');
    expect(draw(100, () => a2a.random())).toEqual(draw(100, () => a1.random()));
  });

  it('streams of different labels (and of parent and child) are uncorrelated', () => {
    const root = new Rng(2024);
    const n = 20_000;
    const streams = [root, root.fork('a'), root.fork('b'), root.fork('a').fork('a'), root.fork('arrivals'), root.fork('arrivalz')].map((r) =>
      draw(n, () => r.random()),
    );
    for (let i = 0; i < streams.length; i++) {
      for (let j = i + 1; j < streams.length; j++) {
        expect(streams[i]).not.toEqual(streams[j]);
        expect(Math.abs(correlation(streams[i]!, streams[j]!))).toBeLessThan(Z / Math.sqrt(n));
      }
    }
  });

  it('fork of a fork is a new stream, not the parent again (regression: seed ^ hash twice cancelled out)', () => {
    const root = new Rng(99);
    expect(root.fork('x').fork('x').seed).not.toBe(root.seed);
    expect(root.fork('a').fork('b').seed).not.toBe(root.fork('b').fork('a').seed);
  });
});

describe('distributions (Z = 5 standard errors, n = 200,000)', () => {
  it('random() is uniform on [0, 1)', () => {
    const r = new Rng(1);
    const xs = draw(N, () => r.random());
    expect(minOf(xs)).toBeGreaterThanOrEqual(0);
    expect(maxOf(xs)).toBeLessThan(1);
    expectMoments(xs, 0.5, Math.sqrt(1 / 12), 9 / 5);
    // Ten equal bins, each with probability 0.1.
    const bins = new Array<number>(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]!++;
    for (const count of bins) expectFrequency(count, N, 0.1);
  });

  it('uniform(min, max)', () => {
    const r = new Rng(2);
    const xs = draw(N, () => r.uniform(10, 30));
    expect(minOf(xs)).toBeGreaterThanOrEqual(10);
    expect(maxOf(xs)).toBeLessThan(30);
    expectMoments(xs, 20, 20 / Math.sqrt(12), 9 / 5);
  });

  it('exponential(mean) takes the mean, not the rate', () => {
    const r = new Rng(3);
    const xs = draw(N, () => r.exponential(2.5));
    expect(minOf(xs)).toBeGreaterThanOrEqual(0);
    expectMoments(xs, 2.5, 2.5, 9);
    // Memorylessness shows in P(X > mean) = e^-1.
    expectFrequency(xs.filter((x) => x > 2.5).length, N, Math.exp(-1));
  });

  it('normal(mean, sd)', () => {
    const r = new Rng(4);
    const xs = draw(N, () => r.normal(-3, 2));
    expectMoments(xs, -3, 2, 3);
    expectFrequency(xs.filter((x) => Math.abs(x + 3) < 2).length, N, 0.6826894921370859);
  });

  it('lognormal(mu, sigma) and lognormalMeanCv(mean, cv)', () => {
    const r = new Rng(5);
    const mu = 1;
    const sigma = 0.5;
    const xs = draw(N, () => r.lognormal(mu, sigma));
    const mean = Math.exp(mu + sigma ** 2 / 2);
    const sd = mean * Math.sqrt(Math.exp(sigma ** 2) - 1);
    expectMoments(xs, mean, sd);
    // The median of a lognormal is e^mu.
    expectFrequency(xs.filter((x) => x < Math.exp(mu)).length, N, 0.5);
    const ys = draw(N, () => r.lognormalMeanCv(10, 0.8));
    expectMoments(ys, 10, 8);
  });

  it('int(min, max) covers both ends uniformly', () => {
    const r = new Rng(6);
    const counts = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      const k = r.int(-2, 2);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([-1, -2, 0, 1, 2]);
    for (const c of counts.values()) expectFrequency(c, N, 0.2);
  });

  it('chance(p) and pick(items)', () => {
    const r = new Rng(7);
    let yes = 0;
    for (let i = 0; i < N; i++) if (r.chance(0.3)) yes++;
    expectFrequency(yes, N, 0.3);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < N; i++) counts[r.pick(['a', 'b', 'c'] as const)]++;
    for (const c of Object.values(counts)) expectFrequency(c, N, 1 / 3);
    expect(() => r.pick([])).toThrow(RangeError);
  });

  it('zipf(n, s): rank k has probability proportional to 1/k^s', () => {
    const r = new Rng(8);
    for (const [n, s] of [
      [10, 1.2],
      [1000, 0.99],
    ] as const) {
      const counts = new Float64Array(n + 1);
      for (let i = 0; i < N; i++) counts[r.zipf(n, s)]!++;
      expect(counts[0]).toBe(0);
      let h = 0;
      for (let k = 1; k <= n; k++) h += 1 / k ** s;
      // Every rank of the short table, and the head of the long one (where most mass is).
      // Family-wise: ≤ 30 checks at 6e-7 each.
      for (let k = 1; k <= Math.min(n, 20); k++) expectFrequency(counts[k]!, N, 1 / k ** s / h);
      // The tail as a whole.
      let tail = 0;
      let pTail = 0;
      for (let k = 21; k <= n; k++) {
        tail += counts[k]!;
        pTail += 1 / k ** s / h;
      }
      if (n > 20) expectFrequency(tail, N, pTail);
    }
  });

  it('zipf rejects a bad n', () => {
    const r = new Rng(9);
    expect(() => r.zipf(0, 1)).toThrow(RangeError);
    expect(() => r.zipf(2.5, 1)).toThrow(RangeError);
    expect(r.zipf(1, 1)).toBe(1);
  });
});

describe('Distribution as data', () => {
  it('sample() draws from each kind with the mean that meanOf() reports', () => {
    const r = new Rng(10);
    const cases: [Distribution, number][] = [
      [{ kind: 'constant', value: 4 }, 0],
      [{ kind: 'uniform', min: 1, max: 3 }, 2 / Math.sqrt(12)],
      [{ kind: 'exponential', mean: 5 }, 5],
      [{ kind: 'normal', mean: 50, stdDev: 5 }, 5], // far from the clip at 0
      [{ kind: 'lognormal', mean: 8, cv: 1.5 }, 12],
    ];
    for (const [d, sd] of cases) {
      const xs = draw(N, () => sample(r, d));
      if (sd === 0) expect(xs.every((x) => x === meanOf(d))).toBe(true);
      else expectMoments(xs, meanOf(d), sd);
    }
  });

  it('normal samples are clipped at min (default 0): durations are never negative', () => {
    const r = new Rng(11);
    const xs = draw(10_000, () => sample(r, { kind: 'normal', mean: 1, stdDev: 5 }));
    expect(minOf(xs)).toBe(0);
    const ys = draw(10_000, () => sample(r, { kind: 'normal', mean: 1, stdDev: 5, min: 0.5 }));
    expect(minOf(ys)).toBe(0.5);
  });
});
