import { arrivalRateParam, dbCoresParam, momentParam, networkRttParam, shareParam, zipfExponentParam } from '../../lab/commonParams';
import { choices, defineParams, type ParamValuesOf } from '../../lab/params';
import { CACHING_DATASET } from './statements';

/** Parameters of the caching lab (times in ms). */
export const cachingParams = defineParams([
  {
    key: 'strategy',
    label: 'Strategy',
    kind: 'enum',
    default: 'cache-aside',
    // Short enough for the drop-down's width; the description says what each does.
    options: choices({
      none: 'No cache',
      'cache-aside': 'Cache-aside',
      'read-through': 'Read-through',
      'write-through': 'Write-through',
      'write-behind': 'Write-behind',
      'write-around': 'Write-around',
    }),
    live: false,
    group: 'Cache',
    description:
      'Who reads the database on a miss, and what a write does to the database and to the cache. Cache-aside: the application loads a miss and invalidates on write. Read-through: the cache loads a miss. Write-through: the cache writes the database, then answers. Write-behind: the cache answers at once and flushes later. Write-around: writes skip the cache.',
  },
  { key: 'ttlMs', label: 'TTL', kind: 'number', default: 30000, min: 0, max: 86400000, step: 100, unit: 'ms', live: true, group: 'Cache', description: 'How long an entry is served before it expires (0 = never).' },
  { key: 'ttlMode', label: 'TTL mode', kind: 'enum', default: 'fixed', options: choices({ fixed: 'Fixed (from insertion)', sliding: 'Sliding (refreshed on each hit)' }), live: true, group: 'Cache', description: 'Fixed: an entry lives ttlMs from when it was stored. Sliding: each hit gives it ttlMs more.' },
  { key: 'capacity', label: 'Capacity', kind: 'integer', default: 200, min: 0, max: 100000, step: 1, unit: 'entries', live: true, group: 'Cache', description: 'Most entries held; a full cache evicts one to store another (0 = unbounded).' },
  { key: 'eviction', label: 'Eviction', kind: 'enum', default: 'lru', options: choices({ lru: 'LRU (least recently used)', lfu: 'LFU (least frequently used)', fifo: 'FIFO (oldest first)', random: 'Random' }), live: true, group: 'Cache', description: 'Which entry a full cache gives up.' },
  { key: 'keys', label: 'Keys', kind: 'integer', default: 1000, min: 1, max: CACHING_DATASET.customers, step: 1, unit: 'keys', live: true, group: 'Workload', description: 'Distinct keys requested: key k is customer k of the demo dataset.' },
  { key: 'keyDist', label: 'Key popularity', kind: 'enum', default: 'zipf', options: choices({ uniform: 'Uniform', zipf: 'Zipf (a few hot keys)' }), live: true, group: 'Workload', description: 'Uniform: every key equally likely. Zipf: key k is requested in proportion to 1/k^s (key 1 hottest).' },
  zipfExponentParam({ default: 1, group: 'Workload', description: 'Skew of the Zipf popularity: 0 is uniform, 1 is typical of web caches, 2 is a few keys taking almost everything.' }),
  shareParam({ key: 'readFraction', label: 'Read fraction', default: 0.9, group: 'Workload', description: 'Share of requests that read a key; the others write it (update the customer row).' }),
  arrivalRateParam({ default: 200, min: 0.1, max: 20000, step: 1, group: 'Workload', description: 'Requests per second, as a Poisson stream.' }),
  {
    key: 'cachedQuery',
    label: 'What is cached',
    kind: 'enum',
    default: 'profile',
    options: choices({ profile: "Customer's profile", recommendations: 'Recommendations' }),
    live: false,
    group: 'Workload',
    description:
      "The query a miss runs on the primary for its key: the customer's profile (a join and an aggregate) or recommendations for the customer (an expensive join); its time comes from the cost model of its real plan (about 1.5 ms and 17 ms).",
  },
  { key: 'cacheMs', label: 'Cache round trip', kind: 'number', default: 0.5, min: 0, max: 100, step: 0.05, unit: 'ms', live: true, group: 'Network', description: 'A request to the cache and its answer (Redis in the same zone: a few tenths of a ms).' },
  networkRttParam({ label: 'Database round trip', default: 1, max: 200, group: 'Network', description: 'A statement sent to the primary and its answer come back, on top of its execution time.' }),
  dbCoresParam({ default: 4, max: 128, group: 'Database', description: 'Statements beyond this many share the CPUs and slow each other down (a stampede shows it).' }),
  { key: 'flushIntervalMs', label: 'Flush interval', kind: 'number', default: 1000, min: 0, max: 600000, step: 10, unit: 'ms', live: true, group: 'Write-behind', description: 'Write-behind: how often the queued writes are sent to the database (must be above 0).' },
  { key: 'flushBatch', label: 'Flush batch', kind: 'integer', default: 100, min: 1, max: 10000, step: 1, unit: 'writes', live: true, group: 'Write-behind', description: 'Write-behind: most writes one batch statement carries.' },
  { key: 'invalidateOnWrite', label: 'On write', kind: 'enum', default: 'delete', options: choices({ delete: 'Delete the key', update: 'Update the entry', none: 'Nothing (wait for the TTL)' }), live: true, group: 'Consistency', description: 'Cache-aside and read-through: after its write commits, what the application does to the cached entry.' },
  { key: 'setCheck', label: 'Check on set', kind: 'enum', default: 'none', options: choices({ none: 'None', lease: 'Lease (a write cancels it)' }), live: true, group: 'Consistency', description: 'Lease: a reader that misses takes a lease; a write or delete of the key cancels it, and the store of the old row it loaded is refused (the fix for the cache-aside race).' },
  {
    key: 'stampede',
    label: 'Stampede protection',
    kind: 'enum',
    default: 'none',
    // Short enough for the drop-down's width; the description says what each does.
    options: choices({
      none: 'None',
      lock: 'Lock (one loader)',
      'stale-while-revalidate': 'Stale-while-revalidate',
      'early-refresh': 'Early refresh',
    }),
    live: true,
    group: 'Consistency',
    description:
      'What happens when a hot key expires. None: every reader that misses loads it. Lock: one loader per key, the others wait for it. Stale-while-revalidate: the old value is served while one refresh runs. Early refresh: one reader refreshes the entry shortly before it expires.',
  },
  momentParam({ key: 'cacheCrashAtS', label: 'Crash cache at', group: 'Faults', description: 'The cache process dies at this time, losing its entries and its write-behind queue, until restartCache (0 = never).' }),
]);

/** The caching lab's parameter values, typed from the specs above. */
export type CachingParams = ParamValuesOf<typeof cachingParams>;

/** Write-behind needs a flush interval above 0 (it would never flush). */
export function crossCheckCaching(params: CachingParams): { key: string; message: string }[] {
  if (params.strategy === 'write-behind' && params.flushIntervalMs <= 0) {
    return [{ key: 'flushIntervalMs', message: 'expected a flush interval above 0 ms with write-behind (the queue would never flush), found 0' }];
  }
  return [];
}
