import { describe, expect, it } from 'vitest';
import { bestPoint } from './sweepPoints';

describe('bestPoint', () => {
  it('takes the lowest value, the smallest swept value on a tie, and skips missing ones', () => {
    const points = [
      { value: 1, metrics: { p99: 900 } },
      { value: 8, metrics: { p99: 40 } },
      { value: 4, metrics: { p99: 40 } },
      { value: 16, metrics: { p99: NaN } },
    ];
    expect(bestPoint(points, 'p99')?.value).toBe(4);
    expect(bestPoint(points, 'other')).toBeNull();
    expect(bestPoint([], 'p99')).toBeNull();
  });

  it('takes the highest value when higher is better (a hit ratio), still the smallest swept value on a tie', () => {
    const points = [
      { value: 5, metrics: { hitRatio: 0.2 } },
      { value: 500, metrics: { hitRatio: 0.9 } },
      { value: 100, metrics: { hitRatio: 0.9 } },
    ];
    expect(bestPoint(points, 'hitRatio', 'higher')?.value).toBe(100);
    expect(bestPoint(points, 'hitRatio')?.value).toBe(5);
  });
});
