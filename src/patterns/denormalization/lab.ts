import { defineLab } from '../../lab/defineLab';
import { DENORM_DATASET, denormCosts } from './costs';
import { lazyModel } from '../../lab/lazyModel';
import { denormCrossCheck, denormParams } from './params';
import { denormalizationMetrics } from './metrics';

const CUSTOMER = { kind: 'integer', min: 1, max: DENORM_DATASET.customers, optional: true } as const;
const PRODUCT = { kind: 'integer', min: 1, max: denormCosts.facts.products, optional: true } as const;

/** The denormalization and materialized views lab. */
export const denormalizationLab = defineLab({
  id: 'denormalization',
  title: 'Denormalization & materialized views',
  summary: 'The 4-join read against a copy kept by the application, by triggers or as a materialized view: staleness, drift, refresh locks and storage, on a real PostgreSQL primary.',
  lesson:
    'The normalized read joins five tables every time. A copy makes the read one index scan, and you pay for it: the copy is stale until it is refreshed (a scheduled view is about half an interval behind), an application that forgets to update it drifts for good, a plain REFRESH locks readers out while it runs (CONCURRENTLY does not, but costs more), every price change rewrites every copied line of the product, and the copy takes as much disk as the tables it copies. Triggers keep it in sync inside the write, at the write\'s expense.',
  params: denormParams,
  crossCheck: denormCrossCheck,
  dataset: DENORM_DATASET,
  metrics: denormalizationMetrics,
  actions: [
    { name: 'refreshNow', description: 'Refresh the materialized view now, in the form in force (plain, or CONCURRENTLY): {}.', args: {} },
    { name: 'renameCustomer', description: 'A customer changes their name: { "customer": 7 } (default: one drawn among those in play).', args: { customer: CUSTOMER } },
    { name: 'changePrice', description: 'A product\'s price goes up: { "product": 3 } (default: one drawn); every copied line of it must follow.', args: { product: PRODUCT } },
  ],
  sweep: {
    param: 'refreshIntervalS',
    values: [1, 2, 5, 10, 20, 30, 60, 120],
    metrics: [
      { key: 'staleness.meanS', label: 'Mean staleness', unit: 's' },
      { key: 'refresh.count', label: 'Refreshes', unit: 'refreshes' },
    ],
    unavailable: (p) => (p.readModel === 'materialized-view' && (p.refresh === 'scheduled' || p.refresh === 'concurrently') ? null : 'the refresh interval matters for a materialized view refreshed on a schedule only'),
  },
  defaultDurationS: 60,
  defaultWarmupS: 0,
  slowRequestsAre: 'a write',
  create: lazyModel(() => import('./model').then((m) => m.createDenormModel)),
});
