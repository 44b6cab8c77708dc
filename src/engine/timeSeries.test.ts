import { describe, expect, it } from 'vitest';
import { BoundedTimeSeries } from './timeSeries';

describe('BoundedTimeSeries', () => {
  it('keeps points oldest first', () => {
    const s = new BoundedTimeSeries(5);
    expect(s.size).toBe(0);
    expect(s.last()).toBeUndefined();
    s.push(0, 1);
    s.push(1, 2);
    expect(s.points()).toEqual([
      { t: 0, value: 1 },
      { t: 1, value: 2 },
    ]);
    expect(s.last()).toEqual({ t: 1, value: 2 });
  });

  it('keeps only the newest `capacity` points', () => {
    const s = new BoundedTimeSeries(3);
    for (let t = 0; t < 10; t++) s.push(t, t * t);
    expect(s.size).toBe(3);
    expect(s.points()).toEqual([
      { t: 7, value: 49 },
      { t: 8, value: 64 },
      { t: 9, value: 81 },
    ]);
    expect(s.last()).toEqual({ t: 9, value: 81 });
  });

  it('accepts equal times but rejects a time going backwards, also across the wrap', () => {
    const s = new BoundedTimeSeries(2);
    s.push(1, 0);
    s.push(1, 1);
    s.push(2, 2); // wraps
    expect(() => s.push(1.5, 3)).toThrow(RangeError);
    expect(s.points()).toEqual([
      { t: 1, value: 1 },
      { t: 2, value: 2 },
    ]);
  });

  it('clear() empties it', () => {
    const s = new BoundedTimeSeries(2);
    s.push(5, 5);
    s.clear();
    expect(s.size).toBe(0);
    s.push(1, 1); // earlier than before the clear: fine
    expect(s.points()).toEqual([{ t: 1, value: 1 }]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new BoundedTimeSeries(0)).toThrow(RangeError);
    expect(() => new BoundedTimeSeries(2.5)).toThrow(RangeError);
  });
});

describe('BoundedTimeSeries.pairs', () => {
  it('gives the held points as [t, value] pairs, oldest first, after wrapping', () => {
    const s = new BoundedTimeSeries(3);
    for (let t = 1; t <= 5; t++) s.push(t, t * 10);
    expect(s.pairs()).toEqual([
      [3, 30],
      [4, 40],
      [5, 50],
    ]);
    expect(s.pairs()).toEqual(s.points().map((p) => [p.t, p.value]));
  });
});
