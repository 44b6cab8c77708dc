import { COST_MODEL } from '../../db/costModel';
import stored from './batchCosts.json' with { type: 'json' };
import type { OperationId } from './methods';
import type { StatementForm } from './statementSql';

/** Planner cost units (Total Cost of the real plan) of each statement shape, as measured. */
export interface OperationPlanCosts<Row, ByRows> {
  /** The one-row statement (bind parameters). */
  row: Row;
  /** `VALUES (…), (…)` carrying rowGrid[k] rows. */
  values: ByRows;
  /** `unnest($1::int[], …)` carrying rowGrid[k] rows. */
  unnest: ByRows;
}

/** What src/patterns/batch/measureBatchCosts.ts measured on PGlite (`npx tsx` it to refresh). */
export interface BatchCosts {
  /** Rows per statement the multi-row shapes were priced at. */
  rowGrid: number[];
  /** Sizes of batch_customers (the `customers` parameter) the UPDATE plans were priced on. */
  tableGrid: number[];
  /** The planner's width of one loaded row, bytes: how many rows fill a heap page (COPY's writes). */
  rowWidth: number;
  /** INSERT and upsert plans read only the rows they are sent: priced on a table of tableGrid[1] rows. */
  insert: OperationPlanCosts<number, number[]>;
  upsert: OperationPlanCosts<number, number[]>;
  /**
   * UPDATE plans find the rows in the table, so they depend on its size: [t] for tableGrid[t];
   * [t][k] for rowGrid[k], measured up to the next table size (an update changes at most
   * `customers` rows).
   */
  update: OperationPlanCosts<number[], number[][]>;
}

/**
 * Stored so that model-only runs, the browser before PGlite has booted and real runs all use
 * exactly the same figures; batchCosts.test.ts recomputes every one from PGlite and requires
 * equality.
 */
export const batchCosts: BatchCosts = stored;

/**
 * What writing a row costs beyond its plan, in planner cost units. PostgreSQL's plan for an
 * INSERT or UPDATE prices only producing the rows (a VALUES list: 0.0125 units a row); the heap
 * tuple, its WAL record and every index entry are written after planning and never appear in it.
 * As the query lab prices an index entry, each is one page dirtied (seq_page_cost = 1, ≈ 10 µs
 * in this cost model): a row inserted into batch_customers (one index, its primary key) costs
 * 2 units, a row updated 1 (HOT: the key does not change, so no index entry). COPY fills heap
 * pages many rows at a time (heap_multi_insert, one WAL record a page), so its heap cost is one
 * page per page of rows; its index entries are still one per row.
 */
export const WRITE_UNITS = { heapTuple: 1, indexEntry: 1 } as const;

/** Bytes of an 8 kB heap page available to tuples, and each tuple's header and line pointer. */
const PAGE_BYTES = 8192 - 24;
const TUPLE_OVERHEAD = 23;
const LINE_POINTER = 4;

/** Rows of `width` bytes one heap page holds (MAXALIGN 8). */
export function rowsPerPage(width: number): number {
  const tuple = Math.ceil((TUPLE_OVERHEAD + width) / 8) * 8 + LINE_POINTER;
  return Math.max(1, Math.floor(PAGE_BYTES / tuple));
}

/** Linear interpolation of `ys` (measured at `xs`, ascending) at `x`; exact at the measured points. */
export function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  const n = Math.min(xs.length, ys.length);
  if (n === 0) throw new Error('interpolate: no measured points');
  if (x <= xs[0]! || n === 1) return ys[0]!;
  for (let i = 1; i < n; i++) {
    if (x <= xs[i]!) {
      const x0 = xs[i - 1]!;
      const x1 = xs[i]!;
      if (x === x1) return ys[i]!;
      return ys[i - 1]! + ((ys[i]! - ys[i - 1]!) * (x - x0)) / (x1 - x0);
    }
  }
  throw new Error(`interpolate: ${x} is past the last measured point ${xs[n - 1]}`);
}

/** The plan's Total Cost of a statement of `form` ('row', 'values' or 'unnest') carrying `rows` rows. */
export function planUnits(costs: BatchCosts, operation: OperationId, form: 'row' | 'values' | 'unnest', rows: number, customers: number): number {
  if (operation !== 'update') {
    const c = costs[operation];
    return form === 'row' ? c.row : interpolate(costs.rowGrid, c[form], rows);
  }
  const u = costs.update;
  if (form === 'row') return interpolate(costs.tableGrid, u.row, customers);
  // Between two measured table sizes, interpolate between the costs at each.
  const t = costs.tableGrid;
  const atTable = (i: number) => interpolate(costs.rowGrid, u[form][i]!, rows);
  if (customers <= t[0]!) return atTable(0);
  for (let i = 1; i < t.length; i++) {
    if (customers <= t[i]!) {
      const low = atTable(i - 1);
      const high = atTable(i);
      return low + ((high - low) * (customers - t[i - 1]!)) / (t[i]! - t[i - 1]!);
    }
  }
  throw new Error(`update costs: customers ${customers} is past the largest measured table (${t[t.length - 1]})`);
}

/** Write cost of one row, planner units, for a row-at-a-time write (INSERT, UPDATE, upsert). */
function rowWriteUnits(operation: OperationId): number {
  return operation === 'update' ? WRITE_UNITS.heapTuple : WRITE_UNITS.heapTuple + WRITE_UNITS.indexEntry;
}

/** One statement as the model prices it: its shape and the rows the server processed. */
export interface PricedStatement {
  form: StatementForm;
  operation: OperationId;
  /** Rows the server wrote (a failing statement stops at its bad row). */
  rows: number;
}

/**
 * Simulated execution time of one statement, ms: the fixed cost of any statement (parse, plan,
 * protocol), its real plan's cost, and the writes of its rows. COPY has no plan (EXPLAIN cannot
 * price it): its rows are parsed from the stream and written a page at a time. Through COPY an
 * UPDATE or an upsert loads a temporary table (no index: heap pages only) and merges it, priced
 * as the same statement from unnest.
 */
export function statementMs(costs: BatchCosts, s: PricedStatement, customers: number): number {
  const perPage = rowsPerPage(costs.rowWidth);
  let units: number;
  switch (s.form) {
    case 'row':
    case 'values':
    case 'unnest':
      units = planUnits(costs, s.operation, s.form, s.rows, customers) + s.rows * rowWriteUnits(s.operation);
      break;
    case 'copy':
      units = s.rows * (WRITE_UNITS.heapTuple / perPage + (s.operation === 'insert' ? WRITE_UNITS.indexEntry : 0));
      break;
    case 'create-staging':
      units = 0;
      break;
    case 'merge':
      units = planUnits(costs, s.operation, 'unnest', s.rows, customers) + s.rows * rowWriteUnits(s.operation);
      break;
  }
  return COST_MODEL.statementOverheadMs + units * COST_MODEL.msPerCostUnit;
}
