import { describe, expect, it } from 'vitest';
import { COST_MODEL } from '../../db/costModel';
import { batchCosts, interpolate, planUnits, rowsPerPage, statementMs } from './batchCosts';
import { bootFromDataImage } from '../../db/imageNode';
import { measureBatchCosts } from './measureBatchCosts';

describe('batch lab statement costs', () => {
  // The stored figures are what every run uses (model-only or not); they must be what PGlite's
  // planner says today. If PGlite changes, refresh them with `npx tsx src/patterns/batch/measureBatchCosts.ts`.
  it('equal the real plans, recomputed from PGlite, for every statement shape, size and table size', async () => {
    // Any node with the host's settings: the data image boots in a second where initdb takes ten
    // (the statements touch only the table the measurement creates).
    const node = await bootFromDataImage({ customers: 1000, seed: 1 });
    expect(await measureBatchCosts(node).finally(() => node.close())).toEqual(batchCosts);
  }, 600_000);

  it('are exact at the measured sizes and interpolate between them', () => {
    const { rowGrid } = batchCosts;
    rowGrid.forEach((k, i) => expect(planUnits(batchCosts, 'insert', 'values', k, 1000)).toBe(batchCosts.insert.values[i]));
    // A VALUES list costs 0.0125 units a row: exactly linear, so interpolation is exact too.
    expect(planUnits(batchCosts, 'insert', 'values', 750, 1000)).toBeCloseTo(750 * 0.0125, 9);
    expect(interpolate([1, 3], [10, 30], 2)).toBe(20);
    // An UPDATE between two measured table sizes lies between their costs.
    const low = planUnits(batchCosts, 'update', 'values', 500, 1000);
    const high = planUnits(batchCosts, 'update', 'values', 500, 10_000);
    const mid = planUnits(batchCosts, 'update', 'values', 500, 5000);
    expect(mid).toBeGreaterThan(Math.min(low, high));
    expect(mid).toBeLessThan(Math.max(low, high));
  });

  it('price a row written as its plan plus its heap tuple and index entry, and COPY a page of heap at a time', () => {
    const one = statementMs(batchCosts, { form: 'row', operation: 'insert', rows: 1 }, 1000);
    expect(one).toBeCloseTo(COST_MODEL.statementOverheadMs + (batchCosts.insert.row + 2) * COST_MODEL.msPerCostUnit, 12);
    const perPage = rowsPerPage(batchCosts.rowWidth);
    expect(perPage).toBeGreaterThan(40);
    const copy = statementMs(batchCosts, { form: 'copy', operation: 'insert', rows: 1000 }, 1000);
    const values = statementMs(batchCosts, { form: 'values', operation: 'insert', rows: 1000 }, 1000);
    expect(copy).toBeLessThan(values);
  });
});
