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
});
