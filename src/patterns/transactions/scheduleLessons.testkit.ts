import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ScheduleResult } from './result';
import { parseSchedule, type ParsedSchedule } from './schedule';

/** Test support: the shipped schedules and what each must show (checked on the model, and on PostgreSQL by the differential suite). */
export const SCHEDULES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'schedules');

export function shippedSchedules(): { name: string; schedule: ParsedSchedule }[] {
  return readdirSync(SCHEDULES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const parsed = parseSchedule(JSON.parse(readFileSync(join(SCHEDULES_DIR, f), 'utf8')));
      if (!parsed.ok) throw new Error(`${f}: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
      return { name: f.slice(0, -'.json'.length), schedule: parsed.value };
    });
}

const value = (r: ScheduleResult, step: number, column = 'value') => r.steps[step]!.rows?.[0]?.[column];
const errors = (r: ScheduleResult) => r.steps.filter((s) => s.status === 'error').map((s) => s.sqlstate);
const finalValue = (r: ScheduleResult, table: string, id: number, column = 'value') => r.final[table]!.find((row) => row.id === id)?.[column];

/** The claim each schedule makes, as assertions on its result. */
export const SCHEDULE_LESSONS: Record<string, (r: ScheduleResult) => void> = {
  'dirty-read-never': (r) => {
    expect(value(r, 3)).toBe(10);
    expect(value(r, 5)).toBe(10);
    expect(errors(r)).toEqual([]);
  },
  'non-repeatable-read-rc': (r) => {
    expect([value(r, 1), value(r, 3)]).toEqual([10, 11]);
  },
  'non-repeatable-read-rr': (r) => {
    expect([value(r, 1), value(r, 3), value(r, 5)]).toEqual([10, 10, 11]);
  },
  'phantom-rc': (r) => {
    expect([value(r, 1, 'count'), value(r, 3, 'count')]).toEqual([1, 2]);
    expect(r.steps[4]!.rows!.map((row) => row.id)).toEqual([2, 3]);
  },
  'phantom-rr': (r) => {
    expect([value(r, 1, 'count'), value(r, 3, 'count'), value(r, 5, 'count')]).toEqual([1, 1, 2]);
  },
  'lost-update': (r) => {
    expect(finalValue(r, 'test', 1)).toBe(11);
    expect(errors(r)).toEqual([]);
  },
  'lost-update-fix-for-update': (r) => {
    expect(r.steps[3]).toMatchObject({ status: 'ok', completedAtStep: 5, rows: [{ value: 11 }] });
    expect(finalValue(r, 'test', 1)).toBe(12);
  },
  'lost-update-fix-atomic': (r) => {
    expect(r.steps[3]).toMatchObject({ status: 'ok', command: 'UPDATE 1', completedAtStep: 4 });
    expect(finalValue(r, 'test', 1)).toBe(12);
  },
  'lost-update-fix-repeatable-read': (r) => {
    expect(r.steps[5]).toMatchObject({ status: 'error', sqlstate: '40001', message: 'could not serialize access due to concurrent update', completedAtStep: 6 });
    expect(value(r, 9)).toBe(11);
    expect(finalValue(r, 'test', 1)).toBe(12);
  },
  'write-skew-repeatable-read': (r) => {
    expect(errors(r)).toEqual([]);
    expect(r.final.doctors!.map((d) => d.on_call)).toEqual([0, 0]);
  },
  'write-skew-serializable': (r) => {
    expect(errors(r)).toEqual(['40001']);
    expect(r.steps.find((s) => s.status === 'error')!.message).toBe('could not serialize access due to read/write dependencies among transactions');
    expect(r.final.doctors!.filter((d) => d.on_call === 1)).toHaveLength(1);
  },
  'serializable-insert-conflict': (r) => {
    expect(r.steps[6]).toMatchObject({ status: 'error', sqlstate: '40001' });
    expect(r.final.test).toHaveLength(3);
  },
  'for-share': (r) => {
    expect(r.steps[3]!.status).toBe('ok');
    expect(r.steps[4]).toMatchObject({ status: 'ok', completedAtStep: 6 });
    expect(finalValue(r, 'test', 1)).toBe(12);
  },
  nowait: (r) => {
    expect(r.steps[3]).toMatchObject({ status: 'error', sqlstate: '55P03', message: 'could not obtain lock on row in relation "test"', completedAtStep: null });
  },
  'skip-locked': (r) => {
    expect(r.steps[3]!.rows!.map((row) => row.id)).toEqual([2, 3]);
    expect(r.steps.every((s) => s.completedAtStep === null)).toBe(true);
    expect(r.final.jobs!.every((j) => j.state === 'done')).toBe(true);
  },
  'read-committed-recheck': (r) => {
    expect(r.steps[2]).toMatchObject({ status: 'ok', command: 'UPDATE 0', completedAtStep: 3 });
    expect(r.steps[6]).toMatchObject({ status: 'ok', command: 'UPDATE 2', completedAtStep: 7 });
    expect(r.final.test).toEqual([{ id: 1, value: 200 }, { id: 2, value: 42 }]);
  },
  'repeatable-read-concurrent-update': (r) => {
    expect(r.steps[6]).toMatchObject({ status: 'error', sqlstate: '40001', message: 'could not serialize access due to concurrent update', completedAtStep: 8 });
    expect(r.steps[9]).toMatchObject({ status: 'error', sqlstate: '40001', message: 'could not serialize access due to concurrent delete' });
  },
  deadlock: (r) => {
    expect(r.steps[5]).toMatchObject({ session: 'T2', status: 'error', sqlstate: '40P01', message: 'deadlock detected' });
    expect(r.steps[4]).toMatchObject({ status: 'ok', completedAtStep: 5 });
    expect(r.final.test).toEqual([{ id: 1, value: 11 }, { id: 2, value: 22 }]);
  },
  'deadlock-fix-lock-order': (r) => {
    expect(errors(r)).toEqual([]);
    expect(r.final.test).toEqual([{ id: 1, value: 12 }, { id: 2, value: 22 }]);
  },
  'deadlock-three-sessions': (r) => {
    expect(errors(r)).toEqual(['40P01']);
    expect(r.steps[8]).toMatchObject({ session: 'T3', sqlstate: '40P01' });
  },
  'unique-violation': (r) => {
    expect(r.steps[2]).toMatchObject({ status: 'error', sqlstate: '23505', message: 'duplicate key value violates unique constraint "test_pkey"', completedAtStep: 3 });
  },
  'unique-wait-rollback': (r) => {
    expect(r.steps[2]).toMatchObject({ status: 'ok', command: 'INSERT 1', completedAtStep: 3 });
    expect(finalValue(r, 'test', 3)).toBe(31);
  },
  'long-transaction': (r) => {
    // Everyone behind T1's row lock, and T3's next statement queued behind its blocked one, completes only at T1's COMMIT (step 7).
    for (const step of [2, 3, 4]) expect(r.steps[step], `step ${step}`).toMatchObject({ status: 'ok', completedAtStep: 7 });
    // A plain read does not wait for a row lock: T4 reads at once.
    expect(r.steps[5]).toMatchObject({ status: 'ok', completedAtStep: null });
    expect(value(r, 5, 'balance')).toBe(100);
    // They went in the order they queued: T3's locking read sees T2's change.
    expect(value(r, 3, 'balance')).toBe(95);
    expect(finalValue(r, 'accounts', 1, 'balance')).toBe(95);
    expect(finalValue(r, 'accounts', 2, 'balance')).toBe(210);
    expect(errors(r)).toEqual([]);
  },
  'aborted-transaction': (r) => {
    expect(r.steps[2]!.sqlstate).toBe('23505');
    expect(r.steps[3]).toMatchObject({ status: 'error', sqlstate: '25P02', message: 'current transaction is aborted, commands ignored until end of transaction block' });
    expect(r.steps[4]).toMatchObject({ status: 'ok', command: 'ROLLBACK' });
    expect(r.steps[5]!.rows).toEqual([{ id: 1, value: 10 }, { id: 2, value: 20 }]);
  },
};
