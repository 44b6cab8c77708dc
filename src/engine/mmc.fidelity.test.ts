import { describe, expect, it } from 'vitest';
import { Environment } from './environment';
import { RequestTimeout } from './errors';
import type { ProcessGenerator } from './process';
import { Resource } from './resource';
import { Rng } from './rng';
import { TimeWeightedAverage } from './timeWeighted';
import { mmc, mmcPatience, mmcWaitExceeds } from '../theory/queueing';

/*
 * Fidelity: the engine against queueing theory (DESIGN.md §6).
 *
 * How the tolerances are set. Successive waits in a queue are strongly autocorrelated (at
 * ρ = 0.9 a busy period spans hundreds of customers), so the naive standard error σ/√n
 * understates the real one many times over. We use batch means instead: after a warm-up,
 * the customers (in arrival order) are cut into B = 25 consecutive batches, each far longer
 * than the correlation time, so the batch means are nearly independent and
 * SE = sd(batch means) / √B is an honest standard error for the run's mean. Each check
 * allows Z = 4.5 such errors: under a correct engine, |t₂₄| > 4.5 has probability ≈ 1.5e-4,
 * so a failure means a bug, not bad luck (and the seeds are fixed, so runs are repeatable).
 *
 * A test whose tolerance is wide proves little, so each check also asserts the power of
 * the run: Z·SE must be under a few per cent of the theoretical value, i.e. the run is long
 * enough to catch a bias of that size. The run lengths below (200k–800k customers) give
 * relative SEs of 0.3–5% and keep each test around a second.
 *
 * Warm-up: the queue starts empty, which biases early waits low. The relaxation time of
 * these queues is at most a few hundred customers, so dropping the first 5% (≥ 10,000) leaves
 * a bias far below the SE.
 */
const Z = 4.5;
const BATCHES = 25;

interface BatchStats {
  mean: number;
  se: number;
}

/** Mean and batch-means standard error of `xs[from..]`. */
function batchMeans(xs: Float64Array, from: number): BatchStats {
  const n = xs.length - from;
  const size = Math.floor(n / BATCHES);
  const means: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    let s = 0;
    for (let i = from + b * size; i < from + (b + 1) * size; i++) s += xs[i]!;
    means.push(s / size);
  }
  const mean = means.reduce((a, b) => a + b, 0) / BATCHES;
  const variance = means.reduce((a, m) => a + (m - mean) ** 2, 0) / (BATCHES - 1);
  return { mean, se: Math.sqrt(variance / BATCHES) };
}

/** Assert `stats` agrees with `expected` within Z standard errors, and that the check has power. */
function expectAgrees(stats: BatchStats, expected: number, maxRelativeTolerance: number): void {
  if (process.env.FIDELITY_DEBUG) console.log(`mean ${stats.mean.toFixed(5)} theory ${expected.toFixed(5)} dev/se ${((stats.mean - expected) / stats.se).toFixed(2)} Z·se/theory ${((Z * stats.se) / expected).toFixed(4)} (max ${maxRelativeTolerance})`);
  expect.soft(Math.abs(stats.mean - expected)).toBeLessThan(Z * stats.se);
  expect.soft((Z * stats.se) / expected).toBeLessThan(maxRelativeTolerance);
}

interface RunResult {
  /** Per customer, in arrival order. */
  waits: Float64Array;
  waited: Float64Array;
  abandoned: Float64Array;
  sojourns: Float64Array;
  warmup: number;
  /** Time-average number in system over the measurement window. */
  meanInSystem: number;
  /** Time-average busy servers over the measurement window. */
  meanBusy: number;
  /** Arrivals per time unit in the measurement window. */
  arrivalRate: number;
  /** Mean sojourn of the customers who arrived in the window. */
  meanSojourn: number;
}

/**
 * M/M/c on the engine, written as a lab would: Poisson arrivals, one generator process per
 * customer, c servers as a Resource, exponential service; optionally a request timeout.
 */
function simulate(p: { servers: number; rho: number; customers: number; seed: number; patience?: number }): RunResult {
  const meanService = 1;
  const lambda = (p.rho * p.servers) / meanService;
  const env = new Environment();
  const rng = new Rng(p.seed);
  const arrivalRng = rng.fork('arrivals');
  const serviceRng = rng.fork('service');
  const servers = new Resource(env, p.servers);
  const n = p.customers;
  const warmup = Math.max(10_000, Math.floor(n * 0.05));
  const waits = new Float64Array(n);
  const waited = new Float64Array(n);
  const abandoned = new Float64Array(n);
  const sojourns = new Float64Array(n);
  const inSystem = new TimeWeightedAverage(0, 0);
  const busy = new TimeWeightedAverage(0, 0);
  let count = 0;
  let windowStart = 0;
  let windowEnd = 0;
  let meanInSystem = 0;
  let meanBusy = 0;
  const options = p.patience === undefined ? undefined : { timeout: p.patience };

  function* customer(i: number): ProcessGenerator<void> {
    const arrivedAt = env.now;
    inSystem.set(env.now, ++count);
    const request = servers.request(options);
    try {
      yield request;
    } catch (error) {
      if (!(error instanceof RequestTimeout)) throw error;
      waits[i] = env.now - arrivedAt;
      waited[i] = 1;
      abandoned[i] = 1;
      sojourns[i] = env.now - arrivedAt;
      inSystem.set(env.now, --count);
      return;
    }
    busy.set(env.now, servers.inUse);
    waits[i] = env.now - arrivedAt;
    waited[i] = env.now > arrivedAt ? 1 : 0;
    yield env.timeout(serviceRng.exponential(meanService));
    servers.release(request);
    busy.set(env.now, servers.inUse);
    sojourns[i] = env.now - arrivedAt;
    inSystem.set(env.now, --count);
  }

  function* source(): ProcessGenerator<void> {
    for (let i = 0; i < n; i++) {
      yield env.timeout(arrivalRng.exponential(1 / lambda));
      if (i === warmup) {
        windowStart = env.now;
        inSystem.reset(env.now);
        busy.reset(env.now);
      }
      env.process(customer(i));
    }
    // The window ends at the last arrival, while the queue is still in steady state.
    windowEnd = env.now;
    meanInSystem = inSystem.mean(env.now);
    meanBusy = busy.mean(env.now);
  }

  env.process(source());
  expect(env.run()).toBe('idle');
  let sojournSum = 0;
  for (let i = warmup; i < n; i++) sojournSum += sojourns[i]!;
  return {
    waits,
    waited,
    abandoned,
    sojourns,
    warmup,
    meanInSystem,
    meanBusy,
    arrivalRate: (n - warmup) / (windowEnd - windowStart),
    meanSojourn: sojournSum / (n - warmup),
  };
}

describe('M/M/c fidelity against Erlang C', () => {
  it.each([
    // `power`: the largest Z·SE / theory each check may have (see top), set from the run
    // length: ~1.3× the relative error these runs achieve. Mean waits converge slowly at high
    // load (the SE of Wq at c=10, ρ=0.9 is ~5% even over 800k customers), so at that point
    // P(wait) and Little's law carry the weight.
    { servers: 1, rho: 0.5, customers: 200_000, seed: 101, power: { wait: 0.03, meanWait: 0.08, tail: 0.05, sojourn: 0.05 } },
    { servers: 4, rho: 0.8, customers: 300_000, seed: 202, power: { wait: 0.04, meanWait: 0.12, tail: 0.08, sojourn: 0.06 } },
    { servers: 10, rho: 0.9, customers: 800_000, seed: 303, power: { wait: 0.06, meanWait: 0.25, tail: 0.16, sojourn: 0.12 } },
  ])('c=$servers ρ=$rho: P(wait), mean wait, P(wait > Wq) and Little’s law', (p) => {
    const r = simulate(p);
    const lambda = p.rho * p.servers;
    const theory = mmc(p.servers, lambda, 1);

    // Probability of waiting (Erlang C): the batch means of the 0/1 "had to wait" indicator.
    expectAgrees(batchMeans(r.waited, r.warmup), theory.waitProbability, p.power.wait);

    // Mean wait in queue, Wq = C / (cμ − λ).
    expectAgrees(batchMeans(r.waits, r.warmup), theory.meanWait, p.power.meanWait);

    // One point of the wait distribution: P(W > Wq) = C e^{−(cμ−λ) Wq}.
    const beyond = r.waits.map((w) => (w > theory.meanWait ? 1 : 0));
    expectAgrees(batchMeans(beyond, r.warmup), mmcWaitExceeds(p.servers, lambda, 1, theory.meanWait), p.power.tail);

    // Utilisation: busy servers on average = offered load a = λ/μ. Its error is that of the
    // arrival count, relative 1/√n ≈ 0.2%, inflated by the queue's slow fluctuations; 2% is
    // ≥ 5 such errors at every point here.
    expect(Math.abs(r.meanBusy - lambda) / lambda).toBeLessThan(0.02);

    // Little's law, L = λW, within the run: time-average number in system against the
    // window's arrival rate times the mean sojourn of its arrivals. This is an identity up to
    // the customers straddling the window's two ends, worth about W / T_window relative
    // (< 1e-3 here), so 0.5% is a generous bound that still catches any clock or
    // bookkeeping error.
    expect(Math.abs(r.meanInSystem - r.arrivalRate * r.meanSojourn) / r.meanInSystem).toBeLessThan(0.005);

    // And L against theory, L = λ (Wq + 1/μ): the sojourn check bounds W, and the arrival
    // rate adds at most 1% (≥ 5 of its relative errors 1/√n).
    const sojourn = batchMeans(r.sojourns, r.warmup);
    expectAgrees(sojourn, theory.meanSojourn, p.power.sojourn);
    expect(Math.abs(r.meanInSystem - theory.meanInSystem) / theory.meanInSystem).toBeLessThan((Z * sojourn.se) / theory.meanSojourn + 0.01);
  });
});

describe('M/M/c+D fidelity (request timeout = deterministic patience)', () => {
  it.each([
    // Abandonment caps the queue, so these converge fast (observed Z·SE/theory ≤ 5%).
    { servers: 4, rho: 0.95, patience: 1, customers: 300_000, seed: 404 },
    // Overloaded: without the timeout this queue would grow without bound.
    { servers: 5, rho: 1.2, patience: 0.5, customers: 300_000, seed: 505 },
  ])('c=$servers ρ=$rho τ=$patience: P(wait), P(give up), mean wait, utilisation', (p) => {
    const r = simulate(p);
    const lambda = p.rho * p.servers;
    const theory = mmcPatience(p.servers, lambda, 1, p.patience);
    expectAgrees(batchMeans(r.waited, r.warmup), theory.waitProbability, 0.03);
    expectAgrees(batchMeans(r.abandoned, r.warmup), theory.abandonProbability, 0.07);
    expectAgrees(batchMeans(r.waits, r.warmup), theory.meanWait, 0.04);
    expect(Math.abs(r.meanBusy - theory.meanBusy) / theory.meanBusy).toBeLessThan(0.02);
    expect(Math.abs(r.meanInSystem - r.arrivalRate * r.meanSojourn) / r.meanInSystem).toBeLessThan(0.005);
  });
});
