import { describe, expect, it, vi } from 'vitest';
import { SimulationRun } from './simulationRun';
import { JoiningSql } from './joiningSql';
import { defaultScenario, parseScenario, type LoadedScenario } from '../scenario/parseScenario';
import { findLab } from '../labs';
import type { SqlBackend } from '../lab/labDefinition';
import type { MetricTree } from '../lab/snapshot';

function loaded(labId: string, parameters: Record<string, unknown>): LoadedScenario {
  const base = defaultScenario(findLab(labId)!);
  const parsed = parseScenario({ ...base, durationS: 20, parameters: { ...base.parameters, ...parameters } });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

/** A database that answers every statement with one row and counts them. */
function countingBackend(): SqlBackend & { statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    get statementsRun() {
      return statements.length;
    },
    query(sql) {
      statements.push(sql);
      return Promise.resolve({ rows: [{ id: 1 }] });
    },
  };
}

/** The metrics without the one counted on the real database. */
function simulated(metrics: MetricTree): MetricTree {
  const { sql: _real, ...rest } = metrics as MetricTree & { sql?: unknown };
  return rest;
}

/**
 * A lab whose real statements only read plays before its nodes are ready (issue 18 item 8, issue
 * 19's time to play): its statements join when the nodes are, and the numbers must not depend on
 * when that is. Joined at different simulated times, the metrics equal a model-only run's.
 */
describe('statements that join a playing run when the nodes are ready', () => {
  for (const [labId, parameters] of [
    ['pooling', { query: 'point-lookup' }],
    ['query', { customers: 20 }],
  ] as const) {
    it(`${labId}: the same metrics whether the nodes are ready at 0 s, at 3.7 s, at 12 s or never`, async () => {
      const modelOnly = new SimulationRun(loaded(labId, parameters), { traceLimit: 0 });
      const expected = simulated(await modelOnly.runToEnd());
      expect(findLab(labId)!.realStatementsOnlyRead).toBe(true);
      for (const joinAtMs of [0, 3700, 12_000, Infinity]) {
        const joining = new JoiningSql();
        const sent = vi.spyOn(joining, 'query');
        const database = countingBackend();
        const run = new SimulationRun(loaded(labId, parameters), { traceLimit: 0, sql: joining });
        await run.advanceToAsync(joinAtMs);
        // Before the nodes are ready the model sends them nothing (its statements are modelled) and does not wait.
        expect(sent).not.toHaveBeenCalled();
        if (joinAtMs !== Infinity) joining.join(database);
        const metrics = await run.runToEnd();
        expect(simulated(metrics), `joined at ${joinAtMs} ms`).toEqual(expected);
        expect((metrics as { sql: { statementsRun: number } }).sql.statementsRun).toBe(database.statements.length);
        if (joinAtMs === Infinity) continue;
        // Once they are ready, statements run for real; the query lab compares its strategies then.
        expect(database.statements.length, `joined at ${joinAtMs} ms`).toBeGreaterThan(0);
        if (labId === 'query') expect(run.snapshot().detail).toMatchObject({ comparedCustomers: 20 });
      }
    });
  }

  it('a statement sent before the nodes are ready is refused, never run', async () => {
    const joining = new JoiningSql();
    await expect(joining.query('select 1')).rejects.toThrow(/still booting/);
    expect(joining.statementsRun).toBe(0);
  });
});

describe('the query lab asked again while its node boots', () => {
  it('compares once, for the customers in force when the node is ready, not once per ask', async () => {
    const base = defaultScenario(findLab('query')!);
    const parsed = parseScenario({ ...base, durationS: 10, parameters: { ...base.parameters, customers: 20 }, events: [{ atS: 1, set: { customers: 30 } }] });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const joining = new JoiningSql();
    const database = countingBackend();
    const run = new SimulationRun(parsed.value, { traceLimit: 0, sql: joining });
    await run.advanceToAsync(3700);
    joining.join(database);
    await run.runToEnd();
    expect(run.snapshot().detail).toMatchObject({ comparedCustomers: 30 });
    // As many statements as one comparison of 30 customers made on a ready node at 0 s: the ask for 20 never ran.
    const once = database.statements.length;
    const alone = countingBackend();
    const fresh = new JoiningSql();
    fresh.join(alone);
    const direct = new SimulationRun(loaded('query', { customers: 30 }), { traceLimit: 0, sql: fresh });
    await direct.advanceToAsync(1);
    expect(once).toBe(alone.statements.length);
  });
});
