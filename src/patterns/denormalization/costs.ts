import stored from './denormCosts.json' with { type: 'json' };
import { COST_MODEL } from '../../db/costModel';

/** The lab's dataset: the prebuilt demo image (1,000 customers, 5,000 orders, 10,001 order lines). */
export const DENORM_DATASET = { customers: 1000, seed: 1 } as const;

/** The rows the copies hold, as the model needs them to know which lines a write changes. */
export interface DatasetFacts {
  /** Customers in the dataset (ids 1..customers). */
  customers: number;
  /** Orders in the dataset (ids 1..orders); new orders take the next ids. */
  orders: number;
  /** Products in the dataset (ids 1..products). */
  products: number;
  /** [product id − 1]: its price in the dataset, in cents. */
  productCents: number[];
  /** [order id − 1]: the order's customer. */
  orderCustomer: number[];
  /** [order id − 1]: the product of each of its lines, line 1 first. */
  orderLines: number[][];
}

/** Planner figures of the refresh statements PostgreSQL runs internally, in planner cost units and pages. */
export interface RefreshFigures {
  /** Total cost of the view's query (the 4-join over every order line). */
  queryUnits: number;
  /** Rows and heap pages of the view. */
  rows: number;
  heapPages: number;
  /** Pages of its unique index on (order_id, line) and of its index on customer_id. */
  keyIndexPages: number;
  customerIndexPages: number;
  /** CONCURRENTLY: the check for duplicate rows in the new data (a self-join on `*=`). */
  duplicateCheckUnits: number;
  /** CONCURRENTLY: the FULL JOIN of the old and new contents that finds the rows to delete and insert. */
  diffUnits: number;
}

/** What src/patterns/denormalization/measureDenormCosts.ts measured on the lab's dataset. */
export interface DenormCosts {
  dataset: { customers: number; seed: number };
  facts: DatasetFacts;
  /** Simulated ms (cost model of the real plan) of reading customer `id`'s lines: [id − 1]. */
  reads: { normalized: number[]; copy: number[]; view: number[] };
  /** Simulated ms of each write statement; per customer or per product where the plan depends on it. */
  writes: {
    renameCustomer: number;
    changePrice: number;
    /** The order, its lines and its total. */
    newOrder: number;
    /** [customer id − 1]: the copy's UPDATE of the customer's lines (index on customer_id). */
    copyRename: number[];
    /** [product id − 1]: the copy's UPDATE of the product's lines (no index on product_id: a scan of the copy). */
    copyPrice: number[];
    /** The application's INSERT … SELECT of a new order's lines into the copy. */
    copyOrder: number;
    /** The trigger's INSERT … SELECT of one new line. */
    copyLine: number;
  };
  refresh: RefreshFigures;
  /** pg_total_relation_size, bytes: the five tables, the copy, the view with and without its unique index. */
  storage: { baseBytes: number; copyBytes: number; viewBytes: number; viewBytesWithoutKey: number };
  /** PostgreSQL's refusal of REFRESH … CONCURRENTLY without a unique index, message and hint. */
  concurrentlyRefused: string;
}

/**
 * Stored so that model-only runs, the browser before PGlite has booted and real runs use the same
 * figures; costs.test.ts recomputes every one from PGlite and requires equality
 * (`npx tsx src/patterns/denormalization/measureDenormCosts.ts` refreshes the file).
 */
export const denormCosts: DenormCosts = stored;

/** PostgreSQL's planner constants the refresh model uses (their defaults). */
export const PLANNER = { seqPageCost: 1, cpuTupleCost: 0.01, cpuOperatorCost: 0.0025 } as const;

const unitsToMs = (units: number) => COST_MODEL.statementOverheadMs + units * COST_MODEL.msPerCostUnit;

/** ⌈log2(n)⌉ by doubling (simulation code avoids Math.log, see src/engine/portableMath.ts). */
function log2Ceil(n: number): number {
  let levels = 0;
  for (let span = 1; span < n; span *= 2) levels++;
  return levels;
}

/**
 * A plain REFRESH: PostgreSQL runs the view's query into a new heap, rebuilds every index on it
 * by sorting, and swaps the files in. Priced as the query's plan, the heap written (a page each,
 * plus cpu_tuple_cost a row) and, per index, the sort cost_sort charges (2 × cpu_operator_cost ×
 * n log2 n) plus its pages written.
 */
export function plainRefreshMs(f: RefreshFigures, uniqueIndex: boolean): number {
  const sortUnits = 2 * PLANNER.cpuOperatorCost * f.rows * log2Ceil(f.rows);
  const heapUnits = f.heapPages * PLANNER.seqPageCost + f.rows * PLANNER.cpuTupleCost;
  const indexUnits = sortUnits + f.customerIndexPages + (uniqueIndex ? sortUnits + f.keyIndexPages : 0);
  return unitsToMs(f.queryUnits + heapUnits + indexUnits);
}

/**
 * REFRESH … CONCURRENTLY: the query into a temporary table, its duplicate check, the FULL JOIN
 * with the old contents, then a DELETE and an INSERT per changed line (a page and an entry in each
 * of the two indexes). Priced from the real plans of those statements: it does not rebuild the
 * indexes, but the `*=` comparisons of whole rows make it cost several times a plain refresh.
 */
export function concurrentRefreshMs(f: RefreshFigures, changedRows: number): number {
  const tempUnits = f.heapPages * PLANNER.seqPageCost + f.rows * PLANNER.cpuTupleCost;
  const perChangedRow = 2 * (PLANNER.seqPageCost + PLANNER.cpuTupleCost) + 2 * PLANNER.seqPageCost;
  return unitsToMs(f.queryUnits + tempUnits + f.duplicateCheckUnits + f.diffUnits + changedRows * perChangedRow);
}
