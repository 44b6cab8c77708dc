import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import { SimulationRun } from '../../runner/simulationRun';
import { bootLabSql, type LabSql } from '../../db/labSql';
import { primaryWithReplicas } from '../../cluster/nodeList';
import type { MetricTree } from '../../lab/snapshot';
import { replicationDetail } from './detail';
import { READ_SQL, writeIdOfName } from './statements';
import { replicationLab } from './lab';

/**
 * The replication lab on the real PGlite cluster (src/cluster): stale reads really return the old
 * row, replicas hold the primary's data once the lag drains, and what a failover loses is really
 * missing from the new primary. One cluster is booted for the file and reset (LSN 0) per test.
 */
function load(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): LoadedScenario {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'replication', durationS: 8, warmupS: 1, parameters, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

let sql: LabSql;
beforeAll(async () => {
  sql = (await bootLabSql(replicationLab, { ...load({}).params, replicas: 2 }))!;
}, 180_000);
afterAll(async () => {
  await sql?.close();
});

describe('replication lab on real PGlite nodes', () => {
  it('gives the same metrics as model-only, and a read the model calls stale returns the old row from that replica', async () => {
    await sql.cluster.reset(primaryWithReplicas(2));
    const scenario = () => load({ arrivalRate: 40, writeFraction: 0.3, replicationDelayMs: 200, readAfterWriteMs: 20 }, { seed: 2 });
    const run = new SimulationRun(scenario(), { sql });
    const real = await run.runToEnd();
    const modelOnly = await new SimulationRun(scenario()).runToEnd();
    const strip = (m: MetricTree) => ({ ...m, sql: null });
    expect(strip(real)).toEqual(strip(modelOnly));
    const detail = replicationDetail(run.snapshot().detail)!;
    const stale = detail.staleReads.filter((s) => s.executed === 'real');
    expect(stale.length).toBeGreaterThan(3);
    for (const s of stale) {
      const story = run.model.inspect!(s.id)!;
      const [replicaRow, primaryRow] = story.rows!;
      expect(replicaRow!.node).toBe(s.node);
      expect(writeIdOfName(replicaRow!.name)).toBe(s.sawWriteId);
      expect(writeIdOfName(primaryRow!.name)!).toBeGreaterThanOrEqual(s.primaryWriteId);
    }
  }, 180_000);

  it('replica checksums equal the primary’s once the lag drains (after a cut link healed)', async () => {
    await sql.cluster.reset(primaryWithReplicas(2));
    const events = [
      { atS: 1, action: 'cutLink', args: { node: 'replica-2' } },
      { atS: 4, action: 'healLink', args: { node: 'replica-2' } },
      { atS: 5, set: { arrivalRate: 0.01 } },
    ];
    const run = new SimulationRun(load({ arrivalRate: 60, writeFraction: 0.5, applyRatePerS: 200 }, { seed: 8, durationS: 12, events }), { sql });
    await run.runToEnd();
    const detail = replicationDetail(run.snapshot().detail)!;
    const primary = await sql.cluster.checksums('primary');
    for (const n of detail.nodes.filter((x) => x.role === 'replica')) {
      expect(n.lagChanges).toBe(0);
      expect(n.applied).toBe(detail.lsn);
      await sql.applyChanges(n.id, n.applied);
      expect(await sql.cluster.checksums(n.id)).toEqual(primary);
    }
  }, 180_000);

  it('commits the model lists as lost are on the fenced old primary and missing from the promoted one', async () => {
    await sql.cluster.reset(primaryWithReplicas(2));
    const run = new SimulationRun(
      load({ arrivalRate: 150, writeFraction: 0.5, syncCommit: 'local', replicationDelayMs: 300, healthCheckMs: 200, healthCheckFailures: 2 }, { seed: 12, events: [{ atS: 4, action: 'stopNode', args: { node: 'primary' } }] }),
      { sql },
    );
    await run.runToEnd();
    const detail = replicationDetail(run.snapshot().detail)!;
    expect(detail.lostCommitsTotal).toBeGreaterThan(5);
    let checked = 0;
    for (const c of detail.lostCommits) {
      const old = (await sql.cluster.query(READ_SQL, [c.customerId], 'primary')).rows[0]!;
      const now = (await sql.cluster.query(READ_SQL, [c.customerId], detail.primary)).rows[0]!;
      expect(writeIdOfName(now.name)).not.toBe(c.writeId);
      if (writeIdOfName(old.name) === c.writeId) checked++;
    }
    expect(checked).toBeGreaterThan(0);
  }, 180_000);
});
