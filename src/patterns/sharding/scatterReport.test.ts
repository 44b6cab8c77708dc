import { describe, expect, it } from 'vitest';
import { averageOfAverages, mergeReports, reportDifference, type ReportPartial } from './scatterReport';
import { shardPartials, wholeReport } from './scatterModel';
import { startingData } from './partition';
import { shardingParams, type ShardingParams } from './params';

const defaults = Object.fromEntries(shardingParams.map((s) => [s.key, s.default])) as ShardingParams;

describe('scatter-gather merge', () => {
  it.each(['customer_id', 'order_id', 'created_at'] as const)('the merged report equals the report over all rows (shard key %s, every strategy)', (shardKey) => {
    for (const strategy of ['modulo', 'hash-modulo', 'range', 'consistent-hash', 'jump', 'directory'] as const) {
      const { data } = startingData({ ...defaults, shardKey, strategy, shards: 5 });
      const partials = shardPartials(data, 6);
      expect(reportDifference(mergeReports(partials), wholeReport(data))).toBeNull();
    }
  });

  it('ORDER BY + LIMIT: the global top 10 is among the shards’ top 10s when a customer’s orders are on one shard', () => {
    const { data } = startingData({ ...defaults, shards: 4 });
    const partials = shardPartials(data, 5);
    for (const p of partials) if (p.kind === 'colocated') expect(p.top.length).toBeLessThanOrEqual(10);
    expect(mergeReports(partials).top).toEqual(wholeReport(data).top);
  });

  it('a shard’s top 10 of partial sums is not enough when a customer’s revenue is split across shards', () => {
    const { data } = startingData({ ...defaults, shardKey: 'order_id', shards: 4 });
    // The wrong merge: each shard ranks its own partial sums and keeps 10, as if they were totals.
    const partials = shardPartials(data, 5).map((p): ReportPartial => {
      if (p.kind !== 'apart') return p;
      const kept = [...p.perCustomer].sort((a, b) => b[1].revenueCents - a[1].revenueCents || a[0] - b[0]).slice(0, 10);
      return { ...p, perCustomer: new Map(kept) };
    });
    expect(reportDifference(mergeReports(partials), wholeReport(data))).toMatch(/top #|cities|average|revenue|orders/);
  });

  it('an average of per-shard averages is caught: it differs from sum ÷ count', () => {
    const { data } = startingData({ ...defaults, shards: 4 });
    const partials = shardPartials(data, 5);
    const whole = wholeReport(data);
    const wrong = averageOfAverages(partials);
    const right = mergeReports(partials);
    let caught = 0;
    for (const line of right.cities) {
      expect(line.averageCents).toBeCloseTo(whole.cities.find((c) => c.city === line.city)!.averageCents, 9);
      const bad = { ...right, cities: right.cities.map((c) => (c.city === line.city ? { ...c, averageCents: wrong.get(c.city)! } : c)) };
      if (reportDifference(bad, whole) !== null) caught++;
    }
    // Every city's orders are spread unevenly over the shards, so every wrong average is caught.
    expect(caught).toBe(right.cities.length);
  });
});
