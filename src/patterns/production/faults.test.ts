import { describe, expect, it } from 'vitest';
import { parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import { metricAt } from '../../scenario/expectations';
import { SimulationRun } from '../../runner/simulationRun';

function run(parameters: Record<string, unknown>, events: unknown[], durationS = 20) {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'production', seed: 3, durationS, warmupS: 2, parameters, events });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const r = new SimulationRun(parsed.value as LoadedScenario, { traceLimit: 0 });
  r.advanceTo(r.durationMs);
  const m = r.metrics();
  return { n: (k: string) => metricAt(m, k) as number, detail: r.snapshot().detail as { faults: { t: number; what: string }[] } };
}

describe('production stack faults', () => {
  it('a manual failover promotes a replica; a stopped replica restarts and catches up; a flush empties the cache', () => {
    const { n, detail } = run({ arrivalRate: 200 }, [
      { atS: 5, action: 'stopNode', args: { node: 'replica-2' } },
      { atS: 8, action: 'restartNode', args: { node: 'replica-2' } },
      { atS: 10, action: 'cacheFlush' },
      { atS: 12, action: 'failover' },
    ]);
    expect(n('replication.failover.count')).toBe(1);
    const what = detail.faults.map((f) => f.what).join('\n');
    expect(what).toMatch(/replica-2 stopped/);
    expect(what).toMatch(/replica-2 restarted/);
    expect(what).toMatch(/cache flushed: \d+ entries dropped/);
    expect(what).toMatch(/manual failover: replica-1 promoted/);
  });

  it('the batch writer acknowledges writes at once and commits them in batches; a cache crash loses the queue', () => {
    const { n } = run({ arrivalRate: 300, writeFraction: 0.5, 'batch.method': 'write-behind', 'batch.flushIntervalMs': 500 }, [{ atS: 10.2, action: 'cacheCrash', args: { seconds: 1 } }]);
    expect(n('batch.batches')).toBeGreaterThan(20);
    expect(n('batch.flushed')).toBeGreaterThan(n('batch.batches') * 10);
    expect(n('batch.lostWrites')).toBeGreaterThan(0);
    expect(n('latencyBreakdownMs.replicationWait')).toBe(0);
  });

  it('switching every part off leaves a primary alone: no cache hop, no replica, no stale read', () => {
    const { n } = run({ 'replication.replicas': 0, 'cache.strategy': 'none', 'pool.pooling': false, arrivalRate: 50 }, []);
    expect(n('latencyBreakdownMs.cache')).toBe(0);
    expect(n('latencyBreakdownMs.poolWait')).toBeGreaterThan(25); // a connection opened per request (30 ms)
    expect(n('replication.replicas')).toBe(0);
    expect(n('replication.staleReadFraction')).toBe(0);
    expect(n('utilization.replicaCpu')).toBe(0);
  });
});
