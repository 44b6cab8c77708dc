import { COST_MODEL } from '../../db/costModel';

/**
 * What an index costs every INSERT. PostgreSQL's plan for an INSERT prices only the row it
 * builds (a Result under ModifyTable: a few hundredths of a cost unit); the heap write and
 * every index entry are maintained after planning and never appear in it. This file adds a
 * documented, deterministic term per index, in planner cost units, so that the cost model can
 * put the write cost of an index beside its read gain.
 *
 * Per index and inserted row:
 * - one leaf page dirtied, priced as one sequential page (seq_page_cost = 1): the page must be
 *   written back and WAL-logged later, whoever pays for it;
 * - the descent from the root: one comparison (cpu_operator_cost = 0.0025) per level of a
 *   binary search over the keys, ⌈log2(rows + 1)⌉ comparisons in all, plus cpu_index_tuple_cost
 *   (0.005) for the new entry.
 * It is a model, not a measurement: real costs depend on page splits, fillfactor, HOT updates
 * (which skip unchanged indexes) and checkpoints; the shape (linear in the number of indexes,
 * slowly growing with the table) is what it teaches.
 */
export const INDEX_WRITE_COST = {
  leafPageUnits: 1,
  comparisonUnits: 0.0025,
  indexTupleUnits: 0.005,
} as const;

/** ⌈log2(n + 1)⌉ without Math.log (simulation code must be portable, see src/engine/portableMath.ts). */
export function comparisonsToFind(rows: number): number {
  let levels = 0;
  for (let span = 1; span < rows + 1; span *= 2) levels++;
  return levels;
}

/** Planner cost units one index adds to inserting one row into a table of `rows` rows. */
export function indexInsertCostUnits(rows: number): number {
  const c = INDEX_WRITE_COST;
  return c.leafPageUnits + c.indexTupleUnits + c.comparisonUnits * comparisonsToFind(rows);
}

/** Simulated time of one single-row INSERT: its real plan's cost, plus every index it must update. */
export function insertCostMs(planTotalCost: number, indexCount: number, rows: number): { planMs: number; perIndexMs: number; indexesMs: number; totalMs: number } {
  const planMs = COST_MODEL.statementOverheadMs + planTotalCost * COST_MODEL.msPerCostUnit;
  const perIndexMs = indexInsertCostUnits(rows) * COST_MODEL.msPerCostUnit;
  const indexesMs = perIndexMs * indexCount;
  return { planMs, perIndexMs, indexesMs, totalMs: planMs + indexesMs };
}

/**
 * How many reads of a query it takes for an index to pay for itself: the write cost it adds to
 * one INSERT over what it saves one read. Infinity when it saves nothing.
 */
export function readsToBreakEven(readGainMs: number, writeCostMs: number): number {
  return readGainMs <= 0 ? Infinity : writeCostMs / readGainMs;
}
