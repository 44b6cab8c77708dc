import { describe, expect, it } from 'vitest';
import { Environment, type ProcessGenerator } from '../../../engine';
import { EngineDriver, type TimedOutcome } from './engineDriver';

const DEADLOCK_TIMEOUT_MS = 50;
const SETUP = ['create table accounts (id int primary key, balance int)', 'insert into accounts values (1, 100), (2, 200)'];

interface Answer {
  session: string;
  at: number;
  outcome: TimedOutcome;
}

/**
 * S1 locks account 1 at t=0 and asks for account 2 at t=10; S2 locks account 2 at t=0 and closes
 * the cycle by asking for account 1 at `closeAtMs`. Returns when and how each second update ended.
 */
function opposingTransfers(closeAtMs: number): { answers: Answer[]; deadlocks: number; finalRows: unknown } {
  const env = new Environment();
  const driver = new EngineDriver(env, SETUP, ['S1', 'S2'], () => DEADLOCK_TIMEOUT_MS);
  const answers: Answer[] = [];
  function* transfer(session: string, first: number, second: number, secondAtMs: number): ProcessGenerator<void> {
    yield driver.run(session, 'begin');
    yield driver.run(session, `update accounts set balance = balance + 1 where id = ${first}`);
    yield env.timeout(secondAtMs - env.now);
    const outcome = (yield driver.run(session, `update accounts set balance = balance + 1 where id = ${second}`)) as TimedOutcome;
    answers.push({ session, at: env.now, outcome });
    yield driver.run(session, outcome.status === 'error' ? 'rollback' : 'commit');
  }
  env.process(transfer('S1', 1, 2, 10));
  env.process(transfer('S2', 2, 1, closeAtMs));
  env.run();
  return { answers, deadlocks: driver.deadlocks, finalRows: byId(driver.model.committedRows().accounts) };
}

const byId = (rows: Record<string, unknown>[] | undefined) => [...(rows ?? [])].sort((a, b) => Number(a.id) - Number(b.id));
const summary = (a: Answer) => [a.session, a.at, a.outcome.status, a.outcome.sqlstate, a.outcome.lockWaitMs, a.outcome.deadlock];

describe('the load driver times each waiter’s deadlock check, as PostgreSQL does', () => {
  it('cancels the earlier waiter when the cycle closed before its deadlock_timeout expired', () => {
    // S1 waits from t=10, so its check runs at t=60; the cycle closed at t=30, S2's check would run at t=80.
    const { answers, deadlocks, finalRows } = opposingTransfers(30);
    expect(deadlocks).toBe(1);
    expect(answers.map(summary)).toEqual([
      ['S1', 60, 'error', '40P01', 50, true],
      ['S2', 60, 'ok', null, 30, false],
    ]);
    expect(answers[0]!.outcome.message).toBe('deadlock detected');
    // S2's transfer went through, S1's rolled back.
    expect(finalRows).toEqual([
      { id: 1, balance: 101 },
      { id: 2, balance: 201 },
    ]);
  });

  it('cancels the later waiter when the earlier one’s check had already run and found no cycle', () => {
    // S1's check at t=60 finds no cycle and never runs again; the cycle closes at t=70; S2's check at t=120 finds it.
    const { answers, deadlocks, finalRows } = opposingTransfers(70);
    expect(deadlocks).toBe(1);
    expect(answers.map(summary)).toEqual([
      ['S2', 120, 'error', '40P01', 50, true],
      ['S1', 120, 'ok', null, 110, false],
    ]);
    expect(finalRows).toEqual([
      { id: 1, balance: 101 },
      { id: 2, balance: 201 },
    ]);
  });

  it('gives a new wait of the same statement a deadlock_timeout of its own', () => {
    // S1 holds account 1; S2 and S3 queue for it (S3 behind S2 in the row's lock queue). When S1
    // commits at t=100, S2 gets the row and S3 starts a new wait, now for S2's transaction, at
    // t=100. S2 then asks for account 2, held by S3's transaction: the cycle closes at t=120.
    // S3's first check (t=70) found no cycle; its new wait is checked at t=150 and S2's at t=170,
    // so S3 is the victim at t=150.
    const env = new Environment();
    const driver = new EngineDriver(env, SETUP, ['S1', 'S2', 'S3'], () => DEADLOCK_TIMEOUT_MS);
    const answers: Answer[] = [];
    const record = function* (session: string, sql: string): ProcessGenerator<TimedOutcome> {
      const outcome = (yield driver.run(session, sql)) as TimedOutcome;
      answers.push({ session, at: env.now, outcome });
      return outcome;
    };
    env.process(
      (function* (): ProcessGenerator<void> {
        yield driver.run('S1', 'begin');
        yield driver.run('S1', 'update accounts set balance = 0 where id = 1');
        yield env.timeout(100);
        yield driver.run('S1', 'commit');
      })(),
    );
    env.process(
      (function* (): ProcessGenerator<void> {
        yield env.timeout(10);
        yield driver.run('S2', 'begin');
        yield* record('S2', 'update accounts set balance = balance + 2 where id = 1');
        yield env.timeout(120 - env.now);
        const o = yield* record('S2', 'update accounts set balance = balance + 2 where id = 2');
        yield driver.run('S2', o.status === 'error' ? 'rollback' : 'commit');
      })(),
    );
    env.process(
      (function* (): ProcessGenerator<void> {
        yield env.timeout(20);
        yield driver.run('S3', 'begin');
        yield driver.run('S3', 'update accounts set balance = balance + 3 where id = 2');
        const o = yield* record('S3', 'update accounts set balance = balance + 3 where id = 1');
        yield driver.run('S3', o.status === 'error' ? 'rollback' : 'commit');
      })(),
    );
    env.run();
    expect(driver.deadlocks).toBe(1);
    expect(answers.map(summary)).toEqual([
      ['S2', 100, 'ok', null, 90, false],
      ['S3', 150, 'error', '40P01', 130, true],
      ['S2', 150, 'ok', null, 30, false],
    ]);
    expect(byId(driver.model.committedRows().accounts)).toEqual([
      { id: 1, balance: 2 },
      { id: 2, balance: 202 },
    ]);
  });
});
