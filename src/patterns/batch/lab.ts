import { defineLab } from '../../lab/defineLab';
import { usesBatchSize } from './methods';
import { lazyModel } from '../../lab/lazyModel';
import { batchCrossCheck, batchParams } from './params';

/** The batch operations lab: row by row, executemany, batches, multi-row VALUES, unnest and COPY, on a real PGlite primary. */
export const batchLab = defineLab({
  id: 'batch',
  title: 'Batch operations',
  summary: 'Row by row, executemany, batches, multi-row VALUES, unnest and COPY: where the time goes, and what a bad row in the middle leaves behind.',
  params: batchParams,
  crossCheck: batchCrossCheck,
  // The demo dataset boots the primary; the load writes into its own table, made afresh each run.
  dataset: { customers: 1000, seed: 1 },
  metrics: [
    { key: 'statements', label: 'Statements', unit: 'statements', origin: 'simulated', description: 'Statements the server ran (BEGIN, COMMIT and ROLLBACK not counted; in a failed pipeline, those skipped after the error not counted).' },
    { key: 'roundTrips', label: 'Round trips', unit: 'round trips', origin: 'simulated', description: 'Times an application waited for the server to answer before sending more.' },
    { key: 'commits', label: 'Commits', unit: 'commits', origin: 'simulated', description: 'Durable commits (each waits for a WAL flush; concurrent ones share a flush).' },
    { key: 'totalMs', label: 'Load time', unit: 'ms', origin: 'simulated', description: 'From the first round trip to the last answer. With one writer: round trips × RTT + commits × commit time + the statements\' costs, exactly.' },
    { key: 'rowsPerS', label: 'Rows per second', unit: 'rows/s', origin: 'simulated', description: 'Rows committed over the load time.' },
    { key: 'rowsInserted', label: 'Rows in the table', unit: 'rows', origin: 'real', description: 'Rows carrying the load\'s values, counted in PGlite after the load (model-only: the rows the model committed, the same number).' },
    { key: 'rowsExpected', label: 'Rows expected', unit: 'rows', origin: 'simulated', description: 'Rows the load should leave given its method and the bad row: all of them without one.' },
    { key: 'rowsRolledBack', label: 'Rows rolled back', unit: 'rows', origin: 'simulated', description: 'Rows the server had written before the error, undone when their transaction or statement rolled back.' },
    { key: 'resultsMatch', label: 'Table as expected', unit: '', origin: 'real', description: 'The checksum of the loaded rows in PGlite equals that of the rows expected, and the table has the expected size. Only when the load ran on PGlite.' },
    { key: 'timeShare', label: 'Where the time went', unit: 'fraction', origin: 'simulated', description: 'Network, statements and commits as fractions of the writers\' time (of totalMs with one writer).' },
  ],
  sweep: {
    param: 'batchSize',
    values: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000],
    metrics: [
      { key: 'totalMs', label: 'Load time', unit: 'ms' },
      { key: 'rowsPerS', label: 'Rows per second', unit: 'rows/s' },
    ],
    pointParams: (p, value) => ({ ...p, batchSize: Math.min(value, p.rows) }),
    unavailable: (p) => (usesBatchSize(p.method) ? null : `the batch size means nothing to ${p.method}: choose batched, multi-row or unnest`),
  },
  defaultDurationS: 60,
  defaultWarmupS: 0,
  lesson:
    'Row by row, every row waits for a network round trip and a commit: 1,000 rows at 10 ms are 10 seconds of waiting, not of work. Batches, multi-row VALUES, unnest and COPY carry many rows per round trip, and the time collapses to the statements themselves. executemany in psycopg2 is a loop, not a batch. Then set a bad row: row by row keeps the rows before it, one transaction keeps none, batches keep the batches committed before it.',
  create: lazyModel(() => import('./model').then((m) => m.createBatchModel)),
});
