import { defineLab } from '../../lab/defineLab';
import { transactionsParams } from './params';
import { lazyModel } from '../../lab/lazyModel';
import { TRANSACTIONS_DATASET } from './load/dataset';

/** The transactions lab: atomicity, isolation levels, lost updates, locks and deadlocks. */
export const transactionsLab = defineLab({
  id: 'transactions',
  title: 'Transactions',
  summary: 'Atomicity, isolation levels and their anomalies, lost updates, lock waits and deadlocks, on a model of PostgreSQL verified against a real server.',
  params: transactionsParams,
  dataset: { customers: TRANSACTIONS_DATASET.customers, seed: TRANSACTIONS_DATASET.seed },
  metrics: [
    { key: 'transfers.started', label: 'Started', unit: 'transfers', origin: 'simulated', description: 'Transfers after the warm-up, plus those in flight when it ended.' },
    { key: 'transfers.committed', label: 'Committed', unit: 'transfers', origin: 'simulated', description: 'Transfers that committed (after any retries).' },
    { key: 'transfers.failed', label: 'Failed', unit: 'transfers', origin: 'simulated', description: 'Transfers that rolled back: insufficient funds, an injected failure, retries exhausted, other errors (started = committed + failed + in flight).' },
    { key: 'transfers.inFlight', label: 'In flight', unit: 'transfers', origin: 'simulated', description: 'Transfers waiting for a session or running at the end.' },
    { key: 'transfers.insufficientFunds', label: 'Insufficient funds', unit: 'transfers', origin: 'simulated', description: 'Rolled back because the source balance was too small.' },
    { key: 'transfers.injectedFailures', label: 'Injected failures', unit: 'transfers', origin: 'simulated', description: 'Rolled back after the application failed between the debit and the credit.' },
    { key: 'transfers.gaveUp', label: 'Gave up', unit: 'transfers', origin: 'simulated', description: 'Still failing with 40001 or 40P01 after every retry.' },
    { key: 'transfers.errors', label: 'Other errors', unit: 'transfers', origin: 'simulated', description: 'Any other error (none expected).' },
    { key: 'throughputPerS', label: 'Throughput', unit: 'transfers/s', origin: 'simulated', description: 'Commits per simulated second.' },
    { key: 'latencyMs', label: 'Transfer latency', unit: 'ms', origin: 'simulated', description: 'Start to commit or rollback, session wait and retries included.' },
    { key: 'lockWaitMs', label: 'Lock wait', unit: 'ms', origin: 'simulated', description: 'Over statements that blocked on a row lock: issue to completion (count: how many blocked).' },
    { key: 'sessionWaitMs', label: 'Session wait', unit: 'ms', origin: 'simulated', description: 'Waiting for a free session (connection) before starting.' },
    { key: 'meanBlockedSessions', label: 'Mean blocked sessions', unit: 'sessions', origin: 'simulated', description: 'Time-weighted sessions waiting on a lock.' },
    { key: 'aborts', label: 'Aborts', unit: 'aborts', origin: 'simulated', description: 'Serialization failures (40001) and deadlock victims (40P01); perS per simulated second.' },
    { key: 'retries', label: 'Retries', unit: 'retries', origin: 'simulated', description: 'Transfers restarted after 40001 or 40P01.' },
    { key: 'lostUpdates', label: 'Lost updates', unit: 'updates', origin: 'simulated', description: 'Committed writes that replaced a balance their transaction never read (someone else\u2019s change overwritten), since the start.' },
    { key: 'invariant', label: 'Sum of balances', unit: 'money', origin: 'simulated', description: 'The model\u2019s committed sum of balances against the opening sum; drift ≠ 0 means money was created or destroyed.' },
    { key: 'statements', label: 'Statements', unit: 'statements', origin: 'simulated', description: 'Statements the sessions ran on the model.' },
    { key: 'sql', label: 'On PGlite', unit: '', origin: 'real', description: 'A sample of the transfers run for real on PGlite, one at a time, each atomic; sumChanged must stay false.' },
  ],
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
  lesson:
    'Transfers move money between a few accounts, some much hotter than others. Read-modify-write at READ COMMITTED loses updates: two transfers read the same balance and the second write wipes out the first, so money appears or vanishes. SELECT … FOR UPDATE or an atomic UPDATE make the second one wait instead; REPEATABLE READ and SERIALIZABLE abort it (40001) and the application retries. Locking in a transfer\u2019s own order lets A→B and B→A deadlock (40P01 after deadlock_timeout); lock the lowest id first. Below the stage, step through the schedules one statement at a time.',
  create: lazyModel(() => import('./load/model').then((m) => m.createTransactionsLoadModel)),
});
