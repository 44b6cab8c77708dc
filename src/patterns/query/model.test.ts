import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import { metricAt } from '../../scenario/expectations';
import { SimulationRun } from '../../runner/simulationRun';
import { bootLabSql, type LabSql } from '../../db/labSql';
import type { MetricTree } from '../../lab/snapshot';
import { queryLab } from './lab';
import { planStatementFor } from '../../ui/plan/requestPlanSql';
import { createQueryModel } from './model';
import { queryCosts, requestPlan } from './queryCosts';
import { compareStrategies, fetchers, QUERY_SQL, STRATEGY_IDS, type Fetcher, type StrategyId } from './strategies';

function load(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): LoadedScenario {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'query', durationS: 20, warmupS: 0, parameters, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

const num = (m: MetricTree, key: string) => metricAt(m, key) as number;

/** The classic mistake: an inner join drops the customers who have no orders. */
const innerJoin: Fetcher = async (run, n) => {
  const rows = await run(QUERY_SQL.join.replace('left join', 'join'), [n]);
  return fetchers.join(async () => rows, n);
};

describe('query lab model, without SQL', () => {
  it('sends N + 1, 1 and 2 statements, one round trip each (fast-check seed 5150)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(...STRATEGY_IDS), fc.boolean(), (customers, strategy, ordersIndex) => {
        const run = new SimulationRun(load({ customers, strategy, ordersIndex, arrivalRate: 1 }, { durationS: 1 }), { traceLimit: 0 });
        run.advanceTo(1000);
        const m = run.metrics();
        const expected = { 'n-plus-one': customers + 1, join: 1, batch: 2 }[strategy];
        expect(num(m, 'statements')).toBe(expected);
        expect(num(m, 'roundTrips')).toBe(expected);
        // Rows: every order of the page, plus the customers themselves (N+1, batch) or a NULL row per customer without orders (LEFT JOIN).
        const counts = queryCosts.ordersPerCustomer.slice(0, customers);
        const orders = counts.reduce((s, x) => s + x, 0);
        expect(num(m, 'rowsTransferred')).toBe(strategy === 'join' ? orders + counts.filter((x) => x === 0).length : orders + customers);
      }),
      { seed: 5150, numRuns: 60 },
    );
  });

  it('without queueing, every request takes round trips × RTT + the costs of its statements, exactly', () => {
    for (const strategy of STRATEGY_IDS) {
      for (const [customers, rtt, ordersIndex] of [
        [200, 1, false],
        [37, 25, true],
        [1000, 0.2, false],
      ] as const) {
        // 0.5 req/s with 64 cores: requests rarely overlap, and when they do each still has a core.
        const run = new SimulationRun(load({ strategy, customers, networkRttMs: rtt, ordersIndex, arrivalRate: 0.5, dbCores: 64 }, { durationS: 60 }), { traceLimit: 0 });
        run.advanceTo(60_000);
        const m = run.metrics();
        const plan = requestPlan(strategy, customers, ordersIndex);
        const expected = plan.roundTrips * rtt + plan.statementMs.reduce((s, x) => s + x, 0);
        expect(num(m, 'requests.completed')).toBeGreaterThan(10);
        // Exact up to the rounding of adding simulated times (hundreds of additions of doubles).
        const exact = (x: number) => expect(Math.abs(x - expected)).toBeLessThanOrEqual(expected * 1e-11);
        exact(num(m, 'latencyMs.mean'));
        exact(num(m, 'latencyMs.max'));
        exact(num(m, 'unloadedLatencyMs.total'));
        // Percentiles come from an HDR histogram: 3 significant digits.
        expect(Math.abs(num(m, 'latencyMs.p99') - expected)).toBeLessThanOrEqual(expected * 1e-3 + 1e-3);
      }
    }
  });

  it('N+1 latency grows with N × RTT; JOIN and batch do not pay it', () => {
    const at = (strategy: StrategyId, networkRttMs: number) => {
      const run = new SimulationRun(load({ strategy, customers: 200, networkRttMs, arrivalRate: 0.5, dbCores: 64 }, { durationS: 30 }), { traceLimit: 0 });
      run.advanceTo(30_000);
      return num(run.metrics(), 'latencyMs.mean');
    };
    expect(at('n-plus-one', 11) - at('n-plus-one', 1)).toBeCloseTo(201 * 10, 6);
    expect(at('join', 11) - at('join', 1)).toBeCloseTo(10, 6);
    expect(at('batch', 11) - at('batch', 1)).toBeCloseTo(20, 6);
  });

  it('a busy database makes requests queue: latency rises above the unloaded figure', () => {
    const run = new SimulationRun(load({ strategy: 'n-plus-one', customers: 200, arrivalRate: 12, dbCores: 2 }, { durationS: 30 }), { traceLimit: 0 });
    run.advanceTo(30_000);
    const m = run.metrics();
    expect(num(m, 'db.cpuUtilization')).toBeGreaterThan(0.8);
    expect(num(m, 'latencyMs.p99')).toBeGreaterThan(2 * num(m, 'unloadedLatencyMs.total'));
  });

  it('the same seed gives the same metrics; another seed other arrivals', () => {
    const metrics = (seed: number) => new SimulationRun(load({ strategy: 'batch', arrivalRate: 300, dbCores: 1 }, { seed, durationS: 10 }), { traceLimit: 0 });
    const a = metrics(7);
    const b = metrics(7);
    const c = metrics(8);
    a.advanceTo(10_000);
    b.advanceTo(10_000);
    c.advanceTo(10_000);
    expect(a.metrics()).toEqual(b.metrics());
    expect(c.metrics()).not.toEqual(a.metrics());
  });

  it('a model-only run reports no resultsMatch: it has compared nothing', () => {
    const run = new SimulationRun(load({}, { durationS: 2 }), { traceLimit: 0 });
    run.advanceTo(2000);
    expect(run.metrics().resultsMatch).toBeUndefined();
    expect(num(run.metrics(), 'sql.statementsRun')).toBe(0);
  });

  it('a clicked request names one of its statements with its values, so its plan can be shown', () => {
    for (const strategy of STRATEGY_IDS) {
      const run = new SimulationRun(load({ strategy, customers: 30, arrivalRate: 50 }, { durationS: 2 }), { traceLimit: 0 });
      run.advanceTo(2000);
      // Particle ids are request id × 1000 + statement number; request 1 has finished by now.
      const detail = run.model.inspect!(1000)!;
      expect(detail.outcome).toMatch(/^completed in/);
      expect(detail.timeline[0]!.what).toContain(strategy);
      const statement = planStatementFor(detail.sql!, detail.params);
      expect(statement.ok, JSON.stringify(statement)).toBe(true);
      if (statement.ok) expect(statement.sql).not.toMatch(/\$\d/);
    }
  });

  it('live changes of strategy and customers apply to the next requests', () => {
    const run = new SimulationRun(load({ strategy: 'join', customers: 10 }, { durationS: 10 }), { traceLimit: 0 });
    run.advanceTo(1000);
    expect(run.setParam('strategy', 'n-plus-one')).toBeNull();
    expect(run.setParam('customers', 20)).toBeNull();
    expect(num(run.metrics(), 'statements')).toBe(21);
    expect(run.setParam('customers', 5000)).toMatch(/Customers fetched: expected a whole number from 1 to 1000/);
    run.snapshot();
  });
});

describe('query lab with SQL on a PGlite primary', () => {
  let sql: LabSql;
  beforeAll(async () => {
    sql = (await bootLabSql(queryLab, {}))!;
  }, 120_000);
  afterAll(async () => {
    await sql?.close();
  });

  it('gives the same metrics as a model-only run (resultsMatch and statements run aside)', async () => {
    for (const strategy of STRATEGY_IDS) {
      const scenario = load({ strategy, customers: 120, arrivalRate: 40, dbCores: 2 }, { durationS: 10, seed: 3 });
      const modelOnly = await new SimulationRun(scenario, { traceLimit: 0 }).runToEnd();
      const real = await new SimulationRun(load({ strategy, customers: 120, arrivalRate: 40, dbCores: 2 }, { durationS: 10, seed: 3 }), { sql, traceLimit: 0 }).runToEnd();
      expect(real.resultsMatch).toBe(true);
      const strip = (m: MetricTree) => {
        const { resultsMatch: _match, sql: _sql, ...rest } = m;
        return rest;
      };
      expect(strip(real)).toEqual(strip(modelOnly));
    }
  }, 120_000);

  it('the three strategies really return the same customers and orders, with the row counts the costs file holds', async () => {
    const run = async (text: string, values: unknown[]) => (await sql.query(text, values)).rows;
    for (const customers of [1, 200, 300, 1000]) {
      const c = await compareStrategies(run, customers);
      expect(c.match, c.difference ?? '').toBe(true);
      const orders = queryCosts.ordersPerCustomer.slice(0, customers).reduce((s, x) => s + x, 0);
      for (const s of STRATEGY_IDS) expect(c.sizes[s]).toEqual({ customers, orders });
    }
  }, 120_000);

  it('catches a wrong strategy: an inner join drops customers without orders (the first is customer 270)', async () => {
    const run = async (text: string, values: unknown[]) => (await sql.query(text, values)).rows;
    const wrong = { join: fetchers.join, 'inner join': innerJoin };
    // Below customer 270 everyone has orders, so the mistake is invisible; past it the comparison sees it.
    expect((await compareStrategies(run, 269, wrong)).match).toBe(true);
    const c = await compareStrategies(run, 300, wrong);
    expect(c.match).toBe(false);
    expect(c.difference).toMatch(/inner join returned \d+ customers, join 300/);

    const lab = { ...queryLab, create: (ctx: Parameters<typeof queryLab.create>[0]) => createQueryModel(ctx, { fetchers: wrong }) };
    const scenario = { ...load({ customers: 300 }, { durationS: 2 }), lab };
    expect((await new SimulationRun(scenario, { sql, traceLimit: 0 }).runToEnd()).resultsMatch).toBe(false);
    const right = await new SimulationRun(load({ customers: 300 }, { durationS: 2 }), { sql, traceLimit: 0 }).runToEnd();
    expect(right.resultsMatch).toBe(true);
  }, 120_000);
});
