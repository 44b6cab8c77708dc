import { defineLab } from '../../lab/defineLab';
import { usesBatchSize } from './methods';
import { lazyModel } from '../../lab/lazyModel';
import { batchCrossCheck, batchParams } from './params';
import { batchMetrics } from './metrics';

/** The batch operations lab: row by row, executemany, batches, multi-row VALUES, unnest and COPY, on a real PGlite primary. */
export const batchLab = defineLab({
  id: 'batch',
  title: 'Batch operations',
  summary: 'Row by row, executemany, batches, multi-row VALUES, unnest and COPY: where the time goes, and what a bad row in the middle leaves behind.',
  lesson:
    'Row by row, every row waits for a network round trip and a commit: 1,000 rows at 10 ms are 10 seconds of waiting, not of work. Batches, multi-row VALUES, unnest and COPY carry many rows per round trip, and the time collapses to the statements themselves. executemany in psycopg2 is a loop, not a batch. Then set a bad row: row by row keeps the rows before it, one transaction keeps none, batches keep the batches committed before it.',
  params: batchParams,
  crossCheck: batchCrossCheck,
  // The demo dataset boots the primary; the load writes into its own table, made afresh each run.
  dataset: { customers: 1000, seed: 1 },
  metrics: batchMetrics,
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
  create: lazyModel(() => import('./model').then((m) => m.createBatchModel)),
});
