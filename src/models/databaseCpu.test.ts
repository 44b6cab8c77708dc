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

  it('keeps finishing queries when the clock is so large that a tiny residue cannot move it', () => {
    // Past 2^24 ms (4.7 h) the clock's resolution is 3.7e-9 ms; this job's work leaves a residue
    // above the 1e-9 tolerance whose timer landed at `now` and was set again for ever.
    const start = 2 ** 24 + 1000;
    const env = new Environment({ initialTime: start });
    const cpu = new DatabaseCpu(env, 4);
    let seed = 1;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let finished = 0;
    env.process(
      (function* () {
        for (let i = 0; i < 2000; i++) {
          yield env.timeout(next() * 3);
          cpu.run(next() * 20).addCallback(() => finished++);
        }
      })(),
    );
    expect(env.run({ maxEvents: 100_000 })).toBe('idle');
    expect(finished).toBe(2000);
    expect(cpu.running).toBe(0);
  });

  it('gives the same finish times far from zero as near it, to the clock resolution', () => {
    const near = finishTimes(2, [5, 7, 11, 13], 0.05);
    const env = new Environment({ initialTime: 8.64e7 });
    const cpu = new DatabaseCpu(env, 2, 0.05);
    const far: number[] = [];
    [5, 7, 11, 13].forEach((w, i) => cpu.run(w).addCallback(() => (far[i] = env.now - 8.64e7)));
    env.run();
    far.forEach((t, i) => expect(t).toBeCloseTo(near[i]!, 6));
  });
});
