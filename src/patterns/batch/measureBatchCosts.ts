import { createPgliteNode } from '../../db/pgliteNode';
import type { DbNode } from '../../db/dbNode';
import type { BatchCosts, OperationPlanCosts } from './batchCosts';
import { firstIdOf, setupStatements } from './loadTable';
import type { OperationId } from './methods';
import { statementSql } from './statementSql';
import { writeCostsWhenRun } from '../../lab/kit/costsFile';

/** Rows per statement priced (a statement of other sizes is interpolated between two of these). */
export const ROW_GRID = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, 100000];
/** Table sizes the UPDATE plans are priced on. */
export const TABLE_GRID = [100, 1000, 10000, 100000];

async function makeTable(node: DbNode, customers: number): Promise<void> {
  for (const sql of setupStatements(customers)) await node.query(sql);
}

/** The plan's Total Cost of `form` carrying `rows` rows, as the load would send it to a table of `customers`. */
async function price(node: DbNode, operation: OperationId, form: 'row' | 'values' | 'unnest', rows: number, customers: number): Promise<number> {
  const s = statementSql(form, operation, 1, rows, firstIdOf(operation, customers, rows), 0);
  return (await node.explain(s.sql, s.params))['Total Cost'];
}

async function priceShapes(node: DbNode, operation: OperationId, customers: number, upToRows: number): Promise<OperationPlanCosts<number, number[]>> {
  const grid = ROW_GRID.filter((k) => k <= upToRows);
  const values: number[] = [];
  const unnest: number[] = [];
  for (const k of grid) {
    values.push(await price(node, operation, 'values', k, customers));
    unnest.push(await price(node, operation, 'unnest', k, customers));
  }
  return { row: await price(node, operation, 'row', 1, customers), values, unnest };
}

/** Price every statement shape of the lab from its real plan on `node` (its batch_customers is replaced). */
export async function measureBatchCosts(node: DbNode): Promise<BatchCosts> {
  const maxRows = ROW_GRID[ROW_GRID.length - 1]!;
  await makeTable(node, TABLE_GRID[1]!);
  const insert = await priceShapes(node, 'insert', TABLE_GRID[1]!, maxRows);
  const upsert = await priceShapes(node, 'upsert', TABLE_GRID[1]!, maxRows);
  const sample = statementSql('values', 'insert', 1, 2, 1, 0);
  const rowWidth = (await node.explain(sample.sql, sample.params)).Plans![0]!['Plan Width'];
  const update: BatchCosts['update'] = { row: [], values: [], unnest: [] };
  for (let t = 0; t < TABLE_GRID.length; t++) {
    const customers = TABLE_GRID[t]!;
    await makeTable(node, customers);
    // An update changes at most `customers` rows: up to the next table size is all interpolation needs.
    const shapes = await priceShapes(node, 'update', customers, TABLE_GRID[t + 1] ?? maxRows);
    update.row.push(shapes.row);
    update.values.push(shapes.values);
    update.unnest.push(shapes.unnest);
  }
  await node.query('drop table batch_customers');
  return { rowGrid: ROW_GRID, tableGrid: TABLE_GRID, rowWidth, insert, upsert, update };
}

/** Boot a node as the host does (same settings) and measure on it. */
export async function measureOnFreshNode(): Promise<BatchCosts> {
  const node = await createPgliteNode();
  try {
    return await measureBatchCosts(node);
  } finally {
    await node.close();
  }
}

await writeCostsWhenRun(import.meta.url, 'batchCosts.json', measureOnFreshNode);
