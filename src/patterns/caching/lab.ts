import { defineLab } from '../../lab/defineLab';
import { cachingParams, crossCheckCaching } from './params';
import { cachingMetrics } from './metrics';
import { lazyModel } from '../../lab/lazyModel';
import { CACHING_DATASET } from './statements';

/** The caching lab. */
export const cachingLab = defineLab({
  id: 'caching',
  title: 'Caching',
  summary: 'Cache-aside, read-through, write-through, write-behind and write-around in front of a real PostgreSQL primary: TTLs, eviction, stale reads, stampedes, and what a crash loses.',
  lesson:
    'A cache answers the reads it has seen recently and sends the rest to the database. How many it answers depends on how popular the keys are, how long entries live (TTL) and how many fit (capacity). Writes make cached rows old: delete them, update them, or accept stale reads until the TTL. Write-behind answers writes at once and writes the database later, so a crash loses what it had not flushed. And when a hot key expires, every reader may load it at once: a stampede.',
  params: cachingParams,
  crossCheck: crossCheckCaching,
  dataset: CACHING_DATASET,
  metrics: cachingMetrics,
  actions: [
    { name: 'crashCache', description: 'The cache process dies: its entries and its write-behind queue are lost until restartCache: {}.', args: {} },
    { name: 'restartCache', description: 'Restart the crashed cache, empty: {}.', args: {} },
    { name: 'flushNow', description: 'Write-behind: flush every pending write now: {}.', args: {} },
    { name: 'expireKey', description: 'Expire one key now (default key 1, the hottest under Zipf): { "key": 1 }.', args: { key: { kind: 'integer', min: 1, max: CACHING_DATASET.customers, optional: true } } },
    { name: 'writeBurst', description: 'N writes arrive at once: { "writes": N }.', args: { writes: { kind: 'integer', min: 1, max: 100000 } } },
  ],
  sweep: {
    param: 'capacity',
    values: [5, 10, 25, 50, 100, 200, 300, 500, 750, 1000],
    metrics: [
      { key: 'hitRatio', label: 'Hit ratio', unit: 'fraction', better: 'higher' },
      { key: 'latencyMs.p99', label: 'p99 read latency', unit: 'ms' },
    ],
    unavailable: (params) => (params.strategy === 'none' ? 'This run has no cache (strategy "none"), so there is no capacity to sweep.' : null),
  },
  otherSweeps: [
    {
      param: 'ttlMs',
      values: [100, 500, 1000, 2000, 5000, 10000, 30000, 60000, 300000],
      metrics: [
        { key: 'hitRatio', label: 'Hit ratio', unit: 'fraction', better: 'higher' },
        { key: 'staleReadFraction', label: 'Stale read share', unit: 'fraction' },
      ],
      unavailable: (params) => (params.strategy === 'none' ? 'This run has no cache (strategy "none"), so there is no TTL to sweep.' : null),
    },
  ],
  defaultDurationS: 60,
  defaultWarmupS: 5,
  slowRequestsAre: 'to the database',
  create: lazyModel(() => import('./model').then((m) => m.createCachingModel)),
});
