import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parseScenario';
import { metricAt } from '../../scenario/expectations';
import { SimulationRun } from '../../runner/simulationRun';
import { erlangC, mmc, mmcPatience } from '../../theory/queueing';

/** Run the pooling lab model-only and return a metric reader. */
function runPooling(parameters: Record<string, unknown>, seed: number, durationS: number, warmupS = 10) {
  const parsed = parseScenario({ name: 'fidelity', title: 'fidelity', lab: 'pooling', seed, durationS, warmupS, parameters });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const run = new SimulationRun(parsed.value, { traceLimit: 0 });
  run.advanceTo(run.durationMs);
  const m = run.metrics();
  return (key: string) => metricAt(m, key) as number;
}

/**
 * Independent replications (different seeds): the spread of their means gives a standard
 * error that accounts for the strong autocorrelation of waits, so a tolerance of 4 standard
 * errors (plus a small floor for the tiny bias of a finite warm-up) is a justified test that
 * fails for a wrong model and essentially never for a right one.
 */
function replicate(parameters: Record<string, unknown>, keys: string[], reps: number, durationS: number) {
  const samples = keys.map(() => [] as number[]);
  for (let r = 0; r < reps; r++) {
    const get = runPooling(parameters, 1000 + r, durationS);
    keys.forEach((k, i) => samples[i]!.push(get(k)));
  }
  return samples.map((xs) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
    return { mean, standardError: Math.sqrt(variance / xs.length) };
  });
}

const fixedPool = (c: number, arrivalRate: number, serviceMs: number, borrowTimeoutMs = 0) => ({
  poolMin: c,
  poolMax: c,
  connectMs: 0,
  arrivalRate,
  serviceMs,
  serviceDist: 'exponential',
  borrowTimeoutMs,
  dbCores: c,
  leakRate: 0,
  idleTimeoutMs: 0,
  maxLifetimeMs: 0,
});

describe('the pooling lab agrees with queueing theory', () => {
  it.each([
    // c, arrivals/s, service ms: utilisations 0.7, 0.85 and 0.9
    [4, 140, 20],
    [10, 425, 20],
    [20, 360, 50],
  ])('fixed pool of %i at %f req/s × %f ms is M/M/c: P(wait) and mean borrow wait match Erlang C', (c, rate, serviceMs) => {
    const theory = mmc(c, rate / 1000, serviceMs);
    const [waited, wait, utilization] = replicate(fixedPool(c, rate, serviceMs), ['waitedFraction', 'borrowWaitMs.mean', 'pool.utilization'], 6, 200);
    expect(Math.abs(waited!.mean - theory.waitProbability)).toBeLessThan(4 * waited!.standardError + 0.005);
    expect(Math.abs(wait!.mean - theory.meanWait)).toBeLessThan(4 * wait!.standardError + 0.02 * theory.meanWait);
    expect(Math.abs(utilization!.mean - theory.utilization)).toBeLessThan(4 * utilization!.standardError + 0.003);
    // The tolerances are tight enough to mean something: well under the value tested.
    expect(4 * waited!.standardError).toBeLessThan(0.1 * theory.waitProbability);
  });

  it.each([
    // c, arrivals/s, service ms, borrow timeout ms: under and over capacity
    [5, 225, 20, 10],
    [10, 550, 20, 30],
    [8, 300, 20, 5],
  ])('fixed pool of %i at %f req/s × %f ms with a %f ms borrow timeout is M/M/c+D: the timed-out share matches', (c, rate, serviceMs, timeout) => {
    const theory = mmcPatience(c, rate / 1000, serviceMs, timeout);
    const [timedOut, waited] = replicate(fixedPool(c, rate, serviceMs, timeout), ['timedOutFraction', 'waitedFraction'], 6, 200);
    expect(Math.abs(timedOut!.mean - theory.abandonProbability)).toBeLessThan(4 * timedOut!.standardError + 0.003);
    expect(Math.abs(waited!.mean - theory.waitProbability)).toBeLessThan(4 * waited!.standardError + 0.005);
    expect(theory.abandonProbability).toBeGreaterThan(0.005); // the point tests abandonment, not nothing
  });

  it("obeys Little's law: mean connections in use = throughput × mean query time", () => {
    const get = runPooling(fixedPool(10, 400, 20), 77, 300);
    const littles = (get('throughputPerS') / 1000) * 20;
    expect(Math.abs(get('pool.meanInUse') - littles) / littles).toBeLessThan(0.03);
    expect(erlangC(10, 8)).toBeCloseTo(0.4092, 3);
  });
});

describe('pool sizing against database cores', () => {
  it('a pool a little above the core count beats a very large one (throughput and p99)', () => {
    const load = { arrivalRate: 260, serviceMs: 20, dbIoFraction: 0.3, borrowTimeoutMs: 0, dbCores: 4 };
    const results = [4, 8, 16, 100].map((size) => {
      const get = runPooling({ ...load, poolMin: size, poolMax: size }, 4, 120);
      return { size, throughput: get('throughputPerS'), p99: get('latencyMs.p99') };
    });
    const best = results.reduce((a, b) => (b.p99 < a.p99 ? b : a));
    expect(best.size).toBe(8);
    const huge = results.find((r) => r.size === 100)!;
    expect(huge.throughput).toBeLessThan(0.8 * results.find((r) => r.size === 8)!.throughput);
    expect(huge.p99).toBeGreaterThan(10 * best.p99);
  });
});
