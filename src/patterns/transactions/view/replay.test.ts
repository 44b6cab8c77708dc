import { describe, expect, it } from 'vitest';
import { SWIMLANE_PRESETS } from '../presets/swimlanePresets';
import { checkStatement, replay, withSession, withStep, withoutStep } from './replay';

const preset = (id: string) => SWIMLANE_PRESETS.find((p) => p.id === id)!.schedule;

describe('swimlane replay', () => {
  it('every preset runs on the model to its end', () => {
    for (const p of SWIMLANE_PRESETS) {
      const r = replay(p.schedule, Infinity);
      expect(r.ok, p.id).toBe(true);
      if (r.ok) expect(r.state.stepIndex).toBe(r.total - 1);
    }
  });

  it('the lost update is visible step by step: both read 10, the final value is 11', () => {
    const reads = replay(preset('lost-update'), 4);
    if (!reads.ok) throw new Error('no replay');
    expect(reads.state.steps[1]).toMatchObject({ status: 'ok', rows: [{ value: 10 }] });
    expect(reads.state.steps[3]).toMatchObject({ status: 'ok', rows: [{ value: 10 }] });
    const end = replay(preset('lost-update'), Infinity);
    if (!end.ok) throw new Error('no replay');
    expect(end.state.committed.test!.find((r) => r.id === 1)).toEqual({ id: 1, value: 11 });
  });

  it('stepping back gives exactly the earlier state', () => {
    const schedule = preset('deadlock');
    const forward = replay(schedule, 5);
    const again = replay(schedule, 5);
    expect(forward).toEqual(again);
    const later = replay(schedule, 6);
    expect(later).not.toEqual(forward);
  });

  it('the deadlock preset shows the cycle, the victim and 40P01', () => {
    const r = replay(preset('deadlock'), 6);
    if (!r.ok) throw new Error('no replay');
    expect(r.state.deadlocks).toEqual([{ cycle: ['T2', 'T1'], victim: 'T2', stepIndex: 5 }]);
    expect(r.state.steps[5]).toMatchObject({ session: 'T2', status: 'error', sqlstate: '40P01', message: 'deadlock detected' });
    const before = replay(preset('deadlock'), 5);
    if (!before.ok) throw new Error('no replay');
    expect(before.state.waits).toEqual([{ from: 'T1', to: 'T2', reason: 'transaction', versionId: null }]);
  });

  it('refuses SQL the lab does not model with a clear message, and keeps the schedule', () => {
    expect(checkStatement('select * from test order by id')).toMatch(/ORDER BY/);
    expect(checkStatement('create table x (id int)')).toMatch(/setup/);
    expect(checkStatement('update test set value = value + 1 where id = 1')).toBeNull();
    const broken = withStep(preset('lost-update'), 'T3', 'select 1 from test');
    const r = replay(broken, Infinity);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toMatch(/steps\[8\]\[0\]/);
  });

  it('edits: add a session and a step, remove a step', () => {
    let s = withSession(preset('lost-update'), 'T3', 'serializable');
    s = withStep(s, 'T3', 'select * from test');
    const r = replay(s, Infinity);
    if (!r.ok) throw new Error(r.problems.join());
    expect(r.state.sessions.map((x) => [x.name, x.isolation])).toContainEqual(['T3', 'serializable']);
    expect(r.state.steps.at(-1)).toMatchObject({ session: 'T3', status: 'ok' });
    expect(withoutStep(s, 0).steps).toHaveLength(s.steps.length - 1);
  });
});
