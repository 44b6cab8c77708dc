import { arrivalRateParam, networkRttParam, shareParam } from '../../lab/commonParams';
import { choices, defineParams, type ParamValuesOf } from '../../lab/params';
import { DENORM_DATASET } from './costs';

/** Parameters of the denormalization lab (times in ms unless the key says otherwise). */
export const denormParams = defineParams([
  {
    key: 'readModel',
    label: 'Read model',
    kind: 'enum',
    default: 'normalized',
    // Short enough for the drop-down's width; the description says what each is.
    options: choices({
      normalized: 'Normalized (4-join)',
      'denormalized-table': 'Copy kept by the app',
      'trigger-maintained': 'Copy kept by triggers',
      'materialized-view': 'Materialized view',
    }),
    group: 'Read model',
    description:
      'Where "a customer with all their order details" is read from: the normalized tables (a 4-join, always live), a denormalized table kept by the application or by triggers, or a materialized view. Changing it rebuilds the copy: it applies at the next reset.',
  },
  {
    key: 'syncMode',
    label: 'Copy kept in sync',
    kind: 'enum',
    default: 'same-transaction',
    options: choices({ 'same-transaction': 'Same transaction', 'after-commit': 'After commit', 'async-queue': 'Through a queue' }),
    live: true,
    group: 'Read model',
    description:
      'Denormalized table only: when the application updates its copy after a write: in the same transaction as the write, after the write commits (a second statement), or through a queue after a delay.',
  },
  {
    key: 'syncDelayMs',
    label: 'Queue delay',
    kind: 'number',
    default: 500,
    min: 0,
    max: 600000,
    step: 10,
    unit: 'ms',
    logScale: true,
    live: true,
    group: 'Read model',
    description: 'async-queue only: how long a change waits in the queue before a worker copies it.',
  },
  shareParam({ key: 'syncBugRate', label: 'Forgotten copies', default: 0, unit: 'fraction', group: 'Read model', description: 'Share of writes whose copy the application forgets (a code path that skips it, a crash between the two): the copy drifts. Triggers never forget.' }),
  {
    key: 'refresh',
    label: 'View refresh',
    kind: 'enum',
    default: 'manual',
    options: choices({
      manual: 'Manual (Refresh now)',
      scheduled: 'Scheduled',
      'on-write': 'On every write',
      concurrently: 'Scheduled, concurrently',
    }),
    live: true,
    group: 'Materialized view',
    description:
      'Materialized view only: when it is refreshed. Manual (the default) only when you press Refresh now; scheduled: REFRESH every interval; on every write: each write refreshes; scheduled, concurrently: REFRESH … CONCURRENTLY every interval. Any value but manual needs the materialized-view read model.',
  },
  {
    key: 'refreshIntervalS',
    label: 'Refresh interval',
    kind: 'number',
    default: 10,
    min: 0,
    max: 86400,
    step: 1,
    unit: 's',
    logScale: true,
    live: true,
    group: 'Materialized view',
    description: 'scheduled and concurrently: seconds between refreshes (must be above 0).',
  },
  {
    key: 'uniqueIndex',
    label: 'Unique index on the view',
    kind: 'boolean',
    default: true,
    group: 'Materialized view',
    description: 'A unique index on (order_id, line): REFRESH … CONCURRENTLY needs one, and PostgreSQL refuses it without.',
  },
  arrivalRateParam({ default: 20, min: 0.1, max: 2000, step: 0.1, group: 'Load', description: 'Requests per second (Poisson), reads and writes together.' }),
  shareParam({ key: 'writeFraction', label: 'Writes', default: 0.1, unit: 'fraction', group: 'Load', description: 'Share of requests that write: half new orders, a quarter price changes, a quarter renamed customers. Every one of them is a change the copies must follow.' }),
  {
    key: 'customers',
    label: 'Customers in play',
    kind: 'integer',
    default: 100,
    min: 1,
    max: DENORM_DATASET.customers,
    step: 1,
    unit: 'customers',
    logScale: true,
    live: true,
    group: 'Load',
    description: 'Reads and writes pick a customer among the first N: fewer means each read is more likely to miss a recent write.',
  },
  networkRttParam({ label: 'Network round trip', default: 1, max: 200, group: 'Network', description: 'Application to database and back, paid once per statement the application sends.' }),
]);

/** The denormalization lab's parameter values, typed from the specs above. */
export type DenormParams = ParamValuesOf<typeof denormParams>;

export type ReadModel = DenormParams['readModel'];
export type SyncMode = DenormParams['syncMode'];
export type RefreshStrategy = DenormParams['refresh'];

/** The problems with a set of parameters that each value alone cannot show. */
export function denormCrossCheck(p: DenormParams): { key: string; message: string }[] {
  const issues: { key: string; message: string }[] = [];
  if (p.refresh !== 'manual' && p.readModel !== 'materialized-view') {
    issues.push({ key: 'refresh', message: `"${p.refresh}" refreshes a materialized view, and the read model "${p.readModel}" has none: choose the materialized-view read model, or leave refresh at "manual"` });
  }
  if ((p.refresh === 'scheduled' || p.refresh === 'concurrently') && !(p.refreshIntervalS > 0)) {
    issues.push({ key: 'refreshIntervalS', message: `a ${p.refresh} refresh needs an interval above 0 s, found ${p.refreshIntervalS}` });
  }
  return issues;
}
