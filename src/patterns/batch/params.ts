import { networkRttParam } from '../../lab/commonParams';
import { defineParams, type NumberParam, type ParamValuesOf } from '../../lab/params';
import { METHOD_IDS, METHOD_NAMES, OPERATION_IDS, usesBatchSize } from './methods';

/** The most rows one load may carry: 100,000 (a browser tab's PGlite holds them comfortably). */
export const MAX_ROWS = 100_000;

/** The smallest and largest table the load starts from (the range the statement costs were measured over). */
export const MIN_CUSTOMERS = 100;
export const MAX_CUSTOMERS = 100_000;

const OPERATION_LABELS = { insert: 'INSERT new rows', update: 'UPDATE existing rows', upsert: 'Upsert (ON CONFLICT)' } as const;

/** A number of rows of the load (all of it, or one batch of it), from 1 to {@link MAX_ROWS} on a log slider. */
function rowCountParam<const K extends string>(o: { key: K; label: string; default: number; description: string }): NumberParam & { key: K } {
  return { key: o.key, label: o.label, kind: 'integer', default: o.default, min: 1, max: MAX_ROWS, step: 1, unit: 'rows', logScale: true, group: 'Load', description: o.description };
}

/** Parameters of the batch operations lab. None is live: a load is one job, changed by starting another. */
export const batchParams = defineParams([
  { key: 'method', label: 'Method', kind: 'enum', default: 'row-by-row', options: METHOD_IDS.map((value) => ({ value, label: METHOD_NAMES[value] })), group: 'Load', description: 'How the application sends the rows: one statement per row, batches, multi-row statements or COPY.' },
  { key: 'operation', label: 'Operation', kind: 'enum', default: 'insert', options: OPERATION_IDS.map((value) => ({ value, label: OPERATION_LABELS[value] })), group: 'Load', description: 'Insert new customers, update existing ones, or upsert: INSERT … ON CONFLICT DO UPDATE, with half of them there already.' },
  rowCountParam({ key: 'rows', label: 'Rows', default: 1000, description: 'How many rows the load writes (really, into batch_customers on the PGlite primary).' }),
  rowCountParam({ key: 'batchSize', label: 'Batch size', default: 50, description: 'Rows per round trip (batched) or per statement (multi-row, unnest); at most the rows.' }),
  {
    key: 'badRowAt',
    label: 'Bad row at',
    kind: 'integer',
    default: 0,
    min: 0,
    max: MAX_ROWS,
    step: 1,
    group: 'Load',
    description: 'The row (1 = first) whose email is NULL, which the table refuses (NOT NULL); 0 = none. The application stops at the first error.',
  },
  networkRttParam({ label: 'Network round trip', default: 10, max: 500, live: false, group: 'Network and server', description: 'Application ↔ database round trip: 0.2 ms in one zone, 1 ms across zones, 10 ms the seed implies, 70 ms across a continent.' }),
  {
    key: 'commitMs',
    label: 'Commit (WAL flush)',
    kind: 'number',
    default: 1,
    min: 0,
    max: 50,
    step: 0.1,
    unit: 'ms',
    group: 'Network and server',
    description: "A durable commit's flush to disk on a server (≈1 ms on an SSD); commits waiting together share one flush. PGlite's in-memory commit is free: this is modelled.",
  },
  {
    key: 'concurrency',
    label: 'Parallel writers',
    kind: 'integer',
    default: 1,
    min: 1,
    max: 64,
    step: 1,
    unit: 'writers',
    group: 'Network and server',
    description: 'Writers loading equal shares of the rows at once, each on its own connection.',
  },
  {
    key: 'customers',
    label: 'Customers already in the table',
    kind: 'integer',
    default: 1000,
    min: MIN_CUSTOMERS,
    max: MAX_CUSTOMERS,
    step: 1,
    unit: 'rows',
    logScale: true,
    group: 'Network and server',
    description: 'The size of batch_customers before the load (a fresh table each run); updates change customers 1…rows.',
  },
]);

/** The batch lab's parameter values, typed from the specs above. */
export type BatchParams = ParamValuesOf<typeof batchParams>;

/** Checks between parameters: a batch no larger than the load, a bad row inside it, updates of rows that exist. */
export function batchCrossCheck(p: BatchParams): { key: string; message: string }[] {
  const issues: { key: string; message: string }[] = [];
  if (usesBatchSize(p.method) && p.batchSize > p.rows) {
    issues.push({ key: 'batchSize', message: `expected at most rows (${p.rows}) for method ${p.method}, found ${p.batchSize}` });
  }
  if (p.badRowAt > p.rows) {
    issues.push({ key: 'badRowAt', message: `expected 0 (none) or a row from 1 to rows (${p.rows}), found ${p.badRowAt}` });
  }
  if (p.operation === 'update' && p.rows > p.customers) {
    issues.push({ key: 'rows', message: `expected at most customers (${p.customers}) for operation update, which changes customers 1…rows; found ${p.rows}` });
  }
  return issues;
}
