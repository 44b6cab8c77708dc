import { describe, expect, it } from 'vitest';
import { TxnModelRun, allStates, runScheduleOnModel } from './modelRun';
import { parseSchedule, type ParsedSchedule, type Schedule } from './schedule';
import { SCHEDULE_LESSONS, shippedSchedules } from './scheduleLessons.testkit';

function parsed(schedule: Schedule): ParsedSchedule {
  const result = parseSchedule(schedule);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe('the transactions model', () => {
  const shipped = shippedSchedules();

  it('every shipped schedule states its lesson', () => {
    expect(shipped.map((s) => s.name).sort()).toEqual(Object.keys(SCHEDULE_LESSONS).sort());
  });

  it.each(shipped.map((s) => [s.name, s.schedule] as const))('%s: the model shows what the schedule claims, with no timing-dependent step', (name, schedule) => {
    const run = new TxnModelRun(schedule);
    const result = run.runToEnd();
    SCHEDULE_LESSONS[name]!(result);
    expect(run.engine.racyReasons).toEqual([]);
  });

  it('is deterministic: the same schedule gives the same result', () => {
    for (const { schedule } of shipped) expect(JSON.stringify(runScheduleOnModel(schedule))).toBe(JSON.stringify(runScheduleOnModel(schedule)));
  });

  it('the step-by-step state shows versions, who sees them, lock waits, the wait-for graph and the deadlock victim', () => {
    const run = new TxnModelRun(shipped.find((s) => s.name === 'deadlock')!.schedule);
    for (let i = 0; i < 5; i++) run.step();
    let state = run.state();
    expect(state.stepIndex).toBe(4);
    expect(state.sessions.map((s) => [s.name, s.status, s.blockedStep])).toEqual([
      ['T1', 'blocked', 4],
      ['T2', 'in transaction', null],
    ]);
    expect(state.waits).toEqual([{ from: 'T1', to: 'T2', reason: 'transaction', versionId: null }]);
    // T1's new version of row 1 is visible to T1 only; the committed original to T2 only.
    const row1 = state.versions.filter((v) => v.values.id === 1);
    expect(row1.map((v) => [v.values.value, v.xminSession, v.visibleTo])).toEqual([
      [10, '(setup)', ['T2']],
      [11, 'T1', ['T1']],
    ]);
    expect(state.steps[4]).toEqual({ session: 'T1', sql: 'update test set value = 22 where id = 2', status: 'pending' });
    run.step();
    state = run.state();
    expect(state.deadlocks).toEqual([{ cycle: ['T2', 'T1'], victim: 'T2', stepIndex: 5 }]);
    expect(state.waits).toEqual([]);
    expect(state.sessions.map((s) => s.status)).toEqual(['in transaction', 'failed']);
    expect(state.steps[4]).toMatchObject({ status: 'ok', completedAtStep: 5 });
  });

  it('allStates gives the state before the first step and after each, ending at the result', () => {
    const { schedule } = shipped.find((s) => s.name === 'for-share')!;
    const states = allStates(schedule);
    expect(states).toHaveLength(schedule.steps.length + 1);
    expect(states[0]!.stepIndex).toBe(-1);
    expect(states[0]!.steps.every((s) => s.status === 'pending')).toBe(true);
    expect(states[5]!.waits).toEqual([
      { from: 'T3', to: 'T1', reason: 'transaction', versionId: null },
    ]);
    expect(states[5]!.versions[0]!.locks.map((l) => [l.session, l.strength])).toEqual([
      ['T1', 'share'],
      ['T2', 'share'],
    ]);
    expect(states[6]!.waits).toEqual([{ from: 'T3', to: 'T2', reason: 'transaction', versionId: null }]);
    expect(states.at(-1)!.steps).toEqual(runScheduleOnModel(schedule).steps);
  });

  it('shows SERIALIZABLE rw-conflicts as they form', () => {
    const run = new TxnModelRun(shipped.find((s) => s.name === 'write-skew-serializable')!.schedule);
    for (let i = 0; i < 6; i++) run.step();
    expect(run.state().rwConflicts).toEqual(
      expect.arrayContaining([
        { reader: 'T1', writer: 'T2' },
        { reader: 'T2', writer: 'T1' },
      ]),
    );
  });

  it('queues a step behind its session blocked statement and issues it once released', () => {
    const result = runScheduleOnModel(
      parsed({
        setup: ['create table t (id int primary key, v int)', 'insert into t values (1, 1)'],
        sessions: { A: {}, B: {} },
        steps: [
          ['A', 'begin'],
          ['A', 'update t set v = 2 where id = 1'],
          ['B', 'update t set v = v * 10 where id = 1'],
          ['B', 'select * from t'],
          ['A', 'commit'],
        ],
      }),
    );
    expect(result.steps.map((s) => [s.status, s.completedAtStep, s.command])).toEqual([
      ['ok', null, 'BEGIN'],
      ['ok', null, 'UPDATE 1'],
      ['ok', 4, 'UPDATE 1'],
      ['ok', 4, 'SELECT 1'],
      ['ok', null, 'COMMIT'],
    ]);
    expect(result.steps[3]!.rows).toEqual([{ id: 1, v: 20 }]);
  });

  it('reports a statement that never completes as blocked, and evaluates arithmetic as PostgreSQL does', () => {
    const result = runScheduleOnModel(
      parsed({
        setup: ['create table t (id int primary key, v int)', 'insert into t values (1, -7), (2, 7)'],
        sessions: { A: {}, B: {} },
        steps: [
          ['A', 'select id, v % 3 as m, v / 2 as d, v * 2 + 1 from t'],
          ['B', 'select 1 / (v + 7) from t'],
          ['A', 'begin'],
          ['A', 'delete from t where id = 2'],
          ['B', 'update t set v = 0 where id in (1, 2)'],
          ['A', 'select count(*) from t'],
        ],
      }),
    );
    expect(result.steps[0]!.rows).toEqual([
      { id: 1, m: -1, d: -3, '?column?': -13 },
      { id: 2, m: 1, d: 3, '?column?': 15 },
    ]);
    expect(result.steps[1]).toMatchObject({ status: 'error', sqlstate: '22012', message: 'division by zero' });
    expect(result.steps[4]).toEqual({ session: 'B', sql: 'update t set v = 0 where id in (1, 2)', status: 'blocked', rows: null, sqlstate: null, message: null, completedAtStep: null, command: null });
    expect(result.steps[5]!.rows).toEqual([{ count: 1 }]);
    expect(result.final.t).toEqual([{ id: 1, v: -7 }, { id: 2, v: 7 }]);
  });

  it('refuses a setup statement that fails, naming it', () => {
    expect(() => new TxnModelRun(parsed({ setup: ['create table t (id int primary key)', 'insert into t values (1), (1)'], sessions: { A: {} }, steps: [] }))).toThrow(
      'setup[1] (insert into t values (1), (1)) failed: duplicate key value violates unique constraint "t_pkey" (SQLSTATE 23505)',
    );
  });
});

describe('schedule files', () => {
  it('reports every problem with its path', () => {
    const result = parseSchedule({ setup: ['create table t (id int)', 'update t set id = 1'], sessions: { A: { isolation: 'snapshot' }, 'B!': {} }, steps: [['A', 'select']] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual(['sessions.A.isolation', 'sessions.B!']);
    const semantic = parseSchedule({ setup: ['create table t (id int)', 'update t set id = 1'], sessions: { A: {} }, steps: [['C', 'select * from t'], ['A', 'select * from t order by id'], ['A']] });
    expect(semantic.ok).toBe(false);
    if (semantic.ok) return;
    expect(semantic.issues[0]!.path).toBe('steps[2]');
    const paths = parseSchedule({ setup: ['create table t (id int)', 'update t set id = 1'], sessions: { A: {} }, steps: [['C', 'select * from t'], ['A', 'select * from t order by id']] });
    expect(paths.ok ? [] : paths.issues).toEqual([
      { path: 'setup[1]', message: 'setup holds CREATE TABLE and INSERT statements only, found UPDATE' },
      { path: 'steps[0][0]', message: 'expected a session declared in sessions (A), found "C"' },
      { path: 'steps[1][1]', message: 'not supported in this lab: ORDER BY' },
    ]);
  });

  it('defaults a session to READ COMMITTED', () => {
    expect(parsed({ setup: [], sessions: { A: {} }, steps: [] }).sessions).toEqual([{ name: 'A', isolation: 'read committed' }]);
  });
});
