import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import { SimulationRun } from '../../runner/simulationRun';
import { bootLabSql, type LabSql } from '../../db/labSql';
import type { MetricTree } from '../../lab/snapshot';
import { batchCosts } from './batchCosts';
import { batchLab } from './lab';
import { loadSettingsOf } from './loadPlan';
import { summarizeLoad } from './loadPlan';
import { COUNT_LOADED_SQL } from './loadTable';
import { METHOD_IDS, OPERATION_IDS, type MethodId } from './methods';
import type { BatchParams } from './params';

function load(parameters: Record<string, unknown>, durationS = 60): LoadedScenario {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'batch', durationS, warmupS: 0, parameters });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

async function run(parameters: Record<string, unknown>, sql: LabSql | null = null, durationS = 60): Promise<MetricTree> {
  return new SimulationRun(load(parameters, durationS), { sql, traceLimit: 0 }).runToEnd();
}

const n = (m: MetricTree, key: string) => m[key] as number;

describe('batch lab model, without SQL', () => {
  it('takes round trips × RTT + commits × commit time + the statements\' costs, exactly, with one writer (fast-check seed 2024)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHOD_IDS),
        fc.constantFrom(...OPERATION_IDS),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.integer({ min: 0, max: 3000 }),
        async (method, operation, rows, size, networkRttMs, commitMs, bad) => {
          const p = { method, operation, rows, batchSize: Math.min(size, rows), networkRttMs, commitMs, badRowAt: bad % (rows + 1), customers: 3000 };
          const m = await run(p, null, 600);
          const plan = summarizeLoad(loadSettingsOf({ ...p, concurrency: 1 } as BatchParams), batchCosts, networkRttMs, commitMs);
          const formula = n(m, 'roundTrips') * networkRttMs + n(m, 'commits') * commitMs + plan.statementMs;
          expect(n(m, 'totalMs')).toBeCloseTo(formula, 6);
          expect(n(m, 'totalMs')).toBeCloseTo(plan.totalMs, 6);
          const share = m.timeShare as MetricTree;
          if (n(m, 'totalMs') > 0) expect(n(share, 'network')).toBeCloseTo((n(m, 'roundTrips') * networkRttMs) / n(m, 'totalMs'), 9);
          expect(m.rowsInserted).toBe(m.rowsExpected);
        },
      ),
      { seed: 2024, numRuns: 40 },
    );
  }, 120_000);

  it("reproduces the shape of the seed's table: 1,000 rows at 10 ms, row by row ≈ 10 s, batches of 50 ≈ 0.2 s, one multi-row statement tens of ms", async () => {
    const rowByRow = n(await run({ method: 'row-by-row' }), 'totalMs');
    const batches = n(await run({ method: 'batched', batchSize: 50 }), 'totalMs');
    const multiRow = n(await run({ method: 'multi-row', batchSize: 1000 }), 'totalMs');
    // The seed: 10 s, 200 ms, 50 ms. The same order, the same orders of magnitude.
    expect(rowByRow).toBeGreaterThan(9_000);
    expect(rowByRow).toBeLessThan(13_000);
    expect(batches).toBeGreaterThan(150);
    expect(batches).toBeLessThan(400);
    expect(multiRow).toBeGreaterThan(10);
    expect(multiRow).toBeLessThan(100);
    expect(rowByRow / batches).toBeGreaterThan(20);
    expect(batches / multiRow).toBeGreaterThan(3);
  });

  it('executemany is a loop: exactly as slow as one statement per row in one transaction', async () => {
    const many = await run({ method: 'executemany' });
    const one = await run({ method: 'one-transaction' });
    expect(many).toEqual(one);
    expect(n(many, 'totalMs')).toBeGreaterThan(10_000);
  });

  it('a batch-size sweep shows the knee: past a few hundred rows per batch the gain flattens', async () => {
    const sweep = batchLab.sweep!;
    const base = { ...load({ method: 'multi-row', rows: 10_000 }).params } as BatchParams;
    const times = new Map<number, number>();
    for (const value of sweep.values) times.set(value, n(await run(sweep.pointParams!(base, value)), 'totalMs'));
    const best = Math.min(...times.values());
    // From 10 to 100 rows a statement: almost ten times faster. From 1,000 on: within 1.5× of the best.
    expect(times.get(10)! / times.get(100)!).toBeGreaterThan(7);
    expect(times.get(10)!).toBeGreaterThan(10 * best);
    expect(times.get(1000)!).toBeLessThan(1.5 * best);
    expect(times.get(100)!).toBeGreaterThan(3 * best);
    expect(sweep.unavailable!({ ...base, method: 'copy' })).toMatch(/batch size means nothing/);
    expect(sweep.unavailable!(base)).toBeNull();
  }, 60_000);

  it('parallel writers share commits (group commit) and the CPU: row by row gets faster, never faster than one multi-row writer', async () => {
    const one = await run({ method: 'row-by-row', rows: 4000 }, null, 120);
    const sixteen = await run({ method: 'row-by-row', rows: 4000, concurrency: 16 }, null, 120);
    const multi = await run({ method: 'multi-row', rows: 4000, batchSize: 1000 }, null, 120);
    expect(n(sixteen, 'totalMs')).toBeLessThan(n(one, 'totalMs') / 10);
    expect(n(sixteen, 'commits')).toBe(4000);
    expect(n(multi, 'totalMs')).toBeLessThan(n(sixteen, 'totalMs'));
    expect(sixteen.rowsInserted).toBe(4000);
  }, 60_000);

  it('reports an unfinished load as it stands when the run ends', async () => {
    const m = await run({ method: 'row-by-row', rows: 10_000 }, null, 20);
    expect(n(m, 'totalMs')).toBe(20_000);
    expect(n(m, 'rowsInserted')).toBeLessThan(n(m, 'rowsExpected'));
  });
});

describe('batch lab with SQL on a PGlite primary', () => {
  let sql: LabSql;
  beforeAll(async () => {
    sql = (await bootLabSql(batchLab, {}))!;
  }, 180_000);
  afterAll(async () => {
    await sql?.close();
  });

  it('gives the same metrics as a model-only run (resultsMatch aside), the rows counted in PGlite', async () => {
    const cases: Record<string, unknown>[] = [
      { method: 'row-by-row', rows: 300 },
      { method: 'batched', rows: 1000, batchSize: 64, badRowAt: 700, concurrency: 3 },
      { method: 'unnest', operation: 'upsert', rows: 1000, batchSize: 300, customers: 700 },
      { method: 'copy', operation: 'update', rows: 900, customers: 2000 },
      { method: 'multi-row', operation: 'update', rows: 900, batchSize: 100, badRowAt: 450, customers: 2000 },
    ];
    for (const p of cases) {
      const modelOnly = await run(p);
      const real = await run(p, sql);
      expect(real.resultsMatch, JSON.stringify(p)).toBe(true);
      expect(modelOnly.resultsMatch).toBeUndefined();
      const { resultsMatch: _match, ...rest } = real;
      expect(rest, JSON.stringify(p)).toEqual(modelOnly);
    }
  }, 300_000);

  /**
   * What a bad row at 500 of 1,000 leaves in the table, per method, counted with SQL in PGlite
   * after a real run: never computed.
   */
  describe('a bad row in the middle', () => {
    async function leftBehind(method: MethodId, batchSize: number, operation = 'insert'): Promise<{ counted: number; rowsInserted: number; rowsRolledBack: number; resultsMatch: unknown }> {
      const m = await run({ method, batchSize, operation, rows: 1000, badRowAt: 500, customers: 1000 }, sql);
      const { rows } = await sql.query(COUNT_LOADED_SQL);
      return { counted: Number(rows[0]!.loaded_rows), rowsInserted: m.rowsInserted as number, rowsRolledBack: m.rowsRolledBack as number, resultsMatch: m.resultsMatch };
    }

    const expected: [MethodId, number, number][] = [
      ['row-by-row', 50, 499], // the rows before it, each committed on its own
      ['one-transaction', 50, 0], // one transaction: rolled back whole
      ['executemany', 50, 0], // a loop inside one transaction: the same
      ['multi-row', 1000, 0], // one statement: all or nothing
      ['unnest', 1000, 0],
      ['copy', 50, 0], // one COPY: all or nothing
      ['batched', 50, 450], // batches 1–9 committed; batch 10 (rows 451–500) rolled back
      ['multi-row', 100, 400], // statements 1–4 committed; the fifth (rows 401–500) fails whole
    ];
    for (const [method, batchSize, kept] of expected) {
      it(`${method}${batchSize !== 50 ? ` (${batchSize} rows a statement)` : ''} keeps ${kept} rows`, async () => {
        const r = await leftBehind(method, batchSize);
        expect(r.counted).toBe(kept);
        expect(r.rowsInserted).toBe(kept);
        expect(r.resultsMatch).toBe(true);
      }, 120_000);
    }

    it('an upsert or an update is refused the same way (NOT NULL holds even for a row that conflicts)', async () => {
      expect((await leftBehind('batched', 50, 'upsert')).counted).toBe(450);
      expect((await leftBehind('copy', 50, 'update')).counted).toBe(0);
      expect((await leftBehind('row-by-row', 50, 'update')).counted).toBe(499);
    }, 180_000);
  });
});
