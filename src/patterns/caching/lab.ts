import { defineLab } from '../../lab/defineLab';
import { cachingParams, crossCheckCaching } from './params';
import { lazyModel } from '../../lab/lazyModel';
import { CACHING_DATASET } from './statements';

/** The caching lab. */
export const cachingLab = defineLab({
  id: 'caching',
  title: 'Caching',
  summary: 'Cache-aside, read-through, write-through, write-behind and write-around in front of a real PostgreSQL primary: TTLs, eviction, stale reads, stampedes, and what a crash loses.',
  params: cachingParams,
  crossCheck: crossCheckCaching,
  dataset: { customers: CACHING_DATASET.customers, seed: CACHING_DATASET.seed },
  metrics: [
    { key: 'hitRatio', label: 'Hit ratio', unit: 'fraction', origin: 'simulated', description: 'reads.hits / reads.total.' },
    { key: 'reads.total', label: 'Reads', unit: 'reads', origin: 'simulated', description: 'Reads answered (hits + misses).' },
    { key: 'reads.hits', label: 'Hits', unit: 'reads', origin: 'simulated', description: 'Reads answered by the cache: a fresh entry, an expired one served while revalidating, or a write-behind write still queued.' },
    { key: 'reads.misses', label: 'Misses', unit: 'reads', origin: 'simulated', description: 'Reads the cache could not answer: they loaded the key, or waited for another reader’s load (lock), or found the cache down.' },
    { key: 'reads.stale', label: 'Stale reads', unit: 'reads', origin: 'simulated', description: 'Reads that returned a row older than the database’s latest committed one (each with its cause).' },
    { key: 'staleReadFraction', label: 'Stale read share', unit: 'fraction', origin: 'simulated', description: 'reads.stale / reads.total.' },
    { key: 'staleCauses', label: 'Stale reads by cause', unit: 'reads', origin: 'simulated', description: 'noInvalidation, race (the cache-aside race), writeAround, invalidationInFlight, other.' },
    { key: 'db.reads', label: 'Database reads', unit: 'statements', origin: 'simulated', description: 'Loads sent to the primary (misses and background refreshes).' },
    { key: 'db.writes', label: 'Database writes', unit: 'statements', origin: 'simulated', description: 'Write statements the primary committed (a write-behind flush batch is one).' },
    { key: 'db.readsSaved', label: 'Reads saved', unit: 'reads', origin: 'simulated', description: 'Reads that did not query the database themselves: hits, and readers that waited for another’s load.' },
    { key: 'db.cpuUtilization', label: 'Database CPU', unit: 'fraction', origin: 'simulated', description: 'Busy cores over cores.' },
    { key: 'latencyMs', label: 'Read latency', unit: 'ms', origin: 'simulated', description: 'Reads: arrival at the application to the answer.' },
    { key: 'writeLatencyMs', label: 'Write latency', unit: 'ms', origin: 'simulated', description: 'Writes: arrival to the acknowledgement (write-behind acknowledges before the database has it).' },
    { key: 'writeBehind.acknowledged', label: 'Acknowledged', unit: 'writes', origin: 'simulated', description: 'Writes the write-behind cache acknowledged (plus those pending when the warm-up ended): acknowledged = flushed + pending + lostOnCrash.' },
    { key: 'writeBehind.flushed', label: 'Flushed', unit: 'writes', origin: 'simulated', description: 'Writes committed in the primary by a flush.' },
    { key: 'writeBehind.pending', label: 'Pending', unit: 'writes', origin: 'simulated', description: 'Acknowledged, not yet committed: queued or in a batch on its way.' },
    { key: 'writeBehind.maxPending', label: 'Most pending', unit: 'writes', origin: 'simulated', description: 'Most writes pending at once.' },
    { key: 'writeBehind.lostOnCrash', label: 'Lost on crash', unit: 'writes', origin: 'simulated', description: 'Acknowledged writes a cache crash lost before they were flushed (each listed in the view).' },
    { key: 'stampede.maxConcurrentLoads', label: 'Most loads of a key', unit: 'loads', origin: 'simulated', description: 'Most database loads of one key in flight at the same time.' },
    { key: 'cache.entries', label: 'Entries', unit: 'entries', origin: 'simulated', description: 'Entries within their TTL now.' },
    { key: 'cache.evictions', label: 'Evictions', unit: 'entries', origin: 'simulated', description: 'Entries removed to make room (capacity).' },
    { key: 'cache.expirations', label: 'Expirations', unit: 'entries', origin: 'simulated', description: 'Entries found past their TTL (and any stale grace) and removed.' },
    { key: 'requests.arrived', label: 'Arrived', unit: 'requests', origin: 'simulated', description: 'Reads and writes after the warm-up, plus those in flight when it ended.' },
    { key: 'requests.completed', label: 'Completed', unit: 'requests', origin: 'simulated', description: 'Reads answered and writes acknowledged.' },
    { key: 'requests.failed', label: 'Failed', unit: 'requests', origin: 'simulated', description: 'Requests a down cache could not serve (so arrived = completed + failed + in flight).' },
    { key: 'requests.inFlight', label: 'In flight', unit: 'requests', origin: 'simulated', description: 'Requests still running at the end.' },
    { key: 'sql.statementsRun', label: 'Statements run for real', unit: 'statements', origin: 'real', description: 'Statements PGlite really executed: every write and flush, a sample of loads (the rest are modelled with the same timing).' },
    { key: 'theory.hitRatio', label: 'Theory: hit ratio', unit: 'fraction', origin: 'theory', description: 'Reads only: TTL hit ratios weighted by key popularity (no capacity limit), or Che’s approximation for LRU (no TTL), or its FIFO/random analogue.' },
  ],
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
  lesson:
    'A cache answers the reads it has seen recently and sends the rest to the database. How many it answers depends on how popular the keys are, how long entries live (TTL) and how many fit (capacity). Writes make cached rows old: delete them, update them, or accept stale reads until the TTL. Write-behind answers writes at once and writes the database later, so a crash loses what it had not flushed. And when a hot key expires, every reader may load it at once: a stampede.',
  create: lazyModel(() => import('./model').then((m) => m.createCachingModel)),
});
