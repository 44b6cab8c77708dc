import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import { SimulationRun } from '../../runner/simulationRun';
import { bootLabSql, type LabSql } from '../../db/labSql';
import type { MetricTree } from '../../lab/snapshot';
import { cachingSystemOf, type CachingSystem } from './model';
import { bootFromDataImage } from '../../db/imageNode';
import { cacheCostsOn } from './measureCacheCosts';
import { CACHING_DATASET, COSTS, writeIdOfName } from './statements';
import { cachingLab } from './lab';

/**
 * The caching lab on a real PGlite primary (src/cluster, in this process): every write really
 * updates the customer's row, a sample of loads really runs, and the rows in the database are
 * exactly the writes the model says were committed: after a write-behind crash, the flushed ones
 * and none of the lost ones. One node is booted for the file and reset (LSN 0) before each run.
 */
function load(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): LoadedScenario {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'caching', durationS: 12, warmupS: 1, parameters, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

let sql: LabSql;
beforeAll(async () => {
  sql = (await bootLabSql(cachingLab, load({}).params))!;
}, 180_000);
afterAll(async () => {
  await sql?.close();
});

/** Each customer's row as PGlite holds it: the write its name carries (0: never written). */
async function writesInDatabase(): Promise<Map<number, number>> {
  const { rows } = await sql.node.query('select id, name from customers order by id');
  return new Map(rows.map((r) => [r.id as number, writeIdOfName(r.name)!]));
}

/** Each key's committed write as the model counts it. */
function writesInModel(system: CachingSystem): Map<number, number> {
  return new Map(Array.from({ length: 1000 }, (_, i) => [i + 1, system.book.committedWriteId[i + 1]!]));
}

const crash = [
  { atS: 7.5, action: 'crashCache' },
  { atS: 8.5, action: 'restartCache' },
];
const strip = (m: MetricTree) => ({ ...m, sql: null });

describe('caching lab on a real PGlite primary', () => {
  it('write-behind crash: the rows equal exactly the flushed writes, none of the lost ones; model-only gives the same metrics', async () => {
    await sql.cluster.reset(0);
    const scenario = () => load({ strategy: 'write-behind', readFraction: 0.6, arrivalRate: 100, flushIntervalMs: 2000, zipfS: 1.1 }, { seed: 4, events: crash });
    const run = new SimulationRun(scenario(), { sql });
    const real = await run.runToEnd();
    expect(strip(real)).toEqual(strip(await new SimulationRun(scenario()).runToEnd()));
    const system = cachingSystemOf(run.model)!;
    expect(system.lostWrites.length).toBeGreaterThan(50);
    const database = await writesInDatabase();
    expect(database).toEqual(writesInModel(system));
    const stored = new Set(database.values());
    for (const lost of system.lostWrites) expect(stored.has(lost.writeId)).toBe(false);
    // Every write was either flushed (its key's row holds it or a later write) or lost.
    expect((real.writeBehind as MetricTree).lostOnCrash).toBeGreaterThan(0);
  }, 180_000);

  it('write-through loses none: every acknowledged write is in the database', async () => {
    await sql.cluster.reset(0);
    const run = new SimulationRun(load({ strategy: 'write-through', readFraction: 0.6, arrivalRate: 100 }, { seed: 5, events: crash }), { sql });
    await run.runToEnd();
    const system = cachingSystemOf(run.model)!;
    expect(system.lostWrites).toEqual([]);
    expect(await writesInDatabase()).toEqual(writesInModel(system));
  }, 180_000);

  it('a load run for real returns the row version the model says it read', async () => {
    await sql.cluster.reset(0);
    const run = new SimulationRun(load({ strategy: 'cache-aside', readFraction: 0.7, arrivalRate: 200, zipfS: 1.2, capacity: 50 }, { seed: 6, durationS: 6 }), { sql });
    await run.advanceToAsync(5000);
    const system = cachingSystemOf(run.model)!;
    let checked = 0;
    for (let id = 1; id < 1200; id++) {
      const r = system.request(id);
      if (r?.load === undefined || r.executed !== 'real') continue;
      expect(r.rows).toHaveLength(1);
      expect(writeIdOfName(r.rows![0]!.name)).toBe(r.load.writeId);
      checked++;
    }
    expect(checked).toBeGreaterThan(3); // the last 300 requests are remembered: about 1.5 s, 5 real loads a second
    expect(sql.statementsRun).toBeGreaterThan(checked);
  }, 180_000);

  it('stored statement costs equal the cost model of the real plans (run measureCacheCosts.ts to refresh them)', async () => {
    // On a node booted from the lab's data image, as the app's are (a second, not initdb + load).
    const node = await bootFromDataImage(CACHING_DATASET);
    expect(await cacheCostsOn(node).finally(() => node.close())).toEqual(COSTS);
  }, 180_000);
});
