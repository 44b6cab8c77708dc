import { describe, expect, it } from 'vitest';
import { SloWindows } from './sloWindows';

describe('SloWindows', () => {
  it('judges each closed window by its p99 and its error rate', () => {
    const slo = new SloWindows(() => ({ p99Ms: 100, errorRate: 0.1 }));
    for (let i = 0; i < 100; i++) slo.record(10 + i, 5, false); // second 0: fine
    for (let i = 0; i < 100; i++) slo.record(1000 + i, i < 5 ? 500 : 5, false); // second 1: p99 500 ms
    for (let i = 0; i < 10; i++) slo.record(2000 + i, 5, i < 2); // second 2: 20 % errors
    slo.record(3500, 5, false); // closes second 2; second 3 stays open
    expect(slo.judged).toBe(3);
    expect(slo.violations).toBe(2);
    expect(slo.violationS).toBe(2);
  });

  it('forgets everything on reset', () => {
    const slo = new SloWindows(() => ({ p99Ms: 1, errorRate: 0 }));
    slo.record(0, 50, true);
    slo.record(1000, 50, true);
    slo.reset();
    slo.record(2000, 0.5, false);
    slo.record(3000, 0.5, false);
    expect(slo.violations).toBe(0);
    expect(slo.judged).toBe(1);
  });
});
