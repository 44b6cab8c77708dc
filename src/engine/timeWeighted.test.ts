import { describe, expect, it } from 'vitest';
import { Environment } from './environment';
import { Resource } from './resource';
import { TimeWeightedAverage } from './timeWeighted';

describe('TimeWeightedAverage', () => {
  it('weights each value by how long it held', () => {
    const a = new TimeWeightedAverage(0, 0);
    a.set(2, 4); // 0 for 2
    a.set(3, 1); // 4 for 1
    // 1 for 5 more → (0·2 + 4·1 + 1·5) / 8
    expect(a.mean(8)).toBeCloseTo(9 / 8, 12);
    expect(a.value).toBe(1);
    expect(a.max).toBe(4);
  });

  it('add() changes the value by a delta', () => {
    const a = new TimeWeightedAverage(10, 2);
    a.add(12, 3);
    a.add(14, -5);
    expect(a.value).toBe(0);
    expect(a.mean(16)).toBeCloseTo((2 * 2 + 5 * 2 + 0 * 2) / 6, 12);
  });

  it('returns the current value when no time has passed', () => {
    const a = new TimeWeightedAverage(5, 3);
    expect(a.mean(5)).toBe(3);
  });

  it('several changes at the same instant count only the last', () => {
    const a = new TimeWeightedAverage(0, 0);
    a.set(1, 100);
    a.set(1, 2);
    expect(a.mean(2)).toBeCloseTo(1, 12);
    expect(a.max).toBe(100); // the peak is still seen
  });

  it('reset() starts a new window keeping the current value (end of warm-up)', () => {
    const a = new TimeWeightedAverage(0, 10);
    a.set(100, 1);
    a.reset(100);
    expect(a.max).toBe(1);
    a.set(104, 3);
    expect(a.mean(108)).toBeCloseTo((1 * 4 + 3 * 4) / 8, 12);
  });

  it('rejects a time before the last change (a model bug)', () => {
    const a = new TimeWeightedAverage(0, 0);
    a.set(5, 1);
    expect(() => a.set(4, 2)).toThrow(RangeError);
  });

  it('measures a resource utilisation in a simulation', () => {
    const env = new Environment();
    const res = new Resource(env, 2);
    const busy = new TimeWeightedAverage(env.now, 0);
    for (const [start, hold] of [
      [0, 4],
      [1, 2],
      [2, 6],
    ] as const) {
      env.process(
        (function* () {
          yield env.timeout(start);
          const req = res.request();
          yield req;
          busy.set(env.now, res.inUse);
          yield env.timeout(hold);
          res.release(req);
          busy.set(env.now, res.inUse);
        })(),
      );
    }
    env.run();
    // Units in use: [0,1)=1, [1,3)=2, [3,4)=1 then c granted at 3 → 2 until 4, … computed by hand:
    // a holds 0–4, b holds 1–3, c waits 2–3 then holds 3–9.
    // In use: 0–1:1, 1–3:2, 3–4:2, 4–9:1 → area 1 + 4 + 2 + 5 = 12 over 9.
    expect(busy.mean(9)).toBeCloseTo(12 / 9, 12);
    expect(env.now).toBe(9);
  });
});
