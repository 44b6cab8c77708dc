import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../lab/params';
import { stackUtilizationAt } from './model';
import { productionParams, type ProductionParams } from './params';
import { firstToSaturate, saturationSweep, type SweepStep } from './saturationSweep';
import { saturationHeadline, saturationWhy } from './saturationStory';
import type { StackPart } from './utilization';

function params(given: Record<string, unknown>): ProductionParams {
  const r = resolveParams(productionParams, given);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  // resolveParams checked every value against the lab's specs.
  return r.values as unknown as ProductionParams;
}

/** Reads only, one statement of constant time, no round trip, no cache, no replica unless asked. */
const BARE = { 'replication.replicas': 0, 'cache.strategy': 'none', writeFraction: 0, networkRttMs: 0, 'query.serviceDist': 'constant' };

const step = (multiple: number, u: Partial<Record<StackPart, number>>): SweepStep => ({ multiple, arrivalRatePerS: 100 * multiple, utilization: { pool: 0, primaryCpu: 0, replicaCpu: 0, cache: 0, ...u } });

describe('the saturation sweep: which part saturates first as load grows', () => {
  it('a tiny pool in front of a fast database: the pool, where offered load reaches 90 % of its connections', () => {
    // 2 connections, each request holds one for 5 ms: offered load a = λ·S = 100/s × 0.005 s =
    // 0.5 Erlang over c = 2, ρ = a / c = 0.25 at 1×, so ρ = 0.9 at 3.6× = 360 req/s. The CPU: 3.5 ms
    // of CPU (30 % is I/O) × 100/s = 0.35 busy cores of 16, 2 %; under 8 % at 3.6×.
    const sat = saturationSweep(params({ ...BARE, arrivalRate: 100, 'pool.poolMin': 2, 'pool.poolMax': 2, 'query.serviceMs': 5, 'db.cores': 16 }), 1, stackUtilizationAt);
    expect(sat.part).toBe('pool');
    expect(sat.withinSweep).toBe(true);
    expect(sat.atPerS).toBeGreaterThan(360 * 0.9);
    expect(sat.atPerS).toBeLessThan(360 * 1.1);
    expect(sat.steps.map((s) => s.multiple)).toEqual([1, 1.5, 2, 3, 4]);
  });

  it('one core, slow queries, no replica, a large pool: the primary’s CPU, at ρ = λ·S / c = 0.9', () => {
    // 20 ms of CPU per query (no I/O) on 1 core: ρ = 12/s × 0.02 s = 0.24 at 1×, 0.9 at 3.75× = 45
    // req/s. The pool: Little's law, in use = λ·R, a few of 100 until the CPU's queue grows.
    const sat = saturationSweep(params({ ...BARE, arrivalRate: 12, 'pool.poolMin': 10, 'pool.poolMax': 100, 'db.maxConnections': 200, 'query.serviceMs': 20, 'db.ioFraction': 0, 'db.cores': 1 }), 1, stackUtilizationAt);
    expect(sat.part).toBe('primaryCpu');
    expect(sat.atPerS).toBeGreaterThan(45 * 0.85);
    expect(sat.atPerS).toBeLessThan(45 * 1.15);
  });

  it('reads routed to one replica of one core: the replicas’ CPU, at 3× = 90 req/s', () => {
    // Every read goes to the replica: ρ = 30/s × 0.01 s = 0.3 at 1×, 0.9 at 90 req/s; the primary
    // serves no statement (no writes).
    const sat = saturationSweep(params({ ...BARE, 'replication.replicas': 1, arrivalRate: 30, 'query.serviceMs': 10, 'db.ioFraction': 0, 'db.cores': 1 }), 1, stackUtilizationAt);
    expect(sat.part).toBe('replicaCpu');
    expect(sat.atPerS).toBeGreaterThan(90 * 0.9);
    expect(sat.atPerS).toBeLessThan(90 * 1.1);
  });

  it('nothing saturates within 6×: one more point where the most utilized part’s line reaches 90 %', () => {
    // 16 cores, 20 ms of CPU per query: ρ = 50/s × 0.02 s / 16 = 0.0625 at 1×, 0.375 at 6×; the line
    // reaches 0.9 at 14.4× = 720 req/s, where the last point runs.
    const sat = saturationSweep(params({ ...BARE, arrivalRate: 50, 'pool.poolMax': 100, 'query.serviceMs': 20, 'db.ioFraction': 0, 'db.cores': 16 }), 1, stackUtilizationAt);
    expect(sat.part).toBe('primaryCpu');
    expect(sat.steps).toHaveLength(7);
    expect(sat.steps[6]!.arrivalRatePerS).toBeGreaterThan(720 * 0.9);
    expect(sat.steps[6]!.arrivalRatePerS).toBeLessThan(720 * 1.1);
    expect(sat.atPerS).toBeGreaterThan(720 * 0.9);
    expect(sat.atPerS).toBeLessThan(720 * 1.1);
  });

  it('is a pure function of settings and seed: a point run twice gives the same utilizations', () => {
    const p = params({ arrivalRate: 900 });
    expect(stackUtilizationAt(p, 7)).toEqual(stackUtilizationAt(p, 7));
  });

  it('reads the steps: of the parts past 90 % at the first such point, the one whose line crosses first; past already at 1×, the most utilized', () => {
    // The pool is the more utilized at 3×, but the replicas' line crosses 90 % first (2.8× against 2.85×).
    const steps = [step(1, { pool: 0.2, replicaCpu: 0.5 }), step(2, { pool: 0.4, replicaCpu: 0.7 }), step(3, { pool: 0.99, replicaCpu: 0.95 })];
    expect(firstToSaturate(steps, 100)).toEqual({ part: 'replicaCpu', withinSweep: true, atPerS: 200 + (0.2 / 0.25) * 100, atMultiple: (200 + (0.2 / 0.25) * 100) / 100 });
    const poolFirst = [step(1, { pool: 0.2, replicaCpu: 0.5 }), step(2, { pool: 0.8, replicaCpu: 0.7 }), step(3, { pool: 0.99, replicaCpu: 0.95 })];
    expect(firstToSaturate(poolFirst, 100).part).toBe('pool');
    expect(firstToSaturate([step(1, { primaryCpu: 0.95, pool: 0.99 })], 100)).toMatchObject({ part: 'pool', atPerS: 100, atMultiple: 1 });
  });

  it('tells it in words: which part, at what load, and why', () => {
    const steps = [step(1, { pool: 0.2, replicaCpu: 0.5 }), step(2, { pool: 0.8, replicaCpu: 0.7 }), step(3, { pool: 0.99, replicaCpu: 0.94 })];
    const sat = { ...firstToSaturate(steps, 100), steps };
    expect(saturationHeadline(sat, true, 100)).toBe('The connection pool saturates first, at ~253 req/s (2.5× today\'s load).');
    expect(saturationWhy(sat, true)).toBe("At 300 req/s its connections are 99 % in use because the replicas' CPU is 94 % busy: each query waits for a core and holds its connection longer.");
    const already = { ...firstToSaturate([step(1, { primaryCpu: 0.95, pool: 0.8 })], 100), steps: [step(1, { primaryCpu: 0.95, pool: 0.8 })] };
    expect(saturationHeadline(already, true, 100)).toBe("The primary's CPU is saturated already at today's load (100 req/s).");
    const none = { ...firstToSaturate([step(1, { primaryCpu: 0.05 }), step(6, { primaryCpu: 0.3 })], 100), steps: [step(1, { primaryCpu: 0.05 }), step(6, { primaryCpu: 0.3 })] };
    expect(saturationHeadline(none, true, 100)).toBe("Nothing saturates up to 6× today's load (600 req/s); the primary's CPU comes closest and would at ~1,800 req/s (18×).");
    expect(saturationWhy(already, true)).toBe('At 100 req/s the cores of the primary are 95 % busy: statements queue for a core, so each query holds its connection longer and the connection pool is 80 % in use behind them.');
  });
});
