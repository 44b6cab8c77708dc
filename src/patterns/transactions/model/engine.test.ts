import { describe, expect, it } from 'vitest';
import { parseStatement } from '../sql/parser';
import { TxnEngine, type Completion } from './engine';

/** T1 holds row 1 and T2 row 2; T1 then waits for row 2. T2's wait for row 1 (see `closeCycle`) closes the cycle. */
function halfDeadlock(): { engine: TxnEngine; step: (session: string, sql: string) => void } {
  const engine = new TxnEngine();
  engine.setup(parseStatement('create table test (id int primary key, value int)'));
  engine.setup(parseStatement('insert into test values (1, 10), (2, 20)'));
  engine.addSession('T1', 'read committed');
  engine.addSession('T2', 'read committed');
  let stepIndex = 0;
  const step = (session: string, sql: string) => {
    engine.issue(session, stepIndex++, parseStatement(sql));
    engine.settle({ runDeadlockChecks: false });
  };
  step('T1', 'begin');
  step('T2', 'begin');
  step('T1', 'update test set value = 11 where id = 1');
  step('T2', 'update test set value = 21 where id = 2');
  step('T1', 'update test set value = 22 where id = 2');
  expect(engine.waits().map((w) => w.session)).toEqual(['T1']);
  return { engine, step };
}

const closeCycle = (step: (session: string, sql: string) => void) => step('T2', 'update test set value = 12 where id = 1');
const outcomes = (done: Completion[]) => done.map((c) => [c.session, c.stepIndex, c.outcome.sqlstate ?? c.outcome.command]);

describe('TxnEngine deadlock checks at chosen times', () => {
  it('settle({ runDeadlockChecks: false }) leaves a deadlock standing with each waiter’s check pending', () => {
    const { engine, step } = halfDeadlock();
    closeCycle(step);
    expect(engine.pendingDeadlockChecks().map((p) => p.session)).toEqual(['T1', 'T2']);
    expect(engine.waitEdges().map((e) => [e.from, e.to])).toEqual([
      ['T1', 'T2'],
      ['T2', 'T1'],
    ]);
    expect(engine.deadlocks).toEqual([]);
  });

  it('the first check to run after the cycle closed cancels its own session: here the earlier waiter', () => {
    const { engine, step } = halfDeadlock();
    closeCycle(step);
    expect(engine.checkDeadlock('T1')).toBe(true);
    expect(outcomes(engine.settle({ runDeadlockChecks: false }))).toEqual([
      ['T1', 4, '40P01'],
      ['T2', 5, 'UPDATE 1'],
    ]);
    expect(engine.deadlocks).toEqual([{ cycle: ['T1', 'T2'], victim: 'T1', stepIndex: 5 }]);
    expect(engine.checkDeadlock('T2')).toBe(false); // no longer waiting
  });

  it('a check that ran before the cycle closed found nothing and does not run again', () => {
    const { engine, step } = halfDeadlock();
    expect(engine.checkDeadlock('T1')).toBe(false);
    closeCycle(step);
    expect(engine.pendingDeadlockChecks().map((p) => p.session)).toEqual(['T2']);
    expect(engine.checkDeadlock('T1')).toBe(false);
    expect(engine.deadlocks).toEqual([]);
    expect(engine.checkDeadlock('T2')).toBe(true);
    expect(outcomes(engine.settle({ runDeadlockChecks: false }))).toEqual([
      ['T2', 5, '40P01'],
      ['T1', 4, 'UPDATE 1'],
    ]);
    expect(engine.deadlocks).toEqual([{ cycle: ['T2', 'T1'], victim: 'T2', stepIndex: 5 }]);
  });

  it('settle() as the schedule runner uses it checks each new wait at once: the session closing the cycle is the victim', () => {
    const engine = new TxnEngine();
    engine.setup(parseStatement('create table test (id int primary key, value int)'));
    engine.setup(parseStatement('insert into test values (1, 10), (2, 20)'));
    engine.addSession('T1', 'read committed');
    engine.addSession('T2', 'read committed');
    const done: Completion[] = [];
    const statements: [string, string][] = [
      ['T1', 'begin'],
      ['T2', 'begin'],
      ['T1', 'update test set value = 11 where id = 1'],
      ['T2', 'update test set value = 21 where id = 2'],
      ['T1', 'update test set value = 22 where id = 2'],
      ['T2', 'update test set value = 12 where id = 1'],
    ];
    statements.forEach(([session, sql], i) => {
      engine.issue(session, i, parseStatement(sql));
      done.push(...engine.settle());
    });
    expect(outcomes(done).slice(-2)).toEqual([
      ['T2', 5, '40P01'],
      ['T1', 4, 'UPDATE 1'],
    ]);
    expect(engine.pendingDeadlockChecks()).toEqual([]);
  });
});
