import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import { metricAt } from '../../scenario/expectations';
import { SimulationRun } from '../../runner/simulationRun';
import { bootLabSql, type LabSql } from '../../db/labSql';
import { bootFromDataImage } from '../../db/imageNode';
import { statementCostsOn } from './measureStatementCosts';
import { POOLING_DATASET, statementCostMs } from './statements';
import { poolingLab } from './lab';

function load(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): LoadedScenario {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'pooling', durationS: 20, warmupS: 2, parameters, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

describe('pooling lab model', () => {
  it('fails at once when the pool is exhausted, as psycopg2 does, instead of queueing', () => {
    const parameters = { arrivalRate: 600, poolMin: 10, poolMax: 10, serviceMs: 20, dbCores: 16, whenExhausted: 'fail' };
    const run = new SimulationRun(load(parameters, { seed: 2 }), { traceLimit: 0 });
    run.advanceTo(20_000);
    const m = run.metrics();
    const n = (k: string) => metricAt(m, k) as number;
    expect(n('requests.failed') / n('requests.arrived')).toBeGreaterThan(0.1);
    expect(n('requests.timedOut')).toBe(0);
    expect(n('borrowWaitMs.max')).toBe(0);
    expect(n('pool.maxWaiting')).toBe(0);
    expect(n('requests.arrived')).toBe(n('requests.completed') + n('requests.failed') + n('requests.inFlight'));
  });

  it('conserves requests: arrived = completed + failed + in flight (fast-check seed 314159)', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 1_000_000 }),
          pooling: fc.boolean(),
          arrivalRate: fc.double({ min: 5, max: 800, noNaN: true }),
          poolMax: fc.integer({ min: 1, max: 30 }),
          minShare: fc.double({ min: 0, max: 1, noNaN: true }),
          borrowTimeoutMs: fc.constantFrom(0, 5, 50, 500),
          connectMs: fc.constantFrom(0, 5, 50),
          idleTimeoutMs: fc.constantFrom(0, 200, 2000),
          maxLifetimeMs: fc.constantFrom(0, 300, 5000),
          leakRate: fc.constantFrom(0, 0, 0.01, 0.2),
          serviceMs: fc.double({ min: 0.5, max: 100, noNaN: true }),
          serviceDist: fc.constantFrom('exponential', 'constant', 'lognormal'),
          dbCores: fc.integer({ min: 1, max: 16 }),
          dbMaxConnections: fc.integer({ min: 1, max: 60 }),
          endS: fc.double({ min: 3, max: 8, noNaN: true }),
        }),
        ({ seed, minShare, endS, ...p }) => {
          const parameters = { ...p, poolMin: Math.floor(minShare * p.poolMax) };
          const run = new SimulationRun(load(parameters, { seed, durationS: 8 }), { traceLimit: 0 });
          run.advanceTo(endS * 1000);
          const m = run.metrics();
          const n = (k: string) => metricAt(m, k) as number;
          expect(n('requests.arrived')).toBe(n('requests.completed') + n('requests.failed') + n('requests.inFlight'));
          expect(n('requests.timedOut')).toBeLessThanOrEqual(n('requests.failed'));
          if (p.pooling) expect(n('db.maxConnections')).toBeLessThanOrEqual(Math.min(p.poolMax, p.dbMaxConnections));
          run.snapshot(); // the view can always be drawn
        },
      ),
      { seed: 314159, numRuns: 80 },
    );
  });

  it('gives the same metrics for the same seed', async () => {
    const a = await new SimulationRun(load({ leakRate: 0.01, borrowTimeoutMs: 100 }, { seed: 42 })).runToEnd();
    const b = await new SimulationRun(load({ leakRate: 0.01, borrowTimeoutMs: 100 }, { seed: 42 })).runToEnd();
    expect(a).toEqual(b);
  });

  it('rejects poolMin above poolMax, naming the parameter', () => {
    const parsed = parseScenario({ name: 't', title: 't', lab: 'pooling', durationS: 5, parameters: { poolMin: 20, poolMax: 10 } });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues).toEqual([{ path: 'parameters.poolMin', message: 'expected at most poolMax (10), found 20' }]);
  });

  it('refuses a live change that would put poolMin above poolMax, keeping the run', () => {
    const run = new SimulationRun(load({ poolMin: 5, poolMax: 10 }));
    run.advanceTo(1000);
    expect(run.setParam('poolMax', 3)).toBe('poolMin: expected at most poolMax (3), found 5');
    expect(run.setParam('poolMax', 12)).toBeNull();
    run.advanceTo(2000);
    expect(run.now).toBe(2000);
  });

  it('a burst action admits that many requests at once', () => {
    const run = new SimulationRun(load({ arrivalRate: 0.1 }, { warmupS: 0, events: [{ atS: 1, action: 'burst', args: { requests: 50 } }] }));
    run.advanceTo(1500);
    expect(metricAt(run.metrics(), 'requests.arrived')).toBeGreaterThanOrEqual(50);
  });

  it('lets a learner inspect a request: its timeline and outcome', () => {
    const run = new SimulationRun(load({}, { warmupS: 0 }));
    run.advanceTo(5000);
    const newest = metricAt(run.metrics(), 'requests.arrived') as number;
    expect(run.model.inspect!(1)).toBeNull(); // long forgotten: only recent requests are kept
    const detail = run.model.inspect!(newest - 250)!;
    expect(detail.outcome).toMatch(/^completed in [\d.]+ ms$/);
    expect(detail.timeline[0]).toEqual({ t: expect.any(Number), what: 'arrives' });
    expect(detail.timeline.map((e) => e.what)).toContain('query done');
  });

  it('knows every request still in flight, however long the queue (the ones a learner clicks)', () => {
    const run = new SimulationRun(load({ arrivalRate: 600, poolMin: 10, poolMax: 10, serviceMs: 20, borrowTimeoutMs: 0 }, { warmupS: 0, seed: 2 }));
    run.advanceTo(5000);
    const waiting = run.snapshot().particles.filter((p) => p.state === 'waiting');
    expect(waiting.length).toBeGreaterThan(300);
    const oldest = waiting.reduce((a, b) => (a.t0 <= b.t0 ? a : b));
    expect(run.model.inspect!(oldest.id)).toMatchObject({ id: oldest.id, outcome: 'in flight' });
  });
});

describe('inspecting what the learner clicked', () => {
  it('a request seen waiting is still known after it has been served, however fast the queue turns over', () => {
    // Exhaustion: 600 req/s through a queue; the click reaches the worker a little later than the
    // snapshot it was aimed at, by which time the request may have been served and finished.
    const run = new SimulationRun(load({ arrivalRate: 600, poolMin: 10, poolMax: 10, serviceMs: 20, borrowTimeoutMs: 0, dbCores: 16 }, { seed: 2, warmupS: 0 }));
    run.advanceTo(3000);
    const waiting = run.snapshot().particles.filter((p) => p.state === 'waiting');
    const oldest = waiting.reduce((a, b) => (b.id < a.id ? b : a));
    run.advanceTo(3600); // 360 more arrivals: more than the lab remembers by arrival
    const detail = run.model.inspect!(oldest.id);
    expect(detail).not.toBeNull();
    expect(detail!.outcome).toMatch(/^completed in/);
  });
});

describe('pooling lab with real SQL on PGlite', () => {
  let sql: LabSql | null = null;
  const scenario = () => load({ query: 'point-lookup', arrivalRate: 200, borrowTimeoutMs: 50, leakRate: 0.002 }, { seed: 9, durationS: 10 });

  beforeAll(async () => {
    sql = await bootLabSql(poolingLab, scenario().params);
  }, 120_000);
  afterAll(async () => {
    await sql?.close();
  });

  it('--model-only gives exactly the metrics of a run that executes the SQL', async () => {
    const withSql = await new SimulationRun(scenario(), { sql }).runToEnd();
    const modelOnly = await new SimulationRun(scenario(), { sql: null }).runToEnd();
    const statementsRun = (withSql.sql as { statementsRun: number }).statementsRun;
    expect(statementsRun).toBeGreaterThan(50);
    expect({ ...withSql, sql: null }).toEqual({ ...modelOnly, sql: null });
  });

  it('requests executed for real carry the rows PGlite returned', async () => {
    const run = new SimulationRun(scenario(), { sql });
    await run.advanceToAsync(2000);
    const newest = metricAt(run.metrics(), 'requests.arrived') as number;
    const details = Array.from({ length: 300 }, (_, i) => run.model.inspect!(newest - i)).filter((d) => d !== null);
    expect(details.some((d) => d.executed === 'modelled')).toBe(true); // a sample runs for real, the rest is modelled
    const detail = details.find((d) => d.executed === 'real' && d.timeline.some((e) => e.what === 'query done'))!;
    expect(detail.executed).toBe('real');
    expect(detail.sql).toContain('from customers where id = $1');
    expect(detail.rows).toHaveLength(1);
    expect(detail.rows![0]).toMatchObject({ id: expect.any(Number), name: expect.stringMatching(/^Customer \d+$/) });
  });

  it('stored statement costs equal the cost model of the real plans (run the script to refresh them)', async () => {
    // On a node booted from the lab's data image, as the app's are (a second, not initdb + load).
    const node = await bootFromDataImage({ customers: POOLING_DATASET.scale.customers, seed: POOLING_DATASET.seed });
    expect(await statementCostsOn(node).finally(() => node.close())).toEqual(statementCostMs);
  }, 120_000);
});
