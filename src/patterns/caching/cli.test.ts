import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../../cli/cliHarness.testkit';

afterEach(() => vi.restoreAllMocks());

describe('npm run sim -- caching', () => {
  it('prints every metric key the issue names', async () => {
    const { code, stdout } = await cli('caching', '--model-only', '--duration', '6', '--warmup', '1', '--json');
    expect(code).toBe(0);
    const m = JSON.parse(stdout);
    expect(Object.keys(m)).toEqual(expect.arrayContaining(['hitRatio', 'reads', 'staleReadFraction', 'db', 'latencyMs', 'writeLatencyMs', 'writeBehind', 'stampede', 'cache', 'requests']));
    expect(Object.keys(m.reads)).toEqual(['total', 'hits', 'misses', 'stale']);
    expect(Object.keys(m.db)).toEqual(expect.arrayContaining(['reads', 'writes', 'readsSaved']));
    expect(Object.keys(m.writeBehind)).toEqual(['acknowledged', 'flushed', 'pending', 'maxPending', 'lostOnCrash']);
    expect(Object.keys(m.stampede)).toEqual(['maxConcurrentLoads']);
    expect(Object.keys(m.cache)).toEqual(['entries', 'evictions', 'expirations']);
    expect(Object.keys(m.requests)).toEqual(['arrived', 'completed', 'failed', 'inFlight']);
    for (const key of ['latencyMs', 'writeLatencyMs']) expect(Object.keys(m[key])).toEqual(['mean', 'p50', 'p95', 'p99', 'max']);
  });

  it.each([
    [['--set', 'capacity=-1'], /--set capacity: expected a whole number from 0/],
    [['--set', 'keys=2.5'], /--set keys: expected a whole number from 1 to 1000/],
    [['--set', 'readFraction=1.5'], /--set readFraction: expected a number from 0 to 1/],
    [['--set', 'strategy=write-behind', '--set', 'flushIntervalMs=0'], /flushIntervalMs: expected a flush interval above 0 ms with write-behind/],
  ])('refuses bad input %j, exiting 2 and naming the parameter', async (args, message) => {
    const { code, stderr } = await cli('caching', '--model-only', ...args, '--json');
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
