import { describe, expect, it } from 'vitest';
import { cachingParams, type CachingParams } from '../params';
import { strategySnippets } from './strategyCode';

const defaults = Object.fromEntries(cachingParams.map((p) => [p.key, p.default])) as CachingParams;
const code = (over: Partial<CachingParams>, id = 'python') => strategySnippets({ ...defaults, ...over }).find((s) => s.id === id)!.code;

describe('the caching lab as code: its strategy in Python with redis-py, and redis.conf', () => {
  it('cache-aside: a hit, a miss loaded and stored with the TTL, and the write invalidating the key', () => {
    const py = code({ strategy: 'cache-aside', ttlMs: 45000, invalidateOnWrite: 'delete' });
    expect(py).toContain('TTL_MS = 45000  # fixed');
    expect(py).toContain('row = load_from_db(key)\n    r.set(key, json.dumps(row), px=TTL_MS)');
    expect(py).toContain('    save_to_db(key, row)\n    r.delete(key)');
    expect(code({ strategy: 'cache-aside', invalidateOnWrite: 'update' })).toMatch(/save_to_db\(key, row\)\n {4}r\.set\(key, json\.dumps\(row\), px=TTL_MS\)/);
    expect(code({ strategy: 'cache-aside', invalidateOnWrite: 'none' })).toContain('readers get the old row until the TTL');
  });

  it('a sliding TTL is refreshed on each hit; TTL 0 stores without one', () => {
    expect(code({ ttlMode: 'sliding', ttlMs: 5000 })).toContain('r.pexpire(key, TTL_MS)');
    const forever = code({ ttlMs: 0 });
    expect(forever).not.toContain('TTL_MS');
    expect(forever).toContain('r.set(key, json.dumps(row))  # TTL 0');
  });

  it.each([
    ['read-through', 'on a miss the layer runs the loader'],
    ['write-through', 'the cache layer writes the database, then answers'],
    ['write-around', 'the cache is not touched'],
    ['none', 'No cache: every read runs its query on the primary.'],
  ] as const)('%s says who reads and writes the database', (strategy, text) => {
    expect(code({ strategy })).toContain(text);
  });

  it('write-behind carries the flush interval and batch, and says a crash loses the queue', () => {
    const py = code({ strategy: 'write-behind', flushIntervalMs: 250, flushBatch: 40 });
    expect(py).toContain('FLUSH_INTERVAL_S = 0.25');
    expect(py).toContain('FLUSH_BATCH = 40');
    expect(py).toContain('r.rpush("write-behind"');
    expect(py).toContain('the writes still in its queue are lost');
  });

  it('stampede protection and the lease are in the miss path', () => {
    expect(code({ stampede: 'lock' })).toContain('with r.lock(f"lock:{key}", timeout=10):');
    expect(code({ stampede: 'stale-while-revalidate' })).toContain('served the old value');
    expect(code({ stampede: 'early-refresh' })).toContain('r.pttl(key)');
    expect(code({ stampede: 'none' })).toContain('every reader that misses loads the key');
    expect(code({ setCheck: 'lease' })).toContain('store_if_lease_held(key, lease, row)');
  });

  it.each([
    ['lru', 'allkeys-lru'],
    ['lfu', 'allkeys-lfu'],
    ['random', 'allkeys-random'],
    ['fifo', 'allkeys-lru'],
  ] as const)('eviction %s is maxmemory-policy %s, with the capacity', (eviction, policy) => {
    const conf = code({ eviction, capacity: 750 }, 'redis-conf');
    expect(conf).toContain(`\nmaxmemory-policy ${policy}\n`);
    expect(conf).toContain('750 entries');
    expect(conf.includes('no FIFO')).toBe(eviction === 'fifo');
    expect(code({ capacity: 0 }, 'redis-conf')).toContain('maxmemory 0');
  });
});
