import { describe, expect, it } from 'vitest';
import { exp, ln } from '../../engine';
import { parseScenario } from '../../scenario/parseScenario';
import { metricAt } from '../../scenario/expectations';
import { SimulationRun } from '../../runner/simulationRun';
import { STANDBY_ACK_MS, STANDBY_FLUSH_MS } from '../../models/replicationNode';
import { DELAY_LOGNORMAL_CV } from './replicationDelay';

/**
 * The replication lab against probability theory.
 *
 * A writer reads its row back x = readAfterWriteMs after its commit; with asynchronous commits
 * the change becomes replayable on a replica a replication delay D after the commit (the flushes
 * on both sides are part of D; no apply-rate limit). Changes travel in LSN order, so a change
 * also waits for every earlier one. For Poisson writes at rate λ and independent delays with
 * CDF F, Campbell's theorem for the earlier writes gives
 *
 *   P(own read stale) = 1 − F(x) · exp(−λ · E[(D − x)⁺])
 *
 * which tends to P(D > x), the probability that the delay exceeds the gap, as writes get
 * sparse. Both are tested: the limit with sparse writes (binomial standard errors: each read
 * is an independent trial), the full formula under load (independent replications).
 */

/** Standard normal CDF, from erfc (Numerical Recipes' erfcc, relative error < 1.2e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

interface DelayLaw {
  /** P(D ≤ y). */
  cdf(y: number): number;
  /** E[(D − y)⁺]. */
  excess(y: number): number;
}

function delayLaw(dist: string, mean: number): DelayLaw {
  if (dist === 'constant') return { cdf: (y) => (y >= mean ? 1 : 0), excess: (y) => Math.max(0, mean - Math.max(y, 0)) };
  if (dist === 'exponential') return { cdf: (y) => (y <= 0 ? 0 : 1 - exp(-y / mean)), excess: (y) => (y <= 0 ? mean - y : mean * exp(-y / mean)) };
  // Log-normal as Rng.lognormalMeanCv draws it: σ² = ln(1 + cv²), μ = ln(mean) − σ²/2.
  const s2 = ln(1 + DELAY_LOGNORMAL_CV * DELAY_LOGNORMAL_CV);
  const s = Math.sqrt(s2);
  const mu = ln(mean) - s2 / 2;
  return {
    cdf: (y) => (y <= 0 ? 0 : normalCdf((ln(y) - mu) / s)),
    // E[(D − y)⁺] = mean·Φ((μ + σ² − ln y)/σ) − y·Φ((μ − ln y)/σ)
    excess: (y) => (y <= 0 ? mean - y : mean * normalCdf((mu + s2 - ln(y)) / s) - y * normalCdf((mu - ln(y)) / s)),
  };
}

function staleProbability(dist: string, mean: number, gapMs: number, writesPerMs: number): number {
  const law = delayLaw(dist, mean);
  const y = gapMs;
  return 1 - law.cdf(y) * exp(-writesPerMs * law.excess(y));
}

function run(parameters: Record<string, unknown>, seed: number, durationS: number, warmupS: number) {
  const parsed = parseScenario({ name: 'fidelity', title: 'fidelity', lab: 'replication', seed, durationS, warmupS, parameters });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const r = new SimulationRun(parsed.value, { traceLimit: 0 });
  r.advanceTo(r.durationMs);
  const m = r.metrics();
  return (key: string) => metricAt(m, key) as number;
}

const asyncNoLimit = { syncCommit: 'local', applyRatePerS: 0, readYourWrites: 'none', routerPolicy: 'round-robin', replicas: 2 };

describe('stale own reads match P(replication delay > read-after-write gap)', () => {
  it.each([
    // distribution, mean delay ms, read-after-write gap ms
    ['exponential', 10, 10],
    ['exponential', 20, 5],
    ['lognormal', 10, 6],
    ['lognormal', 10, 25],
  ])('%s delay, mean %f ms, read back after %f ms, sparse writes: the limit P(D > x)', (dist, mean, gap) => {
    // 0.2 writes/s against delays of ~10 ms: an earlier change almost never holds a later one back
    // (the LSN-order term, checked below, is under a third of a standard error).
    const rate = 0.2;
    const get = run({ ...asyncNoLimit, arrivalRate: rate, writeFraction: 1, replicationDelayDist: dist, replicationDelayMs: mean, readAfterWriteMs: gap, healthCheckMs: 60000 }, 11, 86400, 10);
    const n = get('ownReads.total');
    const measured = get('ownReadStaleFraction');
    const limit = 1 - delayLaw(dist, mean).cdf(gap);
    const se = Math.sqrt((limit * (1 - limit)) / n);
    expect(n).toBeGreaterThan(15000);
    expect(Math.abs(measured - limit)).toBeLessThan(4 * se);
    // Tight: 4 SE is under 0.025 absolute, and the FIFO correction we neglect is far below it.
    expect(4 * se).toBeLessThan(0.025);
    expect(Math.abs(staleProbability(dist, mean, gap, rate / 1000) - limit)).toBeLessThan(0.3 * se);
  });

  it.each([
    ['constant', 100, 80, 1],
    ['constant', 100, 120, 0],
  ])('%s delay of %f ms, read back after %f ms: every own read is stale, or none (share %f)', (dist, mean, gap, expected) => {
    const get = run({ ...asyncNoLimit, arrivalRate: 50, writeFraction: 0.5, replicationDelayDist: dist, replicationDelayMs: mean, readAfterWriteMs: gap }, 3, 60, 2);
    expect(get('ownReads.total')).toBeGreaterThan(1000);
    expect(get('ownReadStaleFraction')).toBe(expected);
  });

  it.each([
    ['exponential', 100, 50, 20],
    ['lognormal', 100, 80, 20],
    ['exponential', 30, 60, 50],
  ])('%s delay, mean %f ms, read back after %f ms, %f writes/s: the full formula with LSN-ordered delivery', (dist, mean, gap, writesPerS) => {
    const reps = 6;
    const xs: number[] = [];
    let n = 0;
    for (let r = 0; r < reps; r++) {
      const get = run({ ...asyncNoLimit, arrivalRate: writesPerS, writeFraction: 1, replicationDelayDist: dist, replicationDelayMs: mean, readAfterWriteMs: gap }, 500 + r, 300, 5);
      xs.push(get('ownReadStaleFraction'));
      n += get('ownReads.total');
    }
    const mean_ = xs.reduce((a, b) => a + b, 0) / reps;
    const se = Math.sqrt(xs.reduce((a, b) => a + (b - mean_) ** 2, 0) / (reps - 1) / reps);
    const expected = staleProbability(dist, mean, gap, writesPerS / 1000);
    const naive = 1 - delayLaw(dist, mean).cdf(gap);
    expect(n).toBeGreaterThan(30000);
    expect(Math.abs(mean_ - expected)).toBeLessThan(4 * se + 0.002);
    // The test can fail: under load, ignoring the LSN order would be far outside the tolerance.
    expect(Math.abs(naive - expected)).toBeGreaterThan(3 * (4 * se + 0.002));
  });
});

describe('synchronous commit levels', () => {
  const base = { arrivalRate: 200, writeFraction: 0.3, replicas: 2, replicationDelayMs: 20, replicationDelayDist: 'exponential', readAfterWriteMs: 0, applyRatePerS: 300, readYourWrites: 'none', routerPolicy: 'round-robin' };

  it('remote_apply: the synchronous standby (replica-1) never serves a stale read; replica-2 does', () => {
    const get = run({ ...base, syncCommit: 'remote_apply' }, 21, 60, 2);
    expect(get('load.replica-1.reads')).toBeGreaterThan(3000);
    expect(get('load.replica-1.staleReads')).toBe(0);
    expect(get('load.replica-2.staleReads')).toBeGreaterThan(50);
  });

  it('on: commits wait for the standby to flush, not to apply, so a slow replay still serves stale reads from it', () => {
    const get = run({ ...base, syncCommit: 'on' }, 21, 60, 2);
    expect(get('load.replica-1.staleReads')).toBeGreaterThan(20);
  });

  it('commit latency rises with each level by what it waits for', () => {
    const p50 = (level: string) => run({ ...base, applyRatePerS: 0, replicationDelayDist: 'constant', syncCommit: level }, 5, 20, 1)('writeLatencyMs.p50');
    // statement 0.2 ms; local WAL flush 1 ms; the standby has the change flushed and replayable the
    // 20 ms delay after that, having received it STANDBY_FLUSH_MS (0.5 ms) earlier; reply 0.5 ms.
    expect(p50('off')).toBeCloseTo(0.2, 2);
    expect(p50('local')).toBeCloseTo(1.2, 2);
    expect(p50('remote_write')).toBeCloseTo(0.2 + 1 + 20 - STANDBY_FLUSH_MS + STANDBY_ACK_MS, 1);
    expect(p50('on')).toBeCloseTo(0.2 + 1 + 20 + STANDBY_ACK_MS, 1);
    expect(p50('remote_apply')).toBeCloseTo(0.2 + 1 + 20 + STANDBY_ACK_MS, 1);
    const limited = (level: string) => run({ ...base, arrivalRate: 100, writeFraction: 0.5, replicationDelayDist: 'constant', applyRatePerS: 1000, syncCommit: level }, 5, 20, 1)('writeLatencyMs.p50');
    // With a replay rate, remote_apply also waits for the replay (1 ms per change here).
    expect(limited('remote_apply')).toBeGreaterThan(limited('on') + 0.9);
  });
});
