import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parseScenario';
import { metricAt } from '../../scenario/expectations';
import { SimulationRun } from '../../runner/simulationRun';
import { fifoRandomHitRatio, keyTtlHitRatio, lruHitRatio, ttlHitRatio, zipfPopularity } from '../../theory/cacheHitRatio';
import { COSTS } from './statements';

/** Reads only, the cache close to the application and the database: loads take a millisecond or two. */
const READS_ONLY = { strategy: 'cache-aside', readFraction: 1, cacheMs: 0.1, networkRttMs: 0.2, stampede: 'none' } as const;

/**
 * How long a key that missed stays missing: from the lookup to the store of its load (the miss
 * answer, the round trip, the query, the set). A read arriving then misses too, so a key read at
 * rate λ misses about λ·L more times per expiry than theory's instantaneous loads: a bias of at
 * most λ·L in its hit ratio, which the tolerance adds.
 */
const LOAD_WINDOW_MS = 1.5 * READS_ONLY.cacheMs + READS_ONLY.networkRttMs + COSTS.profile;

function runCaching(parameters: Record<string, unknown>, durationS: number, warmupS: number, seed = 1) {
  const parsed = parseScenario({ name: 'fidelity', title: 'fidelity', lab: 'caching', seed, durationS, warmupS, parameters: { ...READS_ONLY, ...parameters } });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const run = new SimulationRun(parsed.value, { traceLimit: 0 });
  run.advanceTo(run.durationMs);
  const m = run.metrics();
  return { hitRatio: metricAt(m, 'hitRatio') as number, reads: metricAt(m, 'reads.total') as number, theory: metricAt(m, 'theory.hitRatio') as number | undefined };
}

/**
 * Four binomial standard errors of a hit ratio over `reads` reads. For a sliding TTL the hits are
 * independent trials (each is "the gap since the key's previous read < T"), so it is exact; for a
 * fixed TTL the renewal cycles make the true error smaller (by √(1 − h)); for LRU under independent
 * requests consecutive outcomes are only weakly correlated. A right model fails about once in
 * 16,000 runs; a model off by the tolerance's size fails every time.
 */
const fourSe = (h: number, reads: number) => 4 * Math.sqrt((h * (1 - h)) / reads);

describe('the caching lab agrees with cache theory', () => {
  it.each([
    ['fixed', 2, 500],
    ['sliding', 2, 500],
    ['fixed', 0.5, 4000],
    ['sliding', 1, 300],
  ] as const)('one key read as a Poisson stream, %s TTL: λ = %f/s, T = %f ms', (ttlMode, rate, ttlMs) => {
    const { hitRatio, reads, theory } = runCaching({ keys: 1, arrivalRate: rate, ttlMs, ttlMode, capacity: 0 }, 20_000 / rate, 10);
    const h = keyTtlHitRatio(rate / 1000, ttlMs, ttlMode);
    expect(theory).toBeCloseTo(h, 12);
    expect(reads).toBeGreaterThan(19_000);
    expect(Math.abs(hitRatio - h)).toBeLessThan(fourSe(h, reads) + (rate / 1000) * LOAD_WINDOW_MS);
  });

  it.each(['fixed', 'sliding'] as const)('many keys (Zipf popularity), %s TTL: the rate-weighted mean over keys', (ttlMode) => {
    const rate = 50;
    const { hitRatio, reads, theory } = runCaching({ keys: 40, keyDist: 'zipf', zipfS: 1, arrivalRate: rate, ttlMs: 400, ttlMode, capacity: 0 }, 800, 10, 4);
    const p = zipfPopularity(40, 1);
    const h = ttlHitRatio(p, rate / 1000, 400, ttlMode);
    expect(theory).toBeCloseTo(h, 12);
    // The hottest key bounds the load-window bias.
    expect(Math.abs(hitRatio - h)).toBeLessThan(fourSe(h, reads) + (rate / 1000) * p[0]! * LOAD_WINDOW_MS);
  });

  it('LRU with capacity C over N uniform keys, no TTL: C/N', () => {
    const { hitRatio, reads, theory } = runCaching({ keys: 1000, keyDist: 'uniform', capacity: 200, ttlMs: 0, eviction: 'lru', arrivalRate: 200 }, 320, 20, 2);
    expect(theory).toBeCloseTo(0.2, 10);
    expect(Math.abs(hitRatio - 0.2)).toBeLessThan(fourSe(0.2, reads));
  });

  it.each([
    ['lru', 0.8, 100],
    ['lru', 1.2, 30],
    ['random', 1, 100],
  ] as const)("%s under Zipf(s = %f) over 1000 keys with C = %i, no TTL: Che's approximation (LRU), its analogue (random)", (eviction, s, capacity) => {
    const { hitRatio, reads, theory } = runCaching({ keys: 1000, keyDist: 'zipf', zipfS: s, capacity, ttlMs: 0, eviction, arrivalRate: 200 }, 320, 20, 3);
    const p = zipfPopularity(1000, s);
    const h = eviction === 'lru' ? lruHitRatio(p, capacity) : fifoRandomHitRatio(p, capacity);
    expect(theory).toBeCloseTo(h, 12);
    // The approximations' own error for a thousand keys is under a thousandth (src/models/cache.test.ts).
    expect(Math.abs(hitRatio - h)).toBeLessThan(fourSe(h, reads) + 0.001);
  });
});
