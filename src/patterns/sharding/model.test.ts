import { describe, expect, it } from 'vitest';
import { metricAt } from '../../scenario/expectations';
import { parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import { SimulationRun } from '../../runner/simulationRun';
import type { MetricTree } from '../../lab/snapshot';
import { jumpMap, moduloMap, movedFraction } from '../../models/sharding/shardMap';
import { shardingDetail } from './detail';
import { shardingLab } from './lab';
import { ROUTER_MAX_IN_FLIGHT } from './model';
import { cli } from '../../cli/cliHarness.testkit';
import { shardingParams, type ShardingParams } from './params';

function load(parameters: Partial<Record<keyof ShardingParams, unknown>>, extra: Record<string, unknown> = {}): LoadedScenario {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'sharding', durationS: 30, warmupS: 1, parameters, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

async function run(parameters: Partial<Record<keyof ShardingParams, unknown>>, extra: Record<string, unknown> = {}) {
  const r = new SimulationRun(load(parameters, extra), { traceLimit: 0 });
  const metrics = await r.runToEnd();
  return { metrics, detail: shardingDetail(r.snapshot().detail)!, get: (k: string) => Number(metricAt(metrics, k)) };
}

const customers = Array.from({ length: 1000 }, (_, i) => i + 1);

describe('sharding model', () => {
  it('conserves requests and gives the same metrics for the same seed', async () => {
    const a = await run({ arrivalRate: 300, txnProtocol: 'saga' }, { seed: 4 });
    const b = await run({ arrivalRate: 300, txnProtocol: 'saga' }, { seed: 4 });
    expect(a.metrics).toEqual(b.metrics);
    expect(a.get('requests.arrived')).toBe(a.get('requests.completed') + a.get('requests.failed') + a.get('requests.inFlight'));
    const rows = (a.metrics.shards as MetricTree).rows as unknown as number[];
    expect(rows).toHaveLength(4);
    expect(a.get('scatter.meanFanout')).toBe(4);
    expect(a.get('pointReadFanout')).toBe(1);
    expect(metricAt(a.metrics, 'scatter.resultsMatch')).toBe(true);
    expect(a.get('scatter.verified')).toBeGreaterThan(20);
  });

  it.each([
    ['jump', 1 / 5],
    ['consistent-hash', 1 / 5],
    ['modulo', 4 / 5],
    ['hash-modulo', 4 / 5],
  ] as const)('resharding 4 → 5 with %s moves about %f of the customers, losing and duplicating nothing', async (strategy, expected) => {
    const r = await run({ strategy, vnodes: 1000, reshardAtS: 5, reshardTo: 5, arrivalRate: 150, moveRatePerS: 20000 });
    // 1,000 customers: a binomial share's standard error is at most 0.016; 0.06 is over 3.7 of them
    // (the ring adds its arcs' spread, about 3 % of 1/5 with 1,000 vnodes).
    expect(Math.abs(r.get('resharding.movedFraction') - expected)).toBeLessThan(0.06);
    expect(r.get('resharding.rowsLost')).toBe(0);
    expect(r.get('resharding.rowsDuplicated')).toBe(0);
    expect(metricAt(r.metrics, 'resharding.checksumsMatch')).toBe(true);
    expect(r.get('shards.count')).toBe(5);
    expect(r.get('resharding.durationS')).toBeGreaterThan(0);
    expect(metricAt(r.metrics, 'scatter.resultsMatch')).toBe(true);
  });

  it('moves exactly the customers the placement functions say, and with jump only onto the new shard', async () => {
    const r = await run({ strategy: 'jump', reshardAtS: 5, reshardTo: 5, moveRatePerS: 20000, arrivalRate: 50 });
    expect(r.get('resharding.movedFraction')).toBe(movedFraction(jumpMap(4), jumpMap(5), customers));
    const m = await run({ strategy: 'modulo', reshardAtS: 5, reshardTo: 5, moveRatePerS: 20000, arrivalRate: 50 });
    // 1,000 is a multiple of 4 · 5: exactly 4/5 of the keys move.
    expect(m.get('resharding.movedFraction')).toBe(movedFraction(moduloMap(4), moduloMap(5), customers));
    expect(m.get('resharding.movedFraction')).toBe(0.8);
  });

  it('created_at with ranges sends every new order to the last shard; customer_id with a hash spreads them', async () => {
    const hot = await run({ shardKey: 'created_at', strategy: 'range' });
    expect(hot.get('hottestShardWriteShare')).toBe(1);
    expect(hot.get('pointReadFanout')).toBe(4);
    const even = await run({ shardKey: 'customer_id', strategy: 'hash-modulo' });
    expect(even.get('hottestShardWriteShare')).toBeLessThan(0.35);
  });

  it('a Zipf mix makes one shard hot under ranges; splitting it cools the cluster', async () => {
    const base = { keyDist: 'zipf', zipfS: 1.1, strategy: 'range', arrivalRate: 300 };
    const hot = await run(base, { durationS: 60 });
    const split = await run(base, { durationS: 60, events: [{ atS: 2, action: 'splitShard', args: { node: 'shard-0' } }] });
    expect(hot.get('hottestShardShare')).toBeGreaterThan(0.5);
    expect(split.get('shards.count')).toBe(5);
    expect(split.get('hottestShardShare')).toBeLessThan(hot.get('hottestShardShare') - 0.1);
    expect(split.get('latencyMs.p99')).toBeLessThan(hot.get('latencyMs.p99'));
  });

  it('a stopped shard: none loses money, 2PC aborts cleanly, a saga compensates and shows intermediate states', async () => {
    const events = [
      { atS: 5, action: 'stopShard', args: { node: 'shard-2' } },
      { atS: 15, action: 'startShard', args: { node: 'shard-2' } },
    ];
    const base = { crossShardTxnFraction: 0.4, pointReadFraction: 0.3, networkRttMs: 5, arrivalRate: 300 };
    const none = await run({ ...base, txnProtocol: 'none' }, { events });
    expect(none.get('crossShard.partial')).toBeGreaterThan(0);
    expect(none.get('invariants.balanceSumDrift')).toBeLessThan(0);
    const twoPc = await run({ ...base, txnProtocol: '2pc' }, { events });
    expect(twoPc.get('crossShard.aborted')).toBeGreaterThan(0);
    expect(twoPc.get('invariants.balanceSumDrift')).toBe(0);
    expect(twoPc.get('crossShard.anomalies')).toBe(0);
    const saga = await run({ ...base, txnProtocol: 'saga' }, { events });
    expect(saga.get('crossShard.compensated')).toBeGreaterThan(0);
    expect(saga.get('invariants.balanceSumDrift')).toBe(0);
    expect(saga.get('crossShard.anomalies')).toBeGreaterThan(0);
  });

  it('a coordinator crash leaves prepared transactions in doubt, holding their locks, until recovery resolves them', async () => {
    const base = { txnProtocol: '2pc', crossShardTxnFraction: 0.5, pointReadFraction: 0.2, networkRttMs: 20, arrivalRate: 400, coordinatorCrashAtS: 5, keyDist: 'zipf', zipfS: 1 };
    const stuck = await run(base, { durationS: 15 });
    expect(stuck.get('crossShard.inDoubt')).toBeGreaterThan(0);
    expect(stuck.detail.coordinator.inDoubt.length).toBeGreaterThan(0);
    expect(stuck.detail.shards.some((s) => s.prepared.some((p) => p.inDoubt))).toBe(true);
    expect(stuck.get('invariants.balanceSumDrift')).toBe(0);
    const recovered = await run(base, { durationS: 15, events: [{ atS: 10, action: 'recoverCoordinator' }] });
    expect(recovered.get('crossShard.inDoubt')).toBe(0);
    expect(recovered.get('crossShard.lockWaits')).toBeGreaterThan(0);
    expect(recovered.get('invariants.balanceSumDrift')).toBe(0);
  });

  it('an overloaded cluster refuses requests at the router instead of queueing without end', async () => {
    // One shard, scatter reports only, far past what it can serve: without the router's bound the
    // in-flight requests (and the memory they hold) would grow for as long as the run goes.
    const r = new SimulationRun(load({ shards: 1, arrivalRate: 5000, pointReadFraction: 0, writeFraction: 0, scatterFraction: 1, crossShardTxnFraction: 0 }, { durationS: 20, warmupS: 0 }), { traceLimit: 0 });
    const metrics = await r.runToEnd();
    const get = (k: string) => Number(metricAt(metrics, k));
    expect(get('requests.inFlight')).toBeLessThanOrEqual(ROUTER_MAX_IN_FLIGHT);
    expect(get('requests.inFlight')).toBeGreaterThan(ROUTER_MAX_IN_FLIGHT * 0.9);
    expect(get('requests.failed')).toBeGreaterThan(0.5 * get('requests.arrived'));
  });

  it('refuses bad input naming the parameter', () => {
    const defaults = Object.fromEntries(shardingParams.map((s) => [s.key, s.default])) as ShardingParams;
    expect(shardingLab.crossCheck!({ ...defaults, reshardAtS: 10, reshardTo: 4 })).toEqual([{ key: 'reshardTo', message: expect.stringMatching(/more than shards \(4\)/) }]);
    expect(shardingLab.crossCheck!({ ...defaults, pointReadFraction: 0.7, writeFraction: 0.3 })).toEqual([{ key: 'crossShardTxnFraction', message: expect.stringMatching(/sum to 1\.15/) }]);
    expect(shardingLab.crossCheck!(defaults)).toEqual([]);
    expect(shardingLab.needsSql!({ ...defaults, shards: 9 })).toBe(false);
    expect(shardingLab.needsSql!({ ...defaults, shards: 7 })).toBe(true);
    expect(shardingLab.needsSql!({ ...defaults, customers: 5000 })).toBe(false);
    // More shards than a tab holds as PGlite nodes: refused with real SQL (the app, the CLI without --model-only).
    expect(shardingLab.realSqlCheck!({ ...defaults, shards: 8 })).toEqual([]);
    expect(shardingLab.realSqlCheck!({ ...defaults, shards: 16 })).toEqual([{ key: 'shards', message: expect.stringMatching(/at most 8 shards .* found 16; model-only/) }]);
    expect(shardingLab.realSqlCheck!({ ...defaults, shards: 8, reshardAtS: 5, reshardTo: 12 })).toEqual([{ key: 'reshardTo', message: expect.stringMatching(/found 12/) }]);
    expect(shardingLab.realSqlCheck!({ ...defaults, customers: 5000 })).toEqual([{ key: 'customers', message: expect.stringMatching(/at most 1,000 customers with real SQL/) }]);
  });

  it('the CLI refuses more shards than real SQL can hold, naming the parameter, and runs them with --model-only', async () => {
    const refused = await cli('sharding', '--set', 'shards=16', '--duration', '2', '--warmup', '0', '--json');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--set shards: at most 8 shards/);
    const modelOnly = await cli('sharding', '--set', 'shards=16', '--duration', '2', '--warmup', '0', '--json', '--model-only');
    expect(modelOnly.code).toBe(0);
    expect((JSON.parse(modelOnly.stdout) as { shards: { count: number } }).shards.count).toBe(16);
  });

  it('runs 64 shards and 20,000 customers model-only', async () => {
    const r = await run({ shards: 64, customers: 20000, strategy: 'jump', reshardAtS: 3, reshardTo: 64 + 0, arrivalRate: 100 }, { durationS: 5 }).catch((e: Error) => e);
    expect(r).toBeInstanceOf(Error); // reshardTo must exceed shards
    const ok = await run({ shards: 63, customers: 20000, strategy: 'jump', reshardAtS: 2, reshardTo: 64, arrivalRate: 100, moveRatePerS: 100000 }, { durationS: 8 });
    expect(ok.get('shards.count')).toBe(64);
    expect(Math.abs(ok.get('resharding.movedFraction') - 1 / 64)).toBeLessThan(0.005);
  });

  it('keeps the metric tree as the CLI prints it (arrays for per-shard figures)', async () => {
    const r = await run({}, { durationS: 3 });
    const json = JSON.parse(JSON.stringify(r.metrics)) as MetricTree;
    expect(Array.isArray((json.shards as MetricTree).rows)).toBe(true);
  });
});
