import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import { metricAt } from '../../scenario/expectations';
import { SimulationRun } from '../../runner/simulationRun';
import type { MetricTree } from '../../lab/snapshot';
import { cachingDetailOf } from './detail';
import { cachingSystemOf } from './model';

function load(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): LoadedScenario {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'caching', durationS: 20, warmupS: 2, parameters, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

const n = (m: MetricTree, key: string) => metricAt(m, key) as number;

describe('caching lab model', () => {
  it('conserves requests and write-behind writes, whatever the settings (fast-check seed 271828)', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 1_000_000 }),
          strategy: fc.constantFrom('none', 'cache-aside', 'read-through', 'write-through', 'write-behind', 'write-around'),
          ttlMs: fc.constantFrom(0, 50, 500, 5000),
          ttlMode: fc.constantFrom('fixed', 'sliding'),
          capacity: fc.constantFrom(0, 1, 10, 100),
          eviction: fc.constantFrom('lru', 'lfu', 'fifo', 'random'),
          keys: fc.integer({ min: 1, max: 300 }),
          keyDist: fc.constantFrom('uniform', 'zipf'),
          readFraction: fc.double({ min: 0, max: 1, noNaN: true }),
          arrivalRate: fc.double({ min: 5, max: 600, noNaN: true }),
          flushIntervalMs: fc.constantFrom(50, 500, 3000),
          flushBatch: fc.integer({ min: 1, max: 50 }),
          invalidateOnWrite: fc.constantFrom('delete', 'update', 'none'),
          setCheck: fc.constantFrom('none', 'lease'),
          stampede: fc.constantFrom('none', 'lock', 'stale-while-revalidate', 'early-refresh'),
          dbCores: fc.integer({ min: 1, max: 8 }),
          crashAtS: fc.constantFrom(0, 0, 2.5),
          endS: fc.double({ min: 3, max: 6, noNaN: true }),
        }),
        ({ seed, crashAtS, endS, ...p }) => {
          const events = crashAtS > 0 ? [{ atS: crashAtS, action: 'crashCache' }, { atS: crashAtS + 1, action: 'restartCache' }] : [];
          const run = new SimulationRun(load(p, { seed, durationS: 6, warmupS: 1, events }), { traceLimit: 0 });
          run.advanceTo(endS * 1000);
          const m = run.metrics();
          expect(n(m, 'requests.arrived')).toBe(n(m, 'requests.completed') + n(m, 'requests.failed') + n(m, 'requests.inFlight'));
          expect(n(m, 'reads.total')).toBe(n(m, 'reads.hits') + n(m, 'reads.misses'));
          expect(n(m, 'writeBehind.acknowledged')).toBe(n(m, 'writeBehind.flushed') + n(m, 'writeBehind.pending') + n(m, 'writeBehind.lostOnCrash'));
          const causes = m.staleCauses as Record<string, number>;
          expect(Object.values(causes).reduce((a, b) => a + b, 0)).toBe(n(m, 'reads.stale'));
          expect(causes.other).toBe(0); // every stale read has a named cause
          if (p.strategy !== 'write-behind') expect(n(m, 'writeBehind.acknowledged')).toBe(0);
          if (p.capacity > 0) expect(n(m, 'cache.entries')).toBeLessThanOrEqual(p.capacity);
          run.snapshot(); // the view can always be drawn
        },
      ),
      { seed: 271828, numRuns: 60 },
    );
  });

  it('gives the same metrics for the same seed', async () => {
    const scenario = () => load({ strategy: 'write-behind', eviction: 'random', stampede: 'early-refresh', capacity: 50 }, { seed: 42, events: [{ atS: 10, action: 'crashCache' }] });
    expect(await new SimulationRun(scenario()).runToEnd()).toEqual(await new SimulationRun(scenario()).runToEnd());
  });

  it('refuses bad input, naming the parameter', () => {
    const issues = (parameters: Record<string, unknown>) => {
      const parsed = parseScenario({ name: 't', title: 't', lab: 'caching', durationS: 5, parameters });
      return parsed.ok ? [] : parsed.issues.map((i) => i.path);
    };
    expect(issues({ capacity: -1 })).toEqual(['parameters.capacity']);
    expect(issues({ capacity: 2.5 })).toEqual(['parameters.capacity']);
    expect(issues({ keys: 0 })).toEqual(['parameters.keys']);
    expect(issues({ keys: 10.5 })).toEqual(['parameters.keys']);
    expect(issues({ readFraction: 1.2 })).toEqual(['parameters.readFraction']);
    expect(issues({ strategy: 'write-behind', flushIntervalMs: 0 })).toEqual(['parameters.flushIntervalMs']);
    expect(issues({ strategy: 'write-through', flushIntervalMs: 0 })).toEqual([]);
  });

  it('refuses a live change that would leave write-behind without flushes, keeping the run', () => {
    const run = new SimulationRun(load({ strategy: 'write-behind' }));
    run.advanceTo(1000);
    expect(run.setParam('flushIntervalMs', 0)).toMatch(/^flushIntervalMs: expected a flush interval above 0 ms/);
    expect(run.setParam('flushIntervalMs', 200)).toBeNull();
    run.advanceTo(2000);
    expect(run.now).toBe(2000);
  });

  it('actions: expireKey refuses a key beyond the keys in use, a write burst admits that many writes', () => {
    const run = new SimulationRun(load({ keys: 10, arrivalRate: 1 }, { warmupS: 0 }));
    run.advanceTo(500);
    expect(run.runAction('expireKey', { key: 11 })).toMatch(/expireKey: expected "key" to be a whole number from 1 to 10/);
    expect(run.runAction('expireKey', { key: 1.5 })).toMatch(/expected "key" to be a whole number/);
    expect(run.runAction('writeBurst', { writes: 300 })).toBeNull();
    run.advanceTo(1500);
    expect(n(run.metrics(), 'db.writes')).toBeGreaterThanOrEqual(300);
    expect(run.runAction('flushNow', {})).toBeNull(); // refused in the log (no queue): the run goes on
  });
});

describe('stale reads have a cause', () => {
  // Hot keys written often under cache-aside: a reader that misses can read the row just before a
  // write commits and store it after the write's delete (the race).
  const racy = (setCheck: string) => load({ strategy: 'cache-aside', readFraction: 0.8, keyDist: 'zipf', zipfS: 1.2, ttlMs: 60000, capacity: 0, arrivalRate: 1000, setCheck }, { seed: 3 });

  it('the cache-aside race happens, and a lease check on set removes it (same seed, same requests)', async () => {
    const without = await new SimulationRun(racy('none')).runToEnd();
    const withLease = await new SimulationRun(racy('lease')).runToEnd();
    expect(n(without, 'staleCauses.race')).toBeGreaterThan(50);
    expect(n(withLease, 'staleCauses.race')).toBe(0);
    expect(n(withLease, 'requests.arrived')).toBe(n(without, 'requests.arrived'));
    // What remains is the short window while a committed write's delete travels to the cache.
    expect(n(withLease, 'reads.stale')).toBe(n(withLease, 'staleCauses.invalidationInFlight'));
  });

  it("a stale read's story names its cause, with the load that read the old row and the write that committed", async () => {
    const run = new SimulationRun(racy('none'));
    await run.runToEnd();
    const detail = cachingDetailOf(run.snapshot().detail)!;
    const race = detail.staleReads.find((s) => s.cause === 'race')!;
    const story = run.model.inspect!(race.id)!;
    const text = story.timeline.map((e) => e.what).join('\n');
    expect(text).toMatch(/STALE: returned (write #\d+|the row as loaded \(no write yet\)), but the database had committed write #\d+/);
    expect(text).toMatch(/Cause: the cache-aside race\. Request #\d+ missed and read the row at .* then committed and deleted the key; the load stored its old row at .*, after that/);
    expect(text).toContain('A lease (setCheck = lease) would have refused that store.');
  });

  it.each([
    ['no invalidation', { strategy: 'cache-aside', invalidateOnWrite: 'none' }, 'staleCauses.noInvalidation'],
    ['write-around', { strategy: 'write-around' }, 'staleCauses.writeAround'],
  ])('%s: the old entry is served until its TTL, and every stale read says so', async (_, p, key) => {
    const m = await new SimulationRun(load({ ...p, readFraction: 0.8, ttlMs: 10000, zipfS: 1.2, capacity: 0, arrivalRate: 300 }, { seed: 5 })).runToEnd();
    expect(n(m, 'reads.stale')).toBeGreaterThan(100);
    expect(n(m, key)).toBe(n(m, 'reads.stale'));
  });

  it('write-through and write-behind with leases serve no row older than the database but for a write in flight', async () => {
    for (const strategy of ['write-behind', 'write-through']) {
      const m = await new SimulationRun(load({ strategy, setCheck: 'lease', readFraction: 0.7, zipfS: 1.2, arrivalRate: 400, capacity: 50 }, { seed: 6 })).runToEnd();
      expect(n(m, 'reads.stale') - n(m, 'staleCauses.invalidationInFlight')).toBe(0);
      expect(n(m, 'reads.total')).toBeGreaterThan(5000);
    }
  });
});

describe('write-behind crash', () => {
  const crashing = (strategy: string) =>
    load({ strategy, readFraction: 0.7, arrivalRate: 200, flushIntervalMs: 5000 }, { seed: 8, durationS: 30, warmupS: 5, events: [{ atS: 22.5, action: 'crashCache' }, { atS: 25, action: 'restartCache' }] });

  it('loses exactly the writes acknowledged and not yet flushed, each listed; write-through loses none', async () => {
    const run = new SimulationRun(crashing('write-behind'));
    run.advanceTo(22_499);
    const system = cachingSystemOf(run.model)!;
    await run.advanceToAsync(22_500.5);
    const pendingBefore = system.lostWrites.length;
    expect(pendingBefore).toBeGreaterThan(100);
    await run.runToEnd();
    const m = run.metrics();
    expect(n(m, 'writeBehind.lostOnCrash')).toBe(pendingBefore);
    expect(system.lostWrites.every((w) => w.lostAt === 22_500)).toBe(true);
    // None of them ever reached the database; every flushed one did.
    const lostIds = new Set(system.lostWrites.map((w) => w.writeId));
    for (let key = 1; key <= 1000; key++) expect(lostIds.has(system.book.committedWriteId[key]!)).toBe(false);
    const story = run.model.inspect!(system.lostWrites[0]!.requestId)!;
    expect(story.timeline.map((e) => e.what).join('\n')).toMatch(/LOST: the cache crashed before flushing it/);
    const through = await new SimulationRun(crashing('write-through')).runToEnd();
    expect(n(through, 'writeBehind.lostOnCrash')).toBe(0);
    expect(n(through, 'requests.failed')).toBeGreaterThan(0); // the cache is in the path: down, it fails requests
  });
});

describe('stampede: a hot key expires under load', () => {
  // A warm cache (quiet traffic fills it), then the peak; key 1 (the hottest) expires at 20 s.
  const stampede = (mode: string) =>
    load(
      { strategy: 'cache-aside', cachedQuery: 'recommendations', readFraction: 1, zipfS: 1.5, ttlMs: 300000, capacity: 0, arrivalRate: 100, dbCores: 4, stampede: mode },
      { seed: 1, durationS: 24, warmupS: 15, events: [{ atS: 10, set: { arrivalRate: 1500 } }, { atS: 20, action: 'expireKey', args: { key: 1 } }] },
    );

  it('none sends many concurrent loads of the key; lock, stale-while-revalidate and early refresh send one', async () => {
    const none = await new SimulationRun(stampede('none')).runToEnd();
    expect(n(none, 'stampede.maxConcurrentLoads')).toBeGreaterThan(20);
    for (const mode of ['lock', 'stale-while-revalidate', 'early-refresh']) {
      const m = await new SimulationRun(stampede(mode)).runToEnd();
      expect(n(m, 'stampede.maxConcurrentLoads')).toBe(1);
      expect(n(m, 'latencyMs.max')).toBeLessThan(n(none, 'latencyMs.max') / 5);
    }
  });

  it('stale-while-revalidate serves the old value meanwhile: no reader of the key waits, many get the expired entry', async () => {
    const run = new SimulationRun(stampede('stale-while-revalidate'));
    run.advanceTo(20_000);
    const system = cachingSystemOf(run.model)!;
    const lookups = new Map<number, string>();
    // A hit is at the cache for half a cache round trip (0.25 ms): sampling every 0.1 ms sees each.
    for (let t = 20_000; t < 20_100; t += 0.1) {
      run.advanceTo(t);
      for (const r of system.inFlight.values()) if (r.key === 1 && r.lookup !== undefined) lookups.set(r.id, r.lookup);
    }
    const seen = [...lookups.values()];
    expect(seen.filter((l) => l === 'stale-served').length).toBeGreaterThan(5);
    expect(seen).not.toContain('waited');
    expect(seen).not.toContain('miss');
  });
});
