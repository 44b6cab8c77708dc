import { defineLab } from '../../lab/defineLab';
import { crossCheckPooling, poolingParams } from './params';
import { poolingMetrics } from './metrics';
import { lazyModel } from '../../lab/lazyModel';
import { POOLING_DATASET } from './statements';

/** The connection pooling lab. */
export const poolingLab = defineLab({
  id: 'pooling',
  title: 'Connection pooling',
  summary: 'Pool vs no pool, sizing, borrow timeouts, idle and lifetime limits, leaks and exhaustion, against a real PostgreSQL primary.',
  lesson:
    'Each request needs a connection. Opening one costs a round trip and a new PostgreSQL process, so a pool keeps some open and lends them out. Too small and requests queue for a connection; too large and the database runs more queries than it has cores, so every query slows down. Try the presets: no pool, exhaustion, fail-fast timeouts, a leak, an oversized pool, a burst.',
  params: poolingParams,
  crossCheck: crossCheckPooling,
  needsSql: (params) => params.query !== 'modelled',
  // Its statements are SELECTs whose results only fill the requests' stories.
  realStatementsOnlyRead: true,
  dataset: { customers: POOLING_DATASET.scale.customers, seed: POOLING_DATASET.seed },
  metrics: poolingMetrics,
  actions: [{ name: 'burst', description: 'N requests arrive at once: { "requests": N }.', args: { requests: { kind: 'integer', min: 1, max: 100000 } } }],
  sweep: {
    param: 'poolMax',
    values: [1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 30, 50, 75, 100],
    metrics: [
      { key: 'latencyMs.p99', label: 'p99 latency', unit: 'ms' },
      { key: 'throughputPerS', label: 'Throughput', unit: 'req/s' },
    ],
    pointParams: (params, value) => ({ ...params, poolMax: value, poolMin: Math.min(params.poolMin, value) }),
    unavailable: (params) => (!params.pooling ? 'This run has no pool ("Use a pool" is off), so there is no pool size to sweep.' : null),
  },
  defaultDurationS: 60,
  defaultWarmupS: 5,
  slowRequestsAre: 'connecting',
  create: lazyModel(() => import('./model').then((m) => m.createPoolingModel)),
});
