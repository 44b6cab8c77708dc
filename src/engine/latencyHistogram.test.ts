import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latencyHistogram';
import { Rng } from './rng';

/** HDR with 3 significant digits: any reported value is within 0.1% of a recorded one. */
const REL = 1e-3;

/**
 * The recorded values that may rightly be called the p-th percentile: the one of rank ⌈pn/100⌉
 * and its neighbours, since conventions (and HDR's floating-point rank arithmetic) differ by one rank.
 */
function percentileBracket(sorted: number[], p: number): [number, number] {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return [sorted[Math.max(0, rank - 2)]!, sorted[Math.min(sorted.length - 1, rank)]!];
}

describe('LatencyHistogram', () => {
  it('is empty at first', () => {
    const h = new LatencyHistogram();
    expect(h.summary()).toEqual({ count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });

  it('reports percentiles of 1…1000 ms within 0.1%', () => {
    const h = new LatencyHistogram();
    for (let ms = 1000; ms >= 1; ms--) h.record(ms); // order does not matter
    const s = h.summary();
    expect(s.count).toBe(1000);
    expect(s.mean).toBeCloseTo(500.5, 9); // kept exactly beside the histogram
    expect(s.max).toBe(1000);
    for (const [p, expected] of [
      [50, 500],
      [95, 950],
      [99, 990],
      [100, 1000],
    ] as const) {
      expect(Math.abs(h.percentile(p) - expected) / expected).toBeLessThanOrEqual(REL);
    }
    expect(s.p95).toBe(h.percentile(95));
  });

  it('matches exact percentiles of random data within 0.1%, from microseconds to minutes', () => {
    const rng = new Rng(3);
    const h = new LatencyHistogram();
    const xs: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const x = rng.lognormal(0, 3); // spans ~1e-5 … 1e5 ms
      xs.push(x);
      h.record(x);
    }
    xs.sort((a, b) => a - b);
    for (const p of [1, 10, 50, 90, 99, 99.9, 99.99]) {
      const [lo, hi] = percentileBracket(xs, p);
      // Values are kept in whole microseconds, so allow 1 µs absolute besides 0.1% relative.
      expect(h.percentile(p)).toBeGreaterThanOrEqual(lo * (1 - REL) - 0.001);
      expect(h.percentile(p)).toBeLessThanOrEqual(hi * (1 + REL) + 0.001);
    }
    expect(h.max).toBe(xs[xs.length - 1]);
  });

  it('keeps sub-millisecond precision (values are recorded in microseconds)', () => {
    const h = new LatencyHistogram();
    h.record(0.25);
    h.record(0.75);
    expect(h.percentile(50)).toBeCloseTo(0.25, 6);
    expect(h.percentile(100)).toBeCloseTo(0.75, 6);
    expect(h.mean).toBe(0.5);
  });

  it('records zero and rejects negative or NaN values', () => {
    const h = new LatencyHistogram();
    h.record(0);
    expect(h.count).toBe(1);
    expect(h.percentile(99)).toBe(0);
    expect(() => h.record(-1)).toThrow(RangeError);
    expect(() => h.record(Number.NaN)).toThrow(RangeError);
  });

  it('reset() forgets everything', () => {
    const h = new LatencyHistogram();
    h.record(5);
    h.reset();
    expect(h.summary()).toEqual({ count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
    h.record(2);
    expect(h.percentile(50)).toBe(2);
  });
});
