import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenario, type LoadedScenario } from '../../../scenario/parseScenario';
import { metricAt } from '../../../scenario/expectations';
import { SimulationRun } from '../../../runner/simulationRun';
import { bootLabSql, type LabSql } from '../../../db/labSql';
import { transactionsLab } from '../lab';

function load(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): LoadedScenario {
  const parsed = parseScenario({ name: 't', title: 't', lab: 'transactions', durationS: 6, warmupS: 0, parameters, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

async function run(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const r = new SimulationRun(load(parameters, extra), { traceLimit: 0 });
  const m = await r.runToEnd();
  return { m, n: (k: string) => metricAt(m, k) as number, detail: r.snapshot().detail as { accounts: { id: number; balance: number; expected: number }[] } };
}

/** Contention: few accounts, a hot one, slow application work between read and write. */
const HOT = { arrivalRate: 150, accounts: 5, skew: 1.2, appWorkMs: 5 };

describe('transactions load model', () => {
  it('conserves transfers: started = committed + failed + in flight (fast-check seed 2718)', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 1_000_000 }),
          arrivalRate: fc.integer({ min: 5, max: 400 }),
          accounts: fc.integer({ min: 2, max: 12 }),
          skew: fc.constantFrom(0, 0.8, 1.5),
          isolation: fc.constantFrom('read committed', 'repeatable read', 'serializable'),
          strategy: fc.constantFrom('read-modify-write', 'for-update', 'atomic-update'),
          lockOrder: fc.constantFrom('transfer', 'id'),
          sessions: fc.integer({ min: 1, max: 12 }),
          maxRetries: fc.integer({ min: 0, max: 3 }),
          failureRate: fc.constantFrom(0, 0.2),
          deadlockTimeoutMs: fc.constantFrom(5, 200),
          endS: fc.double({ min: 0.5, max: 2, noNaN: true }),
        }),
        ({ seed, endS, ...p }) => {
          const r = new SimulationRun(load(p, { seed, durationS: 2 }), { traceLimit: 0 });
          r.advanceTo(endS * 1000);
          const m = r.metrics();
          const n = (k: string) => metricAt(m, k) as number;
          expect(n('transfers.started')).toBe(n('transfers.committed') + n('transfers.failed') + n('transfers.inFlight'));
          expect(n('transfers.errors')).toBe(0);
          r.snapshot();
        },
      ),
      { seed: 2718, numRuns: 40 },
    );
  }, 120_000);

  it('loses updates with read-modify-write at READ COMMITTED under contention: the sum of balances changes', async () => {
    const { n, detail } = await run({ ...HOT, strategy: 'read-modify-write', isolation: 'read committed' });
    expect(n('lostUpdates')).toBeGreaterThan(10);
    expect(n('invariant.drift')).not.toBe(0);
    expect(metricAt((await run({ ...HOT, strategy: 'read-modify-write' })).m, 'invariant.holds')).toBe(false);
    // Some account no longer holds what applying each committed transfer once would give.
    expect(detail.accounts.some((a) => a.balance !== a.expected)).toBe(true);
  });

  for (const [strategy, isolation] of [
    ['for-update', 'read committed'],
    ['atomic-update', 'read committed'],
    ['read-modify-write', 'repeatable read'],
    ['read-modify-write', 'serializable'],
  ] as const) {
    it(`keeps the invariant with ${strategy} at ${isolation}: every account equals its committed transfers applied once`, async () => {
      const { n, detail } = await run({ ...HOT, strategy, isolation, maxRetries: 20 });
      expect(n('transfers.committed')).toBeGreaterThan(300);
      expect(n('lostUpdates')).toBe(0);
      expect(n('invariant.drift')).toBe(0);
      for (const a of detail.accounts) expect(a.balance).toBe(a.expected);
      if (isolation !== 'read committed') expect(n('aborts.serializationFailures')).toBeGreaterThan(0); // they were retried
    });
  }

  it('deadlocks when transfers lock in their own order, each costing deadlock_timeout; locking by id never does', async () => {
    const base = { ...HOT, strategy: 'for-update', deadlockTimeoutMs: 50 };
    const own = await run({ ...base, lockOrder: 'transfer' });
    expect(own.n('aborts.deadlocks')).toBeGreaterThan(0);
    expect(own.n('lockWaitMs.max')).toBeGreaterThanOrEqual(50);
    expect(own.n('invariant.drift')).toBe(0);
    const ordered = await run({ ...base, lockOrder: 'id' });
    expect(ordered.n('aborts.deadlocks')).toBe(0);
    expect(ordered.n('throughputPerS')).toBeGreaterThan(own.n('throughputPerS'));
  });

  it('rolls back transfers that fail between the debit and the credit, and the invariant holds', async () => {
    const { n } = await run({ ...HOT, strategy: 'atomic-update', failureRate: 0.3 });
    expect(n('transfers.injectedFailures')).toBeGreaterThan(50);
    expect(n('invariant.drift')).toBe(0);
  });

  it('gives the same metrics for the same seed, and different ones for another', async () => {
    const a = (await run(HOT, { seed: 11 })).m;
    const b = (await run(HOT, { seed: 11 })).m;
    const c = (await run(HOT, { seed: 12 })).m;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe('transactions lab with real transfers on PGlite', () => {
  let sql: LabSql | null = null;
  const scenario = () => load({ ...HOT, strategy: 'read-modify-write', failureRate: 0.2, maxAmount: 600 }, { seed: 5, durationS: 4 });

  beforeAll(async () => {
    sql = await bootLabSql(transactionsLab, scenario().params);
  }, 120_000);
  afterAll(async () => {
    await sql?.close();
  });

  it('--model-only gives exactly the metrics of a run that replays transfers on PGlite, where the sum never changes', async () => {
    const withSql = await new SimulationRun(scenario(), { sql }).runToEnd();
    const modelOnly = await new SimulationRun(scenario(), { sql: null }).runToEnd();
    const real = withSql.sql as Record<string, number | boolean>;
    expect(real.transfersRun).toBeGreaterThanOrEqual(30);
    expect(real.transfersCommitted).toBeGreaterThan(0);
    expect(real.transfersRolledBack).toBeGreaterThan(0);
    expect(real.sumChanged).toBe(false);
    expect({ ...withSql, sql: null }).toEqual({ ...modelOnly, sql: null });
  }, 60_000);
});
