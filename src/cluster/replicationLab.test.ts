import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootLabSql, type LabSql } from '../db/labSql';
import { findLab } from '../labs';
import { parseScenario, type LoadedScenario } from '../scenario/parseScenario';
import { SimulationRun } from '../runner/simulationRun';
import type { SqlBackend } from '../lab/labDefinition';

// The replication lab's model counts LSNs itself (each of its writes changes one row). Here it
// runs on a real PGlite cluster: every LSN it asks a replica to reach must be exactly the LSN the
// real changelog gave that write, through a cut link and a failover, and once shipping stops
// every replica's checksums equal the primary's.
const lab = findLab('replication')!;

function load(events: unknown[]): LoadedScenario {
  const parsed = parseScenario({
    name: 't',
    title: 't',
    lab: 'replication',
    seed: 3,
    durationS: 10,
    warmupS: 0,
    parameters: { replicas: 2, arrivalRate: 40, writeFraction: 0.4, replicationDelayMs: 50, syncCommit: 'off' },
    events,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

let sql: LabSql;
beforeAll(async () => {
  sql = (await bootLabSql(lab, load([]).params))!;
}, 300_000);
afterAll(async () => {
  await sql?.close();
});

describe('the replication lab on a real PGlite cluster', () => {
  it("counts LSNs as the real changelog does, through a cut link and a failover; replicas converge after draining", async () => {
    const events = [
      { atS: 2, action: 'cutLink', args: { node: 'replica-2' } },
      { atS: 4, action: 'healLink', args: { node: 'replica-2' } },
      { atS: 6, action: 'failover', args: {} },
    ];
    const asked: { node: string; upTo: number; got: number }[] = [];
    const recording: SqlBackend = {
      get statementsRun() {
        return sql.statementsRun;
      },
      query: (text, params, node) => sql.query(text, params, node),
      applyChanges: async (node, upTo) => {
        const got = await sql.applyChanges(node, upTo);
        asked.push({ node, upTo, got });
        return got;
      },
      promote: (node) => sql.promote(node),
    };
    const real = await new SimulationRun(load(events), { sql: recording, traceLimit: 0 }).runToEnd();
    const modelOnly = await new SimulationRun(load(events), { traceLimit: 0 }).runToEnd();
    const { sql: _a, ...realRest } = real;
    const { sql: _b, ...modelRest } = modelOnly;
    expect(realRest).toEqual(modelRest);

    expect(asked.length).toBeGreaterThan(20);
    // Every change the model shipped existed in the real changelog under the LSN the model gave it.
    expect(asked.filter((a) => a.got !== a.upTo)).toEqual([]);
    const cluster = sql.cluster;
    expect(cluster.primary).not.toBe('primary');
    const last = await cluster.appliedLsn(cluster.primary);
    expect(last).toBeGreaterThan(0);
    for (const s of cluster.statuses()) {
      if (s.role === 'replica') expect(await cluster.applyChanges(s.id, last)).toBe(last);
    }
    const sums = await cluster.checksums(cluster.primary);
    for (const s of cluster.statuses()) if (s.role === 'replica') expect(await cluster.checksums(s.id)).toEqual(sums);
  }, 300_000);
});
