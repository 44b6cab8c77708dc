import { describe, expect, it } from 'vitest';
import { Environment } from '../engine';
import { DatabaseCpu } from './databaseCpu';

function finishTimes(cores: number, works: number[], contention?: number): number[] {
  const env = new Environment();
  const cpu = new DatabaseCpu(env, cores, contention);
  const done: number[] = [];
  works.forEach((w, i) => cpu.run(w).addCallback(() => (done[i] = env.now)));
  env.run();
  return done;
}

describe('DatabaseCpu', () => {
  it('runs up to `cores` queries at full speed', () => {
    expect(finishTimes(4, [10, 20, 30, 40])).toEqual([10, 20, 30, 40]);
  });

  it('shares the cores beyond that, with contention slowing everyone', () => {
    // Two queries of 10 ms on one core, no contention: both finish at 20 (processor sharing).
    expect(finishTimes(1, [10, 10], 0)).toEqual([20, 20]);
    // With contention α = 0.5: rate = (1/2) / (1 + 0.5) = 1/3, so 10 ms of work takes 30 ms.
    expect(finishTimes(1, [10, 10], 0.5).map((t) => Math.round(t * 1e6) / 1e6)).toEqual([30, 30]);
  });

  it('a shorter query leaves and the rest speed up', () => {
    // 1 core, α = 0: jobs of 5 and 15. Until t = 10 both run at 1/2; then the second runs alone: 10 more → 20.
    expect(finishTimes(1, [5, 15], 0)).toEqual([10, 20]);
  });

  it('total throughput falls as more queries run past the core count', () => {
    const cpu = new DatabaseCpu(new Environment(), 4);
    const throughput = (k: number) => k * cpu.rate(k);
    expect(throughput(4)).toBe(4);
    expect(throughput(8)).toBeLessThan(throughput(4));
    expect(throughput(100)).toBeLessThan(0.6 * throughput(4));
  });
});
