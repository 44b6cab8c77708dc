import { ScheduleSetupError, TxnModelRun, type TxnState } from '../modelRun';
import { parseSchedule, type Schedule } from '../schedule';
import { parseStatement, SqlSyntaxError } from '../sql/parser';

/** The model's state after the first `position` steps of a schedule, or why it cannot run. */
export type Replay = { ok: true; state: TxnState; total: number } | { ok: false; problems: string[] };

/**
 * Replay a schedule on the model up to `position` steps. The model only steps forward, so
 * stepping back replays from the start (a schedule is a few dozen statements: instant).
 */
export function replay(schedule: Schedule, position: number): Replay {
  const parsed = parseSchedule(schedule);
  if (!parsed.ok) return { ok: false, problems: parsed.issues.map((i) => `${i.path}: ${i.message}`) };
  try {
    const run = new TxnModelRun(parsed.value);
    const total = parsed.value.steps.length;
    for (let i = 0; i < Math.min(position, total); i++) run.step();
    return { ok: true, state: run.state(), total };
  } catch (error) {
    if (error instanceof ScheduleSetupError) return { ok: false, problems: [error.message] };
    throw error;
  }
}

/** Check one statement a learner typed before adding it: null if the lab understands it, else PostgreSQL-style words why not. */
export function checkStatement(sql: string): string | null {
  try {
    const statement = parseStatement(sql);
    if (statement.kind === 'createTable') return 'CREATE TABLE belongs in the setup, not in a step';
    return null;
  } catch (error) {
    if (error instanceof SqlSyntaxError) return error.message;
    throw error;
  }
}

/** The same schedule with one more step. */
export function withStep(schedule: Schedule, session: string, sql: string): Schedule {
  return { ...schedule, steps: [...schedule.steps, [session, sql.trim()]] };
}

/** The same schedule without step `index`. */
export function withoutStep(schedule: Schedule, index: number): Schedule {
  return { ...schedule, steps: schedule.steps.filter((_, i) => i !== index) };
}

/** The same schedule with a session's default isolation level changed (or a new session added). */
export function withSession(schedule: Schedule, name: string, isolation: 'read committed' | 'repeatable read' | 'serializable'): Schedule {
  return { ...schedule, sessions: { ...schedule.sessions, [name]: { isolation } } };
}
