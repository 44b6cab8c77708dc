import { describe, expect, it } from 'vitest';
import { parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import { metricAt } from '../../scenario/expectations';
import { SimulationRun } from '../../runner/simulationRun';
import type { MetricTree } from '../../lab/snapshot';
import { READ_MS, REPLICATION_DATASET, WRITE_MS } from '../replication/statements';

function run(lab: string, parameters: Record<string, unknown>, seed: number, durationS = 30, events: unknown[] = []): MetricTree {
  const parsed = parseScenario({ name: 't', title: 't', lab, seed, durationS, warmupS: 3, parameters, events });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const r = new SimulationRun(parsed.value as LoadedScenario, { traceLimit: 0 });
  r.advanceTo(r.durationMs);
  return r.metrics();
}

/** Every part but the pool switched off: no cache, no replicas, no batch writer, no writes, no round trip. */
const POOL_ONLY = {
  writeFraction: 0,
  networkRttMs: 0,
  'replication.replicas': 0,
  'cache.strategy': 'none',
  'batch.method': 'none',
  'query.statementsPerRead': 1,
  'query.indexes': true,
};

/** Metrics both labs have: the stack's key, and the pooling lab's. */
const SHARED_WITH_POOLING: [stack: string, pooling: string][] = [
  ...['arrived', 'completed', 'timedOut', 'failed', 'inFlight'].map((k): [string, string] => [`requests.${k}`, `requests.${k}`]),
  ...['mean', 'p50', 'p95', 'p99', 'max'].map((k): [string, string] => [`latencyMs.${k}`, `latencyMs.${k}`]),
  ...['mean', 'p50', 'p95', 'p99', 'max'].map((k): [string, string] => [`pool.borrowWaitMs.${k}`, `borrowWaitMs.${k}`]),
  ...['utilization', 'meanInUse', 'meanWaiting', 'maxWaiting', 'connectionsOpened', 'connectionsClosed', 'leaked'].map((k): [string, string] => [`pool.${k}`, `pool.${k}`]),
  ['pool.refusedConnections', 'db.refusedConnections'],
  ['utilization.primaryCpu', 'db.cpuUtilization'],
  ['throughputPerS', 'throughputPerS'],
];

/** The same settings, as each lab names them. */
function poolingCase(c: { arrivalRate: number; poolMin: number; poolMax: number; borrowTimeoutMs: number; connectMs: number; serviceMs: number; serviceDist: string; dbCores: number; leakRate: number; pooling: boolean }) {
  const pooling = { arrivalRate: c.arrivalRate, pooling: c.pooling, poolMin: c.poolMin, poolMax: c.poolMax, borrowTimeoutMs: c.borrowTimeoutMs, connectMs: c.connectMs, serviceMs: c.serviceMs, serviceDist: c.serviceDist, dbCores: c.dbCores, leakRate: c.leakRate, dbIoFraction: 0.3, dbMaxConnections: 100 };
  const stack = {
    ...POOL_ONLY,
    arrivalRate: c.arrivalRate,
    'pool.pooling': c.pooling,
    'pool.poolMin': c.poolMin,
    'pool.poolMax': c.poolMax,
    'pool.borrowTimeoutMs': c.borrowTimeoutMs,
    'pool.connectMs': c.connectMs,
    'pool.leakRate': c.leakRate,
    'query.serviceMs': c.serviceMs,
    'query.serviceDist': c.serviceDist,
    'db.cores': c.dbCores,
    'db.ioFraction': 0.3,
    'db.maxConnections': 100,
  };
  return { pooling, stack };
}

describe('the production stack is composed of the labs’ own parts', () => {
  const cases = [
    { name: 'a healthy pool', seed: 1, arrivalRate: 300, poolMin: 10, poolMax: 10, borrowTimeoutMs: 30000, connectMs: 30, serviceMs: 20, serviceDist: 'exponential', dbCores: 8, leakRate: 0, pooling: true },
    { name: 'an exhausted pool with timeouts, a long tail and CPU contention', seed: 7, arrivalRate: 900, poolMin: 2, poolMax: 16, borrowTimeoutMs: 200, connectMs: 50, serviceMs: 15, serviceDist: 'lognormal', dbCores: 4, leakRate: 0, pooling: true },
    { name: 'a leaking pool', seed: 3, arrivalRate: 200, poolMin: 5, poolMax: 20, borrowTimeoutMs: 500, connectMs: 30, serviceMs: 10, serviceDist: 'constant', dbCores: 8, leakRate: 0.002, pooling: true },
    { name: 'no pool: a connection per request', seed: 11, arrivalRate: 150, poolMin: 0, poolMax: 10, borrowTimeoutMs: 1000, connectMs: 30, serviceMs: 20, serviceDist: 'exponential', dbCores: 8, leakRate: 0, pooling: false },
  ];
  for (const c of cases) {
    it(`with only the pool on, equals the pooling lab for the same seed and settings (${c.name})`, () => {
      const { pooling, stack } = poolingCase(c);
      const p = run('pooling', pooling, c.seed);
      const s = run('production', stack, c.seed);
      expect((metricAt(s, 'requests.completed') as number) > 100).toBe(true);
      const pairs = SHARED_WITH_POOLING.map(([k, pk]) => [k, metricAt(s, k), metricAt(p, pk)]);
      expect(pairs.map(([k, v]) => [k, v])).toEqual(pairs.map(([k, , v]) => [k, v]));
    });
  }

  it('changes when a part is switched on (the equality above is not vacuous)', () => {
    const { stack } = poolingCase(cases[0]!);
    const base = run('production', stack, 1);
    const withRtt = run('production', { ...stack, networkRttMs: 1 }, 1);
    expect(metricAt(withRtt, 'latencyMs.mean')).not.toEqual(metricAt(base, 'latencyMs.mean'));
  });
});

describe('the latency breakdown', () => {
  const parts = ['poolWait', 'network', 'cache', 'dbQueue', 'dbExecution', 'replicationWait'];
  const sum = (m: MetricTree) => parts.reduce((a, k) => a + (metricAt(m, `latencyBreakdownMs.${k}`) as number), 0);
  const settings: [string, Record<string, unknown>, unknown[]][] = [
    ['the default stack', {}, []],
    ['a saturated stack with synchronous commits, waits for LSNs, timeouts and faults', { arrivalRate: 2500, 'replication.syncCommit': 'remote_apply', 'replication.readYourWrites': 'wait-for-lsn', writeFraction: 0.3 }, [{ atS: 10, action: 'stopNode', args: { node: 'replica-1' } }, { atS: 15, action: 'cacheCrash', args: { seconds: 3 } }]],
    ['no pool, batch writer, N+1', { 'pool.pooling': false, 'batch.method': 'write-behind', 'query.statementsPerRead': 5 }, []],
  ];
  for (const [name, parameters, events] of settings) {
    it(`adds up to the mean latency (${name})`, () => {
      const m = run('production', parameters, 5, 20, events);
      const mean = metricAt(m, 'latencyMs.mean') as number;
      expect(mean).toBeGreaterThan(0);
      expect(Math.abs(sum(m) - mean)).toBeLessThan(1e-9 * Math.max(1, mean));
    });
  }
});

/** Every part but the router and its replicas switched off: no pool (nor its connect time), no cache, no batch writer, no round trip. */
const ROUTER_ONLY = {
  'pool.pooling': false,
  'pool.connectMs': 0,
  'cache.strategy': 'none',
  'batch.method': 'none',
  networkRttMs: 0,
  'query.statementsPerRead': 1,
  'query.serviceDist': 'constant',
  'query.serviceMs': READ_MS,
  'query.writeServiceMs': WRITE_MS,
  'db.ioFraction': 0,
  'db.cores': 128,
  'db.maxConnections': 10000,
  keys: REPLICATION_DATASET.customers,
};

describe('the production stack with only its router and replicas on', () => {
  const cases = [
    { seed: 1, arrivalRate: 200, writeFraction: 0.2, replicas: 2, delay: 100, dist: 'exponential', ryw: 'none', readAfterWriteMs: 50 },
    { seed: 4, arrivalRate: 100, writeFraction: 0.5, replicas: 3, delay: 300, dist: 'constant', ryw: 'none', readAfterWriteMs: 200 },
    { seed: 9, arrivalRate: 150, writeFraction: 0.2, replicas: 2, delay: 100, dist: 'exponential', ryw: 'primary-window', readAfterWriteMs: 50 },
    { seed: 2, arrivalRate: 200, writeFraction: 0.3, replicas: 2, delay: 200, dist: 'lognormal', ryw: 'none', readAfterWriteMs: 20, events: [{ atS: 20, action: 'stopNode', args: { node: 'replica-2' } }, { atS: 30, action: 'stopNode', args: { node: 'primary' } }] },
  ];
  for (const c of cases as (typeof cases[number] & { events?: unknown[] })[]) {
    it(`equals the replication lab for the same seed and settings: stale reads, lag, requests, failovers (seed ${c.seed}, ${c.replicas} replicas, ${c.dist} ${c.delay} ms, read-your-writes ${c.ryw})`, () => {
      const replication = run('replication', { arrivalRate: c.arrivalRate, writeFraction: c.writeFraction, replicas: c.replicas, replicationDelayMs: c.delay, replicationDelayDist: c.dist, readYourWrites: c.ryw, readAfterWriteMs: c.readAfterWriteMs }, c.seed, 30, c.events);
      const stack = run(
        'production',
        { ...ROUTER_ONLY, arrivalRate: c.arrivalRate, writeFraction: c.writeFraction, 'replication.replicas': c.replicas, 'replication.replicationDelayMs': c.delay, 'replication.replicationDelayDist': c.dist, 'replication.readYourWrites': c.ryw, 'replication.readAfterWriteMs': c.readAfterWriteMs },
        c.seed,
        30,
        c.events,
      );
      const pairs: [string, string][] = [
        ['replication.staleReadFraction', 'staleReadFraction'],
        ['replication.ownReadStaleFraction', 'ownReadStaleFraction'],
        ['replication.lagMs.p50', 'lagMs.p50'],
        ['replication.lagMs.p95', 'lagMs.p95'],
        ['replication.lagMs.max', 'lagMs.max'],
        ['requests.arrived', 'requests.arrived'],
        ['requests.completed', 'requests.completed'],
        ['requests.failed', 'requests.failed'],
        ['replication.failover.count', 'failover.count'],
        ['replication.failover.lostCommits', 'failover.lostCommits'],
        ['replication.reads', 'reads.total'],
        ['replication.writesCommitted', 'writes.committed'],
      ];
      expect(metricAt(stack, 'requests.completed') as number).toBeGreaterThan(500);
      expect(pairs.map(([k]) => [k, metricAt(stack, k)])).toEqual(pairs.map(([k, rk]) => [k, metricAt(replication, rk)]));
    });
  }
});
