import { arrivalRateParam, shareParam } from '../../lab/commonParams';
import { choices, defineParams, type ParamValuesOf } from '../../lab/params';

/** Parameters of the transactions lab's load view (times in ms). */
export const transactionsParams = defineParams([
  arrivalRateParam({ label: 'Transfers per second', unit: 'transfers/s', default: 100, min: 1, max: 5000, step: 1, group: 'Workload', description: 'Money transfers started per second, as a Poisson stream.' }),
  { key: 'accounts', label: 'Accounts', kind: 'integer', default: 10, min: 2, max: 200, step: 1, live: false, group: 'Workload', description: 'Rows of the accounts table (the demo dataset\u2019s first accounts); fewer rows, more collisions.' },
  { key: 'skew', label: 'Hot-account skew', kind: 'number', default: 1, min: 0, max: 3, step: 0.1, live: true, group: 'Workload', description: 'Zipf exponent choosing accounts: 0 is uniform, 1 makes account 1 the hottest by far.' },
  { key: 'maxAmount', label: 'Largest amount', kind: 'integer', default: 50, min: 1, max: 1000, step: 1, live: true, group: 'Workload', description: 'Each transfer moves a whole amount drawn uniformly from 1 to this.' },
  shareParam({ key: 'failureRate', label: 'Failure between the updates', default: 0, group: 'Workload', description: 'Share of transfers whose application fails after the debit and before the credit (they roll back).' }),
  { key: 'isolation', label: 'Isolation level', kind: 'enum', default: 'read committed', options: choices({ 'read committed': 'READ COMMITTED (default)', 'repeatable read': 'REPEATABLE READ', serializable: 'SERIALIZABLE' }), live: true, group: 'Transactions', description: 'BEGIN ISOLATION LEVEL … of every transfer (READ COMMITTED is PostgreSQL\u2019s default).' },
  {
    key: 'strategy',
    label: 'How the balance changes',
    kind: 'enum',
    default: 'read-modify-write',
    options: choices({
      'read-modify-write': 'Read, compute, write back',
      'for-update': 'FOR UPDATE, then write',
      'atomic-update': 'One atomic UPDATE',
    }),
    live: true,
    group: 'Transactions',
    description:
      'Read, compute, write back: SELECT the balances, compute the new ones in the application, UPDATE them (loses updates at READ COMMITTED). FOR UPDATE: the same, but the SELECT … FOR UPDATE locks the rows first. One atomic UPDATE: SET balance = balance − x, computed by PostgreSQL on the row it locks.',
  },
  { key: 'lockOrder', label: 'Lock order', kind: 'enum', default: 'id', options: choices({ transfer: 'Source, then destination', id: 'Lowest account id first' }), live: true, group: 'Transactions', description: 'Touching rows in a transfer\u2019s own order lets A→B and B→A deadlock; a global order cannot.' },
  { key: 'maxRetries', label: 'Retries', kind: 'integer', default: 5, min: 0, max: 50, step: 1, live: true, group: 'Transactions', description: 'Times a transfer is retried after 40001 (serialization failure) or 40P01 (deadlock) before giving up.' },
  { key: 'sessions', label: 'Sessions (pool size)', kind: 'integer', default: 10, min: 1, max: 64, step: 1, live: false, group: 'Database', description: 'Connections running transfers at once; more transfers wait for a free one, first come first served.' },
  { key: 'appWorkMs', label: 'Application work', kind: 'number', default: 2, min: 0, max: 1000, step: 0.1, unit: 'ms', live: true, group: 'Database', description: 'Time the application spends between reading the balances and writing them (inside the transaction).' },
  { key: 'rttMs', label: 'Round trip', kind: 'number', default: 0.5, min: 0, max: 100, step: 0.1, unit: 'ms', live: true, group: 'Database', description: 'Network round trip between the application and PostgreSQL, paid by every statement.' },
  { key: 'deadlockTimeoutMs', label: 'deadlock_timeout', kind: 'number', default: 1000, min: 1, max: 10000, step: 1, unit: 'ms', live: true, group: 'Database', description: 'PostgreSQL waits this long on a lock before looking for a deadlock, so a deadlock costs at least this much.' },
]);

/** The transactions lab's parameter values, typed from the specs above. */
export type TransactionsParams = ParamValuesOf<typeof transactionsParams>;
