import type { MetricSpec } from '../../lab/labDefinition';

/** What the transactions lab measures: the keys of its results, with their meaning for tables and tooltips. */
export const transactionsMetrics: readonly MetricSpec[] = [
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
];
