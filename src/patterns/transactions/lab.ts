import { defineLab } from '../../lab/defineLab';
import { transactionsParams } from './params';
import { transactionsMetrics } from './metrics';
import { lazyModel } from '../../lab/lazyModel';
import { TRANSACTIONS_DATASET } from './load/dataset';

/** The transactions lab: atomicity, isolation levels, lost updates, locks and deadlocks. */
export const transactionsLab = defineLab({
  id: 'transactions',
  title: 'Transactions',
  summary: 'Atomicity, isolation levels and their anomalies, lost updates, lock waits and deadlocks, on a model of PostgreSQL verified against a real server.',
  lesson:
    'Transfers move money between a few accounts, some much hotter than others. Read-modify-write at READ COMMITTED loses updates: two transfers read the same balance and the second write wipes out the first, so money appears or vanishes. SELECT … FOR UPDATE or an atomic UPDATE make the second one wait instead; REPEATABLE READ and SERIALIZABLE abort it (40001) and the application retries. Locking in a transfer\u2019s own order lets A→B and B→A deadlock (40P01 after deadlock_timeout); lock the lowest id first. Below the stage, step through the schedules one statement at a time.',
  params: transactionsParams,
  dataset: TRANSACTIONS_DATASET,
  metrics: transactionsMetrics,
  actions: [{ name: 'burst', description: 'N transfers start at once: { "transfers": N }.', args: { transfers: { kind: 'integer', min: 1, max: 10000 } } }],
  sweep: {
    param: 'arrivalRate',
    values: [25, 50, 100, 200, 400, 800, 1600],
    metrics: [
      // A sweep of the load: no rate is "best", the chart shows where throughput stops following it.
      { key: 'throughputPerS', label: 'Committed', unit: 'transfers/s', better: 'none' },
      { key: 'lockWaitMs.p99', label: 'p99 lock wait', unit: 'ms' },
      { key: 'lostUpdates', label: 'Lost updates', unit: 'updates' },
    ],
  },
  defaultDurationS: 20,
  defaultWarmupS: 0,
  slowRequestsAre: 'blocked by a row lock',
  create: lazyModel(() => import('./load/model').then((m) => m.createTransactionsLoadModel)),
});
