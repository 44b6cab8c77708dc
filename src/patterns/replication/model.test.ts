import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import { metricAt } from '../../scenario/expectations';
import { SimulationRun } from '../../runner/simulationRun';
import type { MetricTree } from '../../lab/snapshot';
import { replicationDetail } from './detail';
import { REPLICATION_DATASET, writeIdOfName } from './statements';
import { FakeCluster } from './testing/fakeCluster';

function load(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): LoadedScenario {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'replication', durationS: 20, warmupS: 2, parameters, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

const num = (m: MetricTree, k: string) => metricAt(m, k) as number;

const FAULTS = [
  { action: 'stopNode', args: { node: 'replica-1' } },
  { action: 'restartNode', args: { node: 'replica-1' } },
  { action: 'stopNode', args: { node: 'primary' } },
  { action: 'restartNode', args: { node: 'primary' } },
  { action: 'cutLink', args: { node: 'replica-2' } },
  { action: 'healLink', args: { node: 'replica-2' } },
  { action: 'failover', args: {} },
  { action: 'burst', args: { writes: 200, reads: 100 } },
  { action: 'analyticsQuery', args: { node: 'replica-2', seconds: 2 } },
];

describe('replication lab model', () => {
  it('conserves requests (arrived = completed + failed + in flight) and changes (shipped = applied + in flight + discarded) under faults (fast-check seed 271828)', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 1_000_000 }),
          arrivalRate: fc.double({ min: 5, max: 400, noNaN: true }),
          writeFraction: fc.double({ min: 0, max: 1, noNaN: true }),
          readAfterWriteMs: fc.constantFrom(0, 10, 100, 1000),
          routerPolicy: fc.constantFrom('round-robin', 'random', 'least-connections', 'lowest-lag'),
          readYourWrites: fc.constantFrom('none', 'primary-window', 'wait-for-lsn'),
          syncCommit: fc.constantFrom('off', 'local', 'remote_write', 'on', 'remote_apply'),
          replicationDelayMs: fc.double({ min: 0, max: 500, noNaN: true }),
          replicationDelayDist: fc.constantFrom('constant', 'exponential', 'lognormal'),
          applyRatePerS: fc.constantFrom(0, 0, 50, 500),
          healthCheckMs: fc.constantFrom(100, 500, 2000),
          autoFailover: fc.boolean(),
          faults: fc.array(fc.record({ atS: fc.double({ min: 0.5, max: 7.5, noNaN: true }), fault: fc.constantFrom(...FAULTS) }), { maxLength: 6 }),
          endS: fc.double({ min: 3, max: 8, noNaN: true }),
        }),
        ({ seed, faults, endS, ...p }) => {
          const events = faults.map((f) => ({ atS: f.atS, action: f.fault.action, args: f.fault.args }));
          const run = new SimulationRun(load({ ...p, replicas: 2 }, { seed, durationS: 8, warmupS: 1, events }), { traceLimit: 0 });
          run.advanceTo(endS * 1000);
          const m = run.metrics();
          expect(num(m, 'requests.arrived')).toBe(num(m, 'requests.completed') + num(m, 'requests.failed') + num(m, 'requests.inFlight'));
          expect(num(m, 'changes.shipped')).toBe(num(m, 'changes.applied') + num(m, 'changes.inFlight') + num(m, 'changes.discarded'));
          expect(num(m, 'reads.stale')).toBeLessThanOrEqual(num(m, 'reads.total'));
          expect(num(m, 'ownReads.stale')).toBeLessThanOrEqual(num(m, 'ownReads.total'));
          run.snapshot(); // the view can always be drawn
        },
      ),
      { seed: 271828, numRuns: 60 },
    );
  });

  it('gives the same metrics for the same seed', async () => {
    const scenario = () => load({ syncCommit: 'off' }, { seed: 9, events: [{ atS: 5, action: 'stopNode', args: { node: 'primary' } }] });
    expect(await new SimulationRun(scenario()).runToEnd()).toEqual(await new SimulationRun(scenario()).runToEnd());
  });

  it('gives identical metrics with real SQL (a recording cluster) and model-only, and every write reaches the cluster in LSN order', async () => {
    const events = [
      { atS: 3, action: 'cutLink', args: { node: 'replica-2' } },
      { atS: 6, action: 'healLink', args: { node: 'replica-2' } },
      { atS: 8, action: 'stopNode', args: { node: 'primary' } },
    ];
    const scenario = () => load({ arrivalRate: 60, writeFraction: 0.4, healthCheckMs: 500 }, { seed: 4, durationS: 14, events });
    const modelOnly = await new SimulationRun(scenario()).runToEnd();
    const cluster = new FakeCluster(2, REPLICATION_DATASET.customers);
    const withSql = await new SimulationRun(scenario(), { sql: cluster }).runToEnd();
    const { sql: sqlA, ...a } = modelOnly;
    const { sql: sqlB, ...b } = withSql;
    expect(b).toEqual(a);
    expect((sqlA as MetricTree).statementsRun).toBe(0);
    expect((sqlB as MetricTree).statementsRun).toBeGreaterThan(300);
    expect(cluster.promotions).toHaveLength(1);
  });

  it('lists lost commits exactly: the acknowledged writes the promoted replica had not received, under async replication', async () => {
    const cluster = new FakeCluster(2, REPLICATION_DATASET.customers);
    const run = new SimulationRun(
      load({ arrivalRate: 200, writeFraction: 0.5, syncCommit: 'local', replicationDelayMs: 300, healthCheckMs: 200, healthCheckFailures: 2 }, { seed: 12, durationS: 12, events: [{ atS: 6, action: 'stopNode', args: { node: 'primary' } }] }),
      { sql: cluster },
    );
    await run.runToEnd();
    const detail = replicationDetail(run.snapshot().detail)!;
    const lost = detail.lostCommits;
    expect(lost.length).toBeGreaterThan(20);
    expect(num(run.metrics(), 'failover.lostCommits')).toBe(lost.length);
    // The cluster's own capture order (not the model's) says which changes the promoted node lacked.
    const [promotion] = cluster.promotions;
    expect(promotion!.node).toBe(detail.primary);
    const unapplied = new Map(promotion!.unapplied.map((c) => [c.lsn, writeIdOfName(c.name)]));
    for (const c of lost) expect(unapplied.get(c.lsn)).toBe(c.writeId);
    // Anything else it lacked was never acknowledged: those writes failed (at most one per write).
    const failedWrites = num(run.metrics(), 'writes.failed');
    expect(unapplied.size - lost.length).toBeGreaterThanOrEqual(0);
    expect(unapplied.size - lost.length).toBeLessThanOrEqual(failedWrites);
    // And the new primary really holds the older row for every lost write's customer (unless a later write replaced it).
    const newPrimaryRows = cluster.dump(promotion!.node);
    for (const c of lost) expect(newPrimaryRows).not.toContain(`write #${c.writeId}\n`);
  });

  it.each(['on', 'remote_apply'])('with synchronous_commit = %s a failover loses no acknowledged commit', async (level) => {
    const cluster = new FakeCluster(2, REPLICATION_DATASET.customers);
    const run = new SimulationRun(
      load({ arrivalRate: 200, writeFraction: 0.5, syncCommit: level, replicationDelayMs: 300, healthCheckMs: 200, healthCheckFailures: 2 }, { seed: 12, durationS: 12, events: [{ atS: 6, action: 'stopNode', args: { node: 'primary' } }] }),
      { sql: cluster },
    );
    const m = await run.runToEnd();
    expect(num(m, 'failover.count')).toBe(1);
    expect(num(m, 'failover.lostCommits')).toBe(0);
    expect(num(m, 'writes.failed')).toBeGreaterThan(0); // those waiting for the standby at the crash: never acknowledged
  });

  it('a read the model calls stale really returns the old row from its replica, next to the primary’s newer row', async () => {
    const cluster = new FakeCluster(2, REPLICATION_DATASET.customers);
    const run = new SimulationRun(load({ arrivalRate: 40, writeFraction: 0.3, replicationDelayMs: 200, readAfterWriteMs: 20 }, { seed: 2, durationS: 10 }), { sql: cluster });
    await run.runToEnd();
    const detail = replicationDetail(run.snapshot().detail)!;
    const real = detail.staleReads.filter((s) => s.executed === 'real');
    expect(real.length).toBeGreaterThan(5);
    for (const s of real) {
      const story = run.model.inspect!(s.id)!;
      expect(story.outcome).toMatch(/^STALE/);
      const [replicaRow, primaryRow] = story.rows!;
      expect(replicaRow!.node).toBe(s.node);
      expect(writeIdOfName(replicaRow!.name)).toBe(s.sawWriteId);
      // The primary's real row is at least as new as the version the model says it had committed.
      expect(writeIdOfName(primaryRow!.name)!).toBeGreaterThanOrEqual(s.primaryWriteId);
      expect(s.primaryWriteId).toBeGreaterThan(s.sawWriteId);
    }
  });

  it('replicas hold exactly the primary’s rows once the lag drains', async () => {
    const cluster = new FakeCluster(3, REPLICATION_DATASET.customers);
    const events = [
      { atS: 2, action: 'cutLink', args: { node: 'replica-3' } },
      { atS: 6, action: 'healLink', args: { node: 'replica-3' } },
      { atS: 7, set: { arrivalRate: 0.01 } },
    ];
    const run = new SimulationRun(load({ replicas: 3, arrivalRate: 80, writeFraction: 0.5, applyRatePerS: 100 }, { seed: 8, durationS: 20, events }), { sql: cluster });
    await run.runToEnd();
    const detail = replicationDetail(run.snapshot().detail)!;
    for (const n of detail.nodes.filter((x) => x.role === 'replica')) {
      expect(n.lagChanges).toBe(0);
      expect(await cluster.applyChanges(n.id, n.applied)).toBe(cluster.lsn);
      expect(cluster.dump(n.id)).toBe(cluster.dump('primary'));
    }
  });

  it('routes around a stopped replica once the health checks mark it down; reads before that fail and are counted', () => {
    const run = new SimulationRun(load({ arrivalRate: 200, healthCheckMs: 500, healthCheckFailures: 3 }, { seed: 3, durationS: 10, events: [{ atS: 4, action: 'stopNode', args: { node: 'replica-1' } }] }));
    run.advanceTo(10000);
    const m = run.metrics();
    // Detection takes 1–1.5 s (3 checks 500 ms apart); round-robin sends it half the reads meanwhile.
    expect(num(m, 'reads.failed')).toBeGreaterThan(70);
    expect(num(m, 'reads.failed')).toBeLessThan(200);
    expect(num(m, 'load.replica-1.failedReads')).toBe(num(m, 'reads.failed'));
  });

  it('refuses bad action arguments with a message naming them', () => {
    const run = new SimulationRun(load({}));
    expect(() => run.model.action!('stopNode', { node: 'replica-9' })).toThrow('stopNode: expected "node" to be one of "primary", "replica-1", "replica-2", found "replica-9"');
    expect(() => run.model.action!('burst', { writes: -1 })).toThrow('burst: expected "writes" to be a whole number from 0 to 100000, found -1');
    expect(() => run.model.action!('explode', {})).toThrow('unknown action "explode"');
  });
});
