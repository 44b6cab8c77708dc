import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { cli } from '../../cli/cliHarness.testkit';
import type { MetricTree } from '../../lab/snapshot';
import { SimulationRun } from '../../runner/simulationRun';
import { metricAt } from '../../scenario/expectations';
import { parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import { concurrentRefreshMs, denormCosts, plainRefreshMs } from './costs';
import type { DenormDetail } from './detail';

afterEach(() => vi.restoreAllMocks());

function load(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): LoadedScenario {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'denormalization', durationS: 30, warmupS: 0, parameters, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

const num = (m: MetricTree, key: string) => metricAt(m, key) as number;

function runModel(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): { m: MetricTree; detail: DenormDetail; run: SimulationRun } {
  const run = new SimulationRun(load(parameters, extra), { traceLimit: 0 });
  run.advanceTo(run.durationMs);
  return { m: run.metrics(), detail: run.snapshot().detail as DenormDetail, run };
}

const READ_MODELS = [
  { readModel: 'normalized' },
  { readModel: 'denormalized-table', syncMode: 'same-transaction' },
  { readModel: 'denormalized-table', syncMode: 'after-commit', syncBugRate: 0.2 },
  { readModel: 'denormalized-table', syncMode: 'async-queue', syncDelayMs: 2000 },
  { readModel: 'trigger-maintained' },
  { readModel: 'materialized-view', refresh: 'manual' },
  { readModel: 'materialized-view', refresh: 'scheduled', refreshIntervalS: 3 },
  { readModel: 'materialized-view', refresh: 'on-write' },
  { readModel: 'materialized-view', refresh: 'concurrently', refreshIntervalS: 3 },
];

describe('denormalization lab model, without SQL', () => {
  it('conserves requests (arrived = completed + failed + in flight) and is deterministic, whatever the read model (fast-check seed 1414)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...READ_MODELS), fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 99 }), (model, customers, writeFraction, seed) => {
        const params = { ...model, customers, writeFraction, arrivalRate: 60 };
        const a = runModel(params, { durationS: 5, warmupS: 1, seed });
        const b = runModel(params, { durationS: 5, warmupS: 1, seed });
        expect(a.m).toEqual(b.m);
        expect(num(a.m, 'requests.arrived')).toBe(num(a.m, 'requests.completed') + num(a.m, 'requests.failed') + num(a.m, 'requests.inFlight'));
      }),
      { seed: 1414, numRuns: 25 },
    );
  });

  it('the copy makes the read faster than the 4-join, by what the real plans cost', () => {
    const normalized = runModel({ readModel: 'normalized', writeFraction: 0 }).m;
    const copy = runModel({ readModel: 'denormalized-table', writeFraction: 0 }).m;
    const view = runModel({ readModel: 'materialized-view', writeFraction: 0 }).m;
    expect(num(copy, 'readLatencyMs.mean')).toBeLessThan(num(normalized, 'readLatencyMs.mean') - 1);
    expect(num(view, 'readLatencyMs.mean')).toBeCloseTo(num(copy, 'readLatencyMs.mean'), 9);
    // Without writes nothing is ever stale, and nothing drifts.
    for (const m of [normalized, copy, view]) expect([num(m, 'staleness.maxS'), num(m, 'drift.rows')]).toEqual([0, 0]);
  });

  it('same-transaction and trigger-maintained copies never drift nor read stale (triggers ignore syncBugRate)', () => {
    for (const params of [
      { readModel: 'denormalized-table', syncMode: 'same-transaction' },
      { readModel: 'trigger-maintained', syncBugRate: 0.5 },
    ]) {
      const { m } = runModel({ ...params, writeFraction: 0.5, customers: 10, arrivalRate: 50 });
      expect(num(m, 'writes.committed')).toBeGreaterThan(500);
      expect(num(m, 'writes.copiesForgotten')).toBe(0);
      expect(num(m, 'drift.rows')).toBe(0);
      expect(num(m, 'staleness.maxS')).toBe(0);
    }
  });

  it('syncBugRate: the share of forgotten copies is the rate, and the drifted lines grow with it and are listed', () => {
    const drifted: number[] = [];
    for (const rate of [0, 0.05, 0.2, 0.5]) {
      const { m, detail } = runModel({ readModel: 'denormalized-table', syncMode: 'same-transaction', syncBugRate: rate, writeFraction: 0.5, customers: 1000, arrivalRate: 100 }, { durationS: 60 });
      const writes = num(m, 'writes.committed');
      const forgotten = num(m, 'writes.copiesForgotten');
      // Binomial: within 4 standard deviations of rate × writes.
      expect(Math.abs(forgotten - rate * writes)).toBeLessThanOrEqual(4 * Math.sqrt(writes * rate * (1 - rate)) + 1e-9);
      drifted.push(num(m, 'drift.rows'));
      expect(detail.drift.listed.length).toBe(Math.min(12, num(m, 'drift.rows')));
      if (rate > 0) expect(detail.drift.listed[0]!.reasons.length).toBeGreaterThan(0);
    }
    expect(drifted[0]).toBe(0);
    expect(drifted[1]).toBeGreaterThan(0);
    expect(drifted[2]).toBeGreaterThan(drifted[1]!);
    expect(drifted[3]).toBeGreaterThan(drifted[2]!);
  });

  it('a scheduled view under frequent writes is stale by half the interval plus the refresh time, on average', () => {
    const intervalS = 10;
    // 5 customers and 60 writes/s: each customer sees a change that affects it every ~0.05 s or sooner
    // (its renames and new orders, and price changes of any of its products).
    const { m } = runModel({ readModel: 'materialized-view', refresh: 'scheduled', refreshIntervalS: intervalS, customers: 5, arrivalRate: 120, writeFraction: 0.5 }, { durationS: 600, warmupS: intervalS });
    const refreshS = plainRefreshMs(denormCosts.refresh, true) / 1000;
    const expected = intervalS / 2 + refreshS;
    // A read at time t after a refresh's snapshot misses everything committed since, so its staleness
    // is t minus the first change after the snapshot: (I/2 + R) on average less the mean gap to that
    // change, 1/λ ≤ 1/(0.5 × 120 / 5 × 0.25 renames) ≈ 0.07 s for the customer's own renames alone.
    // The tolerance is that gap plus the sampling error of ~60 refresh cycles (σ ≈ I/√12/√60 ≈ 0.4 s).
    expect(Math.abs(num(m, 'staleness.meanS') - expected)).toBeLessThan(0.07 + 3 * 0.4);
    expect(num(m, 'staleness.maxS')).toBeLessThanOrEqual(intervalS + refreshS + 1e-9);
    expect(num(m, 'staleReadFraction')).toBeGreaterThan(0.95);
  });

  it('on-write keeps the view about 0 s stale while every write pays a refresh, and a plain refresh blocks readers', () => {
    const { m } = runModel({ readModel: 'materialized-view', refresh: 'on-write', customers: 20, arrivalRate: 100, writeFraction: 0.1 });
    const refreshMs = plainRefreshMs(denormCosts.refresh, true);
    // Stale only between a write's commit and its refresh's lock: about a round trip.
    expect(num(m, 'staleness.meanS')).toBeLessThan(0.002);
    expect(num(m, 'writeLatencyMs.p50')).toBeGreaterThan(refreshMs);
    expect(num(m, 'refresh.count')).toBe(num(m, 'writes.committed'));
    expect(num(m, 'refresh.readersBlocked')).toBeGreaterThan(0);
    const scheduled = runModel({ readModel: 'materialized-view', refresh: 'scheduled', refreshIntervalS: 5, customers: 20, arrivalRate: 100, writeFraction: 0.1 }).m;
    expect(num(scheduled, 'writeLatencyMs.p99')).toBeLessThan(refreshMs);
  });

  it('CONCURRENTLY blocks no reader but costs more than a plain refresh; without a unique index PostgreSQL refuses it', () => {
    const busy = { readModel: 'materialized-view', refreshIntervalS: 1, arrivalRate: 400, writeFraction: 0.05 };
    const plain = runModel({ ...busy, refresh: 'scheduled' }).m;
    const concurrently = runModel({ ...busy, refresh: 'concurrently' }).m;
    expect(num(plain, 'refresh.readersBlocked')).toBeGreaterThan(0);
    expect(num(concurrently, 'refresh.readersBlocked')).toBe(0);
    expect(num(concurrently, 'refresh.meanMs')).toBeGreaterThan(num(plain, 'refresh.meanMs'));
    expect(num(concurrently, 'refresh.meanMs')).toBeGreaterThanOrEqual(concurrentRefreshMs(denormCosts.refresh, 0));
    expect(num(plain, 'readLatencyMs.max')).toBeGreaterThan(num(concurrently, 'readLatencyMs.max'));
    const { m, detail } = runModel({ ...busy, refresh: 'concurrently', uniqueIndex: false }, { durationS: 10 });
    // Ticks at 1 s … 9 s (the one at 10 s is the end of the run).
    expect([num(m, 'refresh.count'), num(m, 'refresh.refused')]).toEqual([0, 9]);
    expect(detail.refreshError).toBe(denormCosts.concurrentlyRefused);
    expect(detail.refreshError).toMatch(/cannot refresh materialized view "public\.customer_orders_mv" concurrently/);
  });

  it('the copy takes about as much disk as the five tables it joins (stored pg_total_relation_size)', () => {
    const { m } = runModel({ readModel: 'denormalized-table' }, { durationS: 1 });
    expect(num(m, 'storage.copyBytes')).toBe(denormCosts.storage.copyBytes);
    expect(num(m, 'storage.copyBytes') / num(m, 'storage.baseBytes')).toBeGreaterThan(0.5);
    expect(num(runModel({ readModel: 'normalized' }, { durationS: 1 }).m, 'storage.copyBytes')).toBe(0);
  });

  it('actions: refreshNow refreshes the view (and is refused without one), renameCustomer and changePrice write', () => {
    const run = new SimulationRun(load({ readModel: 'materialized-view', writeFraction: 0 }, { durationS: 5 }), { traceLimit: 0 });
    run.advanceTo(1000);
    expect(run.runAction('renameCustomer', { customer: 7 })).toBeNull();
    run.advanceTo(2000);
    let detail = run.snapshot().detail as DenormDetail;
    expect(detail.drift.rows).toBeGreaterThan(0);
    expect(detail.drift.listed.every((r) => r.customerId === 7 && r.reasons.includes('customer_name'))).toBe(true);
    expect(run.runAction('refreshNow', {})).toBeNull();
    run.advanceTo(3000);
    detail = run.snapshot().detail as DenormDetail;
    expect([detail.drift.rows, detail.refreshes.length]).toEqual([0, 1]);
    expect(run.runAction('changePrice', { product: 3 })).toBeNull();
    run.advanceTo(4000);
    expect((run.snapshot().detail as DenormDetail).drift.byReason.product_price).toBeGreaterThan(50);
    expect(run.runAction('changePrice', { product: 101 })).toMatch(/product.*1 to 100/);

    const plain = new SimulationRun(load({ readModel: 'normalized' }, { durationS: 2 }), { traceLimit: 0 });
    expect(plain.runAction('refreshNow', {})).toMatch(/read model "normalized" has no materialized view/);
  });
});

describe('npm run sim -- denormalization: bad input', () => {
  it('refuses a refresh interval of 0 with scheduled, syncBugRate outside 0–1 and a refresh without a view, naming the parameter', async () => {
    const cases: [string[], RegExp][] = [
      [['--set', 'readModel=materialized-view', '--set', 'refresh=scheduled', '--set', 'refreshIntervalS=0'], /refreshIntervalS: a scheduled refresh needs an interval above 0 s/],
      [['--set', 'syncBugRate=1.5'], /syncBugRate.*from 0 to 1/],
      [['--set', 'refresh=on-write'], /refresh: "on-write" refreshes a materialized view, and the read model "normalized" has none/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await cli('denormalization', ...args, '--json', '--model-only');
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
    }
  });
});
