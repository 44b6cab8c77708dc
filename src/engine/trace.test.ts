import { describe, expect, it } from 'vitest';
import { Trace } from './trace';

describe('Trace', () => {
  it('records entries in order, with data only when given', () => {
    const trace = new Trace();
    trace.record(0, 'a', 'start');
    trace.record(1.5, 'b', 'query', { sql: 'select 1' });
    expect(trace.all()).toEqual([
      { t: 0, actor: 'a', kind: 'start' },
      { t: 1.5, actor: 'b', kind: 'query', data: { sql: 'select 1' } },
    ]);
    expect('data' in trace.all()[0]!).toBe(false);
    expect(trace.total).toBe(2);
  });

  it('is bounded: keeps the newest `limit` entries and counts the dropped ones', () => {
    const trace = new Trace(10);
    for (let i = 0; i < 1000; i++) {
      trace.record(i, 'x', 'tick');
      // Memory stays bounded at all times (at most 2 × limit before trimming).
      expect(trace['entries'].length).toBeLessThanOrEqual(20);
    }
    const all = trace.all();
    expect(all.map((e) => e.t)).toEqual([990, 991, 992, 993, 994, 995, 996, 997, 998, 999]);
    expect(trace.total).toBe(1000);
    expect(trace.dropped).toBe(990);
    expect(trace.dropped + all.length).toBe(trace.total);
  });

  it('since(total) returns what was recorded after a point, for incremental readers', () => {
    const trace = new Trace(5);
    for (let i = 0; i < 3; i++) trace.record(i, 'x', 'k');
    const mark = trace.total;
    for (let i = 3; i < 6; i++) trace.record(i, 'x', 'k');
    expect(trace.since(mark).map((e) => e.t)).toEqual([3, 4, 5]);
    expect(trace.since(trace.total)).toEqual([]);
    // A reader that fell behind past the bound gets what is left.
    for (let i = 6; i < 20; i++) trace.record(i, 'x', 'k');
    expect(trace.since(mark).map((e) => e.t)).toEqual([15, 16, 17, 18, 19]);
    expect(trace.since(0).length).toBe(5);
  });

  it('a limit of 0 keeps nothing but still counts', () => {
    const trace = new Trace(0);
    trace.record(0, 'x', 'k');
    trace.record(1, 'x', 'k');
    expect(trace.all()).toEqual([]);
    expect([trace.total, trace.dropped]).toEqual([2, 2]);
  });

  it('clear() resets everything', () => {
    const trace = new Trace(3);
    for (let i = 0; i < 10; i++) trace.record(i, 'x', 'k');
    trace.clear();
    expect([trace.all().length, trace.total, trace.dropped]).toEqual([0, 0, 0]);
  });

  it('rejects a negative or fractional limit', () => {
    expect(() => new Trace(-1)).toThrow(RangeError);
    expect(() => new Trace(2.5)).toThrow(RangeError);
  });
});
