import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, meanWait, mmc, mmcPatience, mmcWaitExceeds } from './queueing';

describe('queueing theory formulas', () => {
  it('Erlang B and C match hand-computed values', () => {
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 12); // (1/2) / (1 + 1 + 1/2)
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12); // M/M/1: P(wait) = ρ
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    // Published table value: 10 servers, 9 Erlangs.
    expect(erlangC(10, 9)).toBeCloseTo(0.6687, 4);
  });

  it('M/M/1 reduces to the textbook formulas', () => {
    const f = mmc(1, 0.5, 1); // ρ = 0.5
    expect(f.meanWait).toBeCloseTo(1, 12); // ρ / (μ − λ)
    expect(f.meanInSystem).toBeCloseTo(1, 12); // ρ / (1 − ρ)
    expect(meanWait(1, 0.8, 1)).toBeCloseTo(4, 12);
    expect(mmcWaitExceeds(1, 0.5, 1, 2)).toBeCloseTo(0.5 * Math.exp(-1), 12);
  });

  it('rejects unstable or malformed queues', () => {
    expect(() => erlangC(2, 2)).toThrow(RangeError);
    expect(() => erlangB(0, 1)).toThrow(RangeError);
    expect(() => mmcPatience(2, 1, 1, 0)).toThrow(RangeError);
  });

  it('M/M/1+D matches the known closed form for the abandonment probability', () => {
    // P(abandon) = (1 − ρ) ρ e^{−(μ−λ)τ} / (1 − ρ² e^{−(μ−λ)τ})
    for (const [lambda, tau] of [
      [0.5, 1],
      [0.9, 3],
      [1.5, 0.7], // overloaded: still stable with abandonment
    ] as const) {
      const e = Math.exp(-(1 - lambda) * tau);
      const expected = ((1 - lambda) * lambda * e) / (1 - lambda * lambda * e);
      expect(mmcPatience(1, lambda, 1, tau).abandonProbability).toBeCloseTo(expected, 12);
    }
  });

  it('M/M/c+D tends to Erlang C as the patience grows, and is continuous at λ = cμ', () => {
    const c = 4;
    const inf = mmcPatience(c, 3.2, 1, 1e6);
    const ref = mmc(c, 3.2, 1);
    expect(inf.abandonProbability).toBeLessThan(1e-12);
    expect(inf.waitProbability).toBeCloseTo(ref.waitProbability, 10);
    expect(inf.meanWait).toBeCloseTo(ref.meanWait, 8);
    const at = mmcPatience(c, 4, 1, 0.5);
    const near = mmcPatience(c, 4 + 1e-7, 1, 0.5);
    expect(at.abandonProbability).toBeCloseTo(near.abandonProbability, 6);
    expect(at.meanWait).toBeCloseTo(near.meanWait, 6);
  });
});
