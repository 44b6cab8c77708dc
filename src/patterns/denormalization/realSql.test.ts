import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootLabSql, type LabSql } from '../../db/labSql';
import type { MetricTree } from '../../lab/snapshot';
import { SimulationRun } from '../../runner/simulationRun';
import { parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import { denormCosts } from './costs';
import type { DenormDetail } from './detail';
import { denormalizationLab } from './lab';
import { COPY_TABLE, driftSql, REFRESH_SQL, VIEW_NAME } from './sql';

function load(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): LoadedScenario {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'denormalization', durationS: 8, warmupS: 0, seed: 5, parameters: { arrivalRate: 40, writeFraction: 0.3, customers: 30, ...parameters }, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

/** Everything but the count of statements PGlite ran (0 without SQL). */
function strip(m: MetricTree): MetricTree {
  const { sql: _sql, ...rest } = m;
  return rest;
}

describe('denormalization lab with SQL on a PGlite primary', () => {
  let sql: LabSql;
  beforeAll(async () => {
    sql = (await bootLabSql(denormalizationLab, {}))!;
  }, 180_000);
  afterAll(async () => {
    await sql?.close();
  });

  /** A run with SQL from a primary back at its dataset, and the same run model-only. */
  async function both(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    await sql.cluster.reset([{ id: 'primary', role: 'primary' }]);
    const real = new SimulationRun(load(parameters, extra), { sql, traceLimit: 0 });
    const realMetrics = await real.runToEnd();
    const modelOnly = await new SimulationRun(load(parameters, extra), { traceLimit: 0 }).runToEnd();
    return { real: realMetrics, modelOnly, detail: real.snapshot().detail as DenormDetail };
  }

  it('gives the same metrics as a model-only run, drift counted on PGlite included, for every read model', async () => {
    for (const parameters of [
      { readModel: 'normalized' },
      { readModel: 'denormalized-table', syncMode: 'after-commit', syncBugRate: 0.3 },
      { readModel: 'denormalized-table', syncMode: 'async-queue', syncDelayMs: 3000 },
      { readModel: 'trigger-maintained' },
      { readModel: 'materialized-view', refresh: 'scheduled', refreshIntervalS: 3 },
      { readModel: 'materialized-view', refresh: 'concurrently', refreshIntervalS: 3, uniqueIndex: false },
    ]) {
      const { real, modelOnly, detail } = await both(parameters);
      expect(strip(real), JSON.stringify(parameters)).toEqual(strip(modelOnly));
      expect((real.sql as MetricTree).statementsRun).toBeGreaterThan(0);
      if (parameters.readModel !== 'normalized') expect(detail.drift.check?.real, JSON.stringify(parameters)).toBe(detail.drift.check?.model);
      expect(detail.storage.origin).toBe('real');
    }
  }, 600_000);

  it('same-transaction and triggers never drift on PGlite; forgotten copies drift, and PGlite lists the lines the model lists', async () => {
    for (const parameters of [{ readModel: 'denormalized-table', syncMode: 'same-transaction' }, { readModel: 'trigger-maintained', syncBugRate: 0.5 }]) {
      const { real, detail } = await both(parameters);
      expect((real.writes as MetricTree).committed).toBeGreaterThan(50);
      expect(detail.drift.check).toMatchObject({ real: 0, model: 0 });
    }
    const { real, detail } = await both({ readModel: 'denormalized-table', syncMode: 'same-transaction', syncBugRate: 0.3 });
    expect((real.drift as MetricTree).rows).toBeGreaterThan(0);
    const { rows } = await sql.query(driftSql(COPY_TABLE, 12));
    expect(rows.map((r) => [r.order_id, r.line])).toEqual(detail.drift.listed.map((l) => [l.orderId, l.line]));
    // A line that differs is on both sides of the EXCEPT; one the copy lacks, on the truth's side only.
    for (const [i, l] of detail.drift.listed.entries()) {
      const row = rows[i]!;
      expect(row.truth_row).not.toBeNull();
      expect(row.copy_row === null).toBe(l.reasons.includes('missing'));
    }
  }, 300_000);

  it('right after a refresh the view equals the normalized join (EXCEPT both ways empty)', async () => {
    const { real } = await both({ readModel: 'materialized-view', refresh: 'manual' });
    expect((real.drift as MetricTree).rows).toBeGreaterThan(0);
    await sql.query(REFRESH_SQL.plain);
    expect((await sql.query(driftSql(VIEW_NAME))).rows[0]!.n).toBe(0);
    await sql.query(`insert into order_items (order_id, line, product_id, quantity, price) values (1, 9, 1, 1, 1)`);
    expect((await sql.query(driftSql(VIEW_NAME))).rows[0]!.n).toBe(1);
    await sql.query(REFRESH_SQL.concurrently);
    expect((await sql.query(driftSql(VIEW_NAME))).rows[0]!.n).toBe(0);
  }, 300_000);

  it('shows PostgreSQL\'s own refusal of CONCURRENTLY without a unique index, and measures the stored sizes', async () => {
    const { detail } = await both({ readModel: 'materialized-view', refresh: 'concurrently', refreshIntervalS: 2, uniqueIndex: false }, { durationS: 3 });
    expect(detail.refreshError).toBe(denormCosts.concurrentlyRefused);
    expect(detail.storage).toEqual({ baseBytes: denormCosts.storage.baseBytes, copyBytes: denormCosts.storage.viewBytesWithoutKey, origin: 'real' });
  }, 300_000);
});
