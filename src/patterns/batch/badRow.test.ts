import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parseScenario';
import { SimulationRun } from '../../runner/simulationRun';
import { bootLabSql, type LabSql } from '../../db/labSql';
import { batchLab } from './lab';
import { COUNT_LOADED_SQL } from './loadTable';
import type { MethodId } from './methods';

/**
 * What a bad row at 500 of 1,000 leaves in the table, per method, counted with SQL in PGlite
 * after a real run: never computed.
 */
describe('batch lab: a bad row in the middle, on a real PGlite primary', () => {
  let sql: LabSql;
  beforeAll(async () => {
    sql = (await bootLabSql(batchLab, {}))!;
  }, 180_000);
  afterAll(async () => {
    await sql?.close();
  });

  async function leftBehind(method: MethodId, batchSize: number, operation = 'insert'): Promise<{ counted: number; rowsInserted: number; rowsRolledBack: number; resultsMatch: unknown }> {
    const parsed = parseScenario({ name: 't', title: 't', lab: 'batch', durationS: 60, warmupS: 0, parameters: { method, batchSize, operation, rows: 1000, badRowAt: 500, customers: 1000 } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const m = await new SimulationRun(parsed.value, { sql, traceLimit: 0 }).runToEnd();
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
