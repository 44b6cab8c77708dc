import type { Environment, Rng, SimEvent } from '../../engine';
import type { LabContext, LabModel } from '../../lab/labDefinition';
import { LiveParams, RememberedRequests, RunStatistics, WindowedSampler, labModel } from '../../lab/kit';
import { Cache, type CacheSettings } from '../../models/cache';
import { DatabaseCpu } from '../../models/databaseCpu';
import { OrderedSql } from '../../models/orderedSql';
import { poissonArrivals } from '../../models/poissonArrivals';
import { RealStatementBudget } from '../../models/realStatementBudget';
import { WriteBehindQueue, type QueuedWrite } from '../../models/writeBehindQueue';
import { cachingAction } from './actions';
import type { CachedValue } from './cachedValue';
import type { CacheEvent, CachingDetail, LostWrite } from './detail';
import { KeyBook } from './keyBook';
import type { CachingParams } from './params';
import { flushToPrimary } from './primary';
import { cachingProjection, cachingSample } from './project';
import { readRequest } from './reads';
import { arrivingRequest, type CacheRequest, type Place, type StaleCause } from './request';
import { describeCacheRequest } from './requestStory';
import { CACHED_QUERIES, CACHING_DATASET } from './statements';
import { writeRequest } from './writes';

/** Stale reads kept for the view's list (their stories stay inspectable). */
const REMEMBERED_STALE = 40;
/** Lost writes listed (the count is exact). */
const REMEMBERED_LOST = 500;
/** Cache events (crashes, restarts, expiries, bursts) and evictions kept for the view. */
const REMEMBERED_EVENTS = 40;

/** A write the write-behind queue holds, with the request that made it (its story stays inspectable while it is pending, or lost). */
export interface PendingWrite extends QueuedWrite<number> {
  readonly request: CacheRequest;
}

/** Counters the end of the warm-up zeroes. */
const COUNTERS = {
  arrived: 0,
  completed: 0,
  failed: 0,
  reads: 0,
  hits: 0,
  misses: 0,
  stale: 0,
  readsSaved: 0,
  dbReads: 0,
  dbWrites: 0,
  acknowledged: 0,
  lostOnCrash: 0,
  staleNoInvalidation: 0,
  staleRace: 0,
  staleWriteAround: 0,
  staleInvalidationInFlight: 0,
  staleOther: 0,
};

const STALE_COUNTER: Record<StaleCause, keyof typeof COUNTERS> = {
  'no-invalidation': 'staleNoInvalidation',
  race: 'staleRace',
  'write-around': 'staleWriteAround',
  'invalidation-in-flight': 'staleInvalidationInFlight',
  other: 'staleOther',
};

function cacheSettings(p: CachingParams): CacheSettings {
  return {
    ttlMs: p.ttlMs,
    ttlMode: p.ttlMode,
    capacity: p.capacity,
    eviction: p.eviction,
    // Stale-while-revalidate serves an expired entry for one more TTL while one reader refreshes it.
    staleGraceMs: p.stampede === 'stale-while-revalidate' ? p.ttlMs : 0,
  };
}

/**
 * The caching lab's world: Poisson clients read and write keys (customers) through an application
 * that uses a cache in front of a PostgreSQL primary, by one of six strategies; the cache has a
 * TTL, a capacity and an eviction policy, stampede protection, and a write-behind queue that a
 * crash empties. Its state and processes (reads.ts, writes.ts, primary.ts); what the screen and
 * the CLI show of it is in project.ts and requestStory.ts.
 */
export class CachingSystem {
  readonly env: Environment;
  readonly durationMs: number;
  /** Metrics count from here on; the view marks what happened before. */
  readonly warmupMs: number;
  readonly params: LiveParams<CachingParams>;
  /** Fixed for the run (the cache's role cannot change under running requests). */
  readonly strategy: CachingParams['strategy'];
  readonly cache: Cache<number, CachedValue>;
  readonly queue: WriteBehindQueue<PendingWrite>;
  readonly book = new KeyBook(CACHING_DATASET.customers);
  readonly cpu: DatabaseCpu;
  readonly sql: OrderedSql;
  /** What a key's cached value is (fixed for the run). */
  readonly cachedQuery: CachingParams['cachedQuery'];
  /** Loads that run for real in PGlite per simulated second (every write runs). */
  readonly realReads: RealStatementBudget;
  readonly stats: RunStatistics<typeof COUNTERS>;
  readonly readLatency;
  readonly writeLatency;
  readonly sampler: WindowedSampler;
  readonly inFlight = new Map<number, CacheRequest>();
  readonly remembered = new RememberedRequests<CacheRequest>();
  readonly staleRemembered = new RememberedRequests<CacheRequest>(REMEMBERED_STALE);
  readonly lostRemembered = new RememberedRequests<CacheRequest>(REMEMBERED_LOST);
  readonly recentStale: CacheRequest[] = [];
  readonly lostWrites: LostWrite[] = [];
  readonly events: CacheEvent[] = [];
  readonly recentEvictions: { key: number; t: number }[] = [];
  /** Whether the cache process is running. */
  cacheUp = true;
  /** Bumped by every crash: work the cache started before one does not land in the restarted cache. */
  cacheEpoch = 0;
  /** Crashes so far (the theory no longer applies after one). */
  crashes = 0;
  /** Writes lost in crashes since the start (the metric counts those after the warm-up). */
  lostEver = 0;
  nextWriteId = 1;
  /** Database CPU busy area at the previous chart sample (for a per-window utilization). */
  cpuBusyAtSample = { t: 0, busy: 0 };
  readonly refreshRng: Rng;
  private nextId = 1;
  private readonly arrivalsRng: Rng;
  private readonly kindRng: Rng;
  private readonly keyRng: Rng;

  constructor(ctx: LabContext<CachingParams>) {
    const { env } = ctx;
    this.env = env;
    this.durationMs = ctx.durationMs;
    this.warmupMs = ctx.warmupMs;
    this.arrivalsRng = ctx.rng.fork('arrivals');
    this.kindRng = ctx.rng.fork('request-kind');
    this.keyRng = ctx.rng.fork('keys');
    const evictionRng = ctx.rng.fork('eviction');
    this.refreshRng = ctx.rng.fork('early-refresh');
    const reconfigure = (p: CachingParams) => this.cache.configure(cacheSettings(p));
    this.params = new LiveParams(env, ctx.params, {
      ttlMs: reconfigure,
      ttlMode: reconfigure,
      capacity: reconfigure,
      eviction: reconfigure,
      stampede: reconfigure,
      dbCores: (p) => this.cpu.setCores(p.dbCores),
      flushIntervalMs: () => this.queue.reschedule(),
    });
    const p = this.params.values;
    this.strategy = p.strategy;
    this.cachedQuery = p.cachedQuery;
    this.realReads = new RealStatementBudget(CACHED_QUERIES[p.cachedQuery].realPerSecond);
    this.cache = new Cache(cacheSettings(p), evictionRng, {
      removed: (entry, why) => {
        if (why !== 'capacity') return;
        this.recentEvictions.push({ key: entry.key, t: env.now });
        if (this.recentEvictions.length > REMEMBERED_EVENTS) this.recentEvictions.shift();
      },
    });
    this.cpu = new DatabaseCpu(env, p.dbCores);
    this.sql = new OrderedSql(ctx.sql);
    this.stats = new RunStatistics(env, COUNTERS);
    this.readLatency = this.stats.histogram();
    this.writeLatency = this.stats.histogram();
    this.queue = new WriteBehindQueue<PendingWrite>(env, () => this.params.values, (batch) => flushToPrimary(this, batch));
    this.sampler = new WindowedSampler(env, ctx.durationMs, (w, t) => cachingSample(this, w, t));
  }

  start(): void {
    this.env.process(
      poissonArrivals(this.env, this.arrivalsRng, () => this.params.values.arrivalRate, () => this.admit(null)),
      'arrivals',
    );
    if (this.strategy === 'write-behind') this.queue.start();
    const crashAt = this.params.values.cacheCrashAtS;
    if (crashAt > 0) this.env.timeout(crashAt * 1000).addCallback(() => this.crash('scheduled (cacheCrashAtS)'));
    this.sampler.start();
  }

  /** A new request: a read or a write of a key drawn from the popularity; `kind` forces one (a burst). */
  admit(kind: 'read' | 'write' | null): void {
    const p = this.params.values;
    const k = kind ?? (this.kindRng.chance(p.readFraction) ? 'read' : 'write');
    const key = p.keyDist === 'zipf' ? this.keyRng.zipf(p.keys, p.zipfS) : this.keyRng.int(1, p.keys);
    const r = arrivingRequest(this.nextId++, k, key, this.env.now);
    this.stats.counts.arrived++;
    this.inFlight.set(r.id, r);
    this.env.process(k === 'read' ? readRequest(this, r) : writeRequest(this, r), k);
  }

  /** Put `r` on a leg (for the particle layer) without waiting. */
  draw(r: CacheRequest | null, from: Place, to: Place, ms: number): void {
    if (r === null) return;
    r.from = from;
    r.to = to;
    r.legStart = this.env.now;
    r.legEnd = this.env.now + ms;
  }

  /** Put `r` on a leg and wait for it to end. */
  leg(r: CacheRequest | null, from: Place, to: Place, ms: number): SimEvent<undefined> {
    this.draw(r, from, to, ms);
    return this.env.timeout(ms);
  }

  /** Whether every read and write goes through the cache (it loads and writes the database itself). */
  get cacheInPath(): boolean {
    return this.strategy === 'read-through' || this.strategy === 'write-through' || this.strategy === 'write-behind';
  }

  /** A read answered: hit or miss, stale or not, by what it found. */
  finishRead(r: CacheRequest): void {
    const { stats, env } = this;
    const counts = stats.counts;
    const hit = r.lookup === 'hit' || r.lookup === 'stale-served' || r.lookup === 'queued-write';
    counts.reads++;
    if (hit) counts.hits++;
    else counts.misses++;
    if (hit || r.lookup === 'waited') counts.readsSaved++;
    this.sampler.window.count('reads');
    if (hit) this.sampler.window.count('hits');
    if (r.staleCause !== undefined) {
      counts.stale++;
      counts[STALE_COUNTER[r.staleCause]]++;
      this.recentStale.push(r);
      if (this.recentStale.length > REMEMBERED_STALE) this.recentStale.shift();
      this.staleRemembered.remember(r.id, r);
      env.log(`request-${r.id}`, 'stale read', { key: r.key, got: r.servedWriteId, database: r.dbWriteId, cause: r.staleCause });
    }
    this.readLatency.record(env.now - r.arrivedAt);
    this.sampler.window.record('read', env.now - r.arrivedAt);
    this.finish(r);
  }

  finishWrite(r: CacheRequest): void {
    this.writeLatency.record(this.env.now - r.arrivedAt);
    this.sampler.window.record('write', this.env.now - r.arrivedAt);
    this.finish(r);
  }

  private finish(r: CacheRequest): void {
    this.stats.counts.completed++;
    r.phase = 'done';
    r.endedAt = this.env.now;
    this.inFlight.delete(r.id);
    this.remembered.remember(r.id, r);
  }

  fail(r: CacheRequest, message: string): void {
    this.stats.counts.failed++;
    this.sampler.window.count('failed');
    r.phase = 'failed';
    r.failure = message;
    r.endedAt = this.env.now;
    this.inFlight.delete(r.id);
    this.remembered.remember(r.id, r);
  }

  /** A crash, restart, expiry, burst or flush, for the view's list and the log. */
  event(kind: CacheEvent['kind'], what: string): void {
    this.events.push({ t: this.env.now, kind, what });
    if (this.events.length > REMEMBERED_EVENTS) this.events.shift();
    this.env.log('cache', kind, { what });
  }

  /** The cache process dies: its entries, its leases and its write-behind queue are gone until it restarts. */
  crash(how: string): void {
    if (!this.cacheUp) return this.event('refused', 'crashCache refused: the cache is already down');
    this.cacheUp = false;
    this.cacheEpoch++;
    this.crashes++;
    const dropped = this.cache.clear();
    const lost = this.queue.crash();
    const now = this.env.now;
    for (const w of lost) {
      this.lostWrites.push({ writeId: w.id, key: w.key, acknowledgedAt: w.acknowledgedAt, lostAt: now, requestId: w.request.id });
      this.lostRemembered.remember(w.request.id, w.request);
    }
    if (this.lostWrites.length > REMEMBERED_LOST) this.lostWrites.splice(0, this.lostWrites.length - REMEMBERED_LOST);
    this.stats.counts.lostOnCrash += lost.length;
    this.lostEver += lost.length;
    const lostText = this.strategy === 'write-behind' ? `; ${lost.length} acknowledged write${lost.length === 1 ? '' : 's'} not yet flushed lost` : '';
    this.event('crash', `cache crashed (${how}): ${dropped} entries gone${lostText}`);
  }

  restart(): void {
    if (this.cacheUp) return this.event('refused', 'restartCache refused: the cache is running');
    this.cacheUp = true;
    this.event('restart', 'cache restarted, empty (cold)');
  }

  /** A request in flight, recently finished, a remembered stale read or lost write; undefined once forgotten. */
  request(id: number): CacheRequest | undefined {
    return this.inFlight.get(id) ?? this.remembered.get(id) ?? this.staleRemembered.get(id) ?? this.lostRemembered.get(id);
  }

  resetStatistics(): void {
    this.stats.reset();
    this.stats.counts.arrived = this.inFlight.size; // those in flight count as arrivals of the measured period
    // Writes acknowledged before the warm-up ended and still pending count as acknowledged in it, so
    // acknowledged = flushed + pending + lostOnCrash holds for the measured period.
    this.stats.counts.acknowledged = this.queue.pending;
    this.queue.resetStatistics();
    this.book.resetStatistics();
    this.cache.evictions = 0;
    this.cache.expirations = 0;
    this.cpu.resetStatistics();
    this.cpuBusyAtSample = { t: this.env.now, busy: 0 };
    this.env.log('lab', 'warm-up over');
  }
}

const systems = new WeakMap<object, CachingSystem>();

/** The system behind a caching lab model (tests read its state directly), or undefined for another lab's model. */
export function cachingSystemOf(model: object): CachingSystem | undefined {
  return systems.get(model);
}

/** The caching lab's model: the world above, and the projection of it the screen shows. */
export function createCachingModel(ctx: LabContext<CachingParams>): LabModel<CachingParams, CachingDetail> {
  const system = new CachingSystem(ctx);
  const model = labModel(ctx.env, system, cachingProjection, {
    action: (name, args) => cachingAction(system, name, args),
    inspect(id) {
      const r = system.request(id);
      return r ? describeCacheRequest(r, system) : null;
    },
  });
  systems.set(model, system);
  return model;
}
