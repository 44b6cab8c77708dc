import { describe, expect, it } from 'vitest';
import { findLab } from '../labs';
import { diffMetrics, diffOne, diffTree, formatRelative, metricDirections } from './diffMetrics';

describe('diffMetrics', () => {
  it('gives b − a, the relative change and a verdict where the direction is known', () => {
    expect(diffOne('x', 10, 8, 'lower')).toEqual({ key: 'x', a: 10, b: 8, abs: -2, rel: -0.2, changed: true, better: 'lower', verdict: 'better' });
    expect(diffOne('x', 10, 8, 'higher').verdict).toBe('worse');
    expect(diffOne('x', 3, 3, 'higher').verdict).toBe('same');
    expect(diffOne('x', 3, 4, 'none').verdict).toBeUndefined();
    expect(diffOne('x', 3, 4).better).toBeUndefined();
    expect(diffOne('x', 0, 0).rel).toBe(0);
    expect(diffOne('x', 0, 5).rel).toBeNull();
    expect(diffOne('x', -4, -2).rel).toBe(0.5);
    expect(diffOne('flag', true, false)).toMatchObject({ abs: null, rel: null, changed: true });
  });

  it('covers every key of both trees and nests the differences on the dots', () => {
    const diffs = diffMetrics({ a: { p99: 2, p50: 1 }, ok: true }, { a: { p99: 3, p50: 1 }, ok: true, extra: 1 }, new Map([['a.p99', 'lower' as const]]));
    expect(diffs.map((d) => d.key)).toEqual(['a.p99', 'a.p50', 'ok', 'extra']);
    expect(diffs[3]).toMatchObject({ a: undefined, b: 1, abs: null, changed: true });
    expect(diffTree(diffs)).toEqual({
      a: { p99: { abs: 1, rel: 0.5, changed: true, better: 'lower', verdict: 'worse' }, p50: { abs: 0, rel: 0, changed: false } },
      ok: { abs: null, rel: null, changed: false },
      extra: { abs: null, rel: null, changed: true },
    });
  });

  it("reads directions from a lab's sweeps: declared ones, and the first metric's lower by default", () => {
    const caching = metricDirections(findLab('caching')!);
    expect(caching.get('hitRatio')).toBe('higher');
    const pooling = metricDirections(findLab('pooling')!);
    expect(pooling.get('latencyMs.p99')).toBe('lower');
    expect(pooling.has('throughputPerS')).toBe(false);
    expect(metricDirections(findLab('transactions')!).get('throughputPerS')).toBe('none');
  });

  it('formats relative changes', () => {
    expect(formatRelative(0.1234)).toBe('+12.3%');
    expect(formatRelative(-0.05)).toBe('-5.0%');
    expect(formatRelative(2)).toBe('+200%');
    expect(formatRelative(null)).toBe('–');
  });
});
