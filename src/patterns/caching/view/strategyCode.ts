import type { Snippet } from '../../../settings/snippet';
import type { CachingParams } from '../params';

type StrategyParams = Pick<CachingParams, 'strategy' | 'ttlMs' | 'ttlMode' | 'capacity' | 'eviction' | 'invalidateOnWrite' | 'setCheck' | 'stampede' | 'flushIntervalMs' | 'flushBatch'>;

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}.0` : String(ms / 1000));

/** How an entry is stored: with the run's TTL (none for 0). */
function store(p: StrategyParams, value = 'json.dumps(row)'): string {
  return p.ttlMs > 0 ? `r.set(key, ${value}, px=TTL_MS)` : `r.set(key, ${value})  # TTL 0: kept until evicted`;
}

/** A hit, with the sliding TTL refreshed when the run uses one. */
function hit(p: StrategyParams): string[] {
  const out = ['    cached = r.get(key)', '    if cached is not None:'];
  if (p.ttlMode === 'sliding' && p.ttlMs > 0) out.push('        r.pexpire(key, TTL_MS)  # sliding TTL: each hit gives it TTL_MS more');
  out.push('        return json.loads(cached)');
  return out;
}

/** A miss: one loader (lock), the old value while one refresh runs, or everybody loads. */
function miss(p: StrategyParams): string[] {
  const load = p.setCheck === 'lease'
    ? ['    lease = take_lease(key)  # SET lease:<key> <token> NX; a write of the key deletes it', '    row = load_from_db(key)', `    store_if_lease_held(key, lease, row)  # the old row is refused if a write came in between`]
    : ['    row = load_from_db(key)', `    ${store(p)}`];
  switch (p.stampede) {
    case 'lock':
      return ['    with r.lock(f"lock:{key}", timeout=10):  # one loader per key; the others wait here', '        cached = r.get(key)  # loaded while we waited?', '        if cached is not None:', '            return json.loads(cached)', ...load.map((l) => `    ${l}`), '        return row'];
    case 'stale-while-revalidate':
      return ['    # stale-while-revalidate: the entry keeps its old value past its freshness; one reader', '    # refreshes it (SET refreshing:<key> NX) while the others are served the old value.', ...load, '    return row'];
    case 'early-refresh':
      return ['    # early refresh: a reader that finds the entry about to expire (r.pttl(key) small)', '    # reloads it before it does, so a hot key never misses.', ...load, '    return row'];
    case 'none':
      return ['    # no stampede protection: every reader that misses loads the key', ...load, '    return row'];
  }
}

/** The write path of the run's strategy. */
function write(p: StrategyParams): string[] {
  const head = 'def write(key, row):';
  switch (p.strategy) {
    case 'none':
      return [head, '    save_to_db(key, row)'];
    case 'cache-aside':
    case 'read-through': {
      const after =
        p.invalidateOnWrite === 'delete'
          ? '    r.delete(key)  # after the commit: the next read loads the new row'
          : p.invalidateOnWrite === 'update'
            ? `    ${store(p)}  # after the commit: the entry holds the new row`
            : '    # nothing: readers get the old row until the TTL expires it';
      return [head, '    save_to_db(key, row)', after];
    }
    case 'write-through':
      return [head, '    save_to_db(key, row)  # the cache layer writes the database, then answers', `    ${store(p)}`];
    case 'write-behind':
      return [
        head,
        `    ${store(p)}`,
        '    r.rpush("write-behind", json.dumps([key, row]))  # answered now, written later',
        '',
        `FLUSH_INTERVAL_S = ${seconds(p.flushIntervalMs)}`,
        `FLUSH_BATCH = ${p.flushBatch}`,
        '',
        'def flush_forever():  # a worker: every FLUSH_INTERVAL_S, up to FLUSH_BATCH writes in one statement',
        '    while True:',
        '        writes = r.lpop("write-behind", FLUSH_BATCH) or []',
        '        save_many_to_db([json.loads(w) for w in writes])',
        '        time.sleep(FLUSH_INTERVAL_S)',
        '# If the cache dies, the writes still in its queue are lost.',
      ];
    case 'write-around':
      return [head, '    save_to_db(key, row)  # the cache is not touched: it fills on reads'];
  }
}

/** The run's strategy in Python with redis-py. */
function pythonCode(p: StrategyParams): string {
  if (p.strategy === 'none') return ['# No cache: every read runs its query on the primary.', 'def read(key):', '    return load_from_db(key)', '', ...write(p)].join('\n');
  const lines = ['import json, time', 'import redis', '', 'r = redis.Redis(host="cache")'];
  if (p.ttlMs > 0) lines.push(`TTL_MS = ${p.ttlMs}  # ${p.ttlMode === 'sliding' ? 'sliding: refreshed on each hit' : 'fixed: from when it was stored'}`);
  lines.push('');
  if (p.strategy === 'read-through') lines.push('# Read-through: the application asks the cache layer only; on a miss the layer runs the loader', '# below (Redis itself cannot load: a client-side layer or a cache with a loader does).');
  else lines.push(`# ${p.strategy === 'cache-aside' || p.strategy === 'write-around' ? 'The application loads a miss itself and stores it (cache-aside reads).' : 'Reads as cache-aside: a miss is loaded and stored.'}`);
  lines.push('def read(key):', ...hit(p), ...miss(p), '', ...write(p));
  return lines.join('\n');
}

const REDIS_POLICY: Record<StrategyParams['eviction'], string> = { lru: 'allkeys-lru', lfu: 'allkeys-lfu', random: 'allkeys-random', fifo: 'allkeys-lru' };

/** Capacity and eviction as redis.conf (Redis counts bytes, the lab entries). */
function redisConf(p: StrategyParams): string {
  const lines = ['# redis.conf'];
  if (p.capacity === 0) lines.push('# Capacity 0: unbounded. maxmemory 0 lets the cache grow until the machine runs out.', 'maxmemory 0');
  else lines.push(`# Redis limits bytes, the lab entries: ${p.capacity} entries × the size of one.`, `maxmemory ${p.capacity}kb  # if an entry is about 1 kB`);
  if (p.eviction === 'fifo') lines.push('# Redis has no FIFO eviction: allkeys-lru is the closest (it evicts by last use, not by age).');
  lines.push(`maxmemory-policy ${REDIS_POLICY[p.eviction]}`);
  return lines.join('\n');
}

/** The caching lab's strategy as code, for its current parameters. */
export function strategySnippets(p: StrategyParams): Snippet[] {
  return [
    { id: 'python', label: 'Python (redis-py)', title: `${p.strategy === 'none' ? 'No cache' : p.strategy} in Python with redis-py`, code: `${pythonCode(p)}\n` },
    { id: 'redis-conf', label: 'redis.conf', title: 'Capacity and eviction in redis.conf', code: `${redisConf(p)}\n` },
  ];
}
