import { z } from 'zod';
import { formatZodIssues, type ValidationIssue } from '../../scenario/formatIssues';
import { ISOLATION_LEVELS, type IsolationLevel, type Statement } from './sql/ast';
import { parseStatement, SqlSyntaxError } from './sql/parser';

/**
 * A schedule: tables and rows to start from, the sessions (each with its default isolation
 * level) and the steps, each one SQL statement issued by one session, in order.
 */
export const scheduleSchema = z
  .object({
    $schema: z.string().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    setup: z.array(z.string()),
    sessions: z.record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,19}$/, 'a session name of letters, digits and _ (starting with a letter, at most 20 characters)'),
      z.object({ isolation: z.enum(ISOLATION_LEVELS as [IsolationLevel, ...IsolationLevel[]]).default('read committed') }).strict(),
    ),
    steps: z.array(z.tuple([z.string(), z.string()])),
  })
  .strict();

export type Schedule = z.input<typeof scheduleSchema>;

/** A schedule whose shape, sessions and SQL were all checked, with every statement parsed. */
export interface ParsedSchedule {
  title?: string;
  description?: string;
  setup: { sql: string; statement: Statement }[];
  sessions: { name: string; isolation: IsolationLevel }[];
  steps: { session: string; sql: string; statement: Statement }[];
}

export type ScheduleParseResult = { ok: true; value: ParsedSchedule } | { ok: false; issues: ValidationIssue[] };

/** Validate a schedule completely; every problem is reported with its path (e.g. `steps[3][1]`). */
export function parseSchedule(data: unknown): ScheduleParseResult {
  const shape = scheduleSchema.safeParse(data);
  if (!shape.success) {
    return { ok: false, issues: formatZodIssues(shape.error.issues, data).map((i) => ({ ...i, path: i.path === '(scenario)' ? '(schedule)' : i.path })) };
  }
  const raw = shape.data;
  const issues: ValidationIssue[] = [];
  const sessions = Object.entries(raw.sessions).map(([name, s]) => ({ name, isolation: s.isolation }));
  if (sessions.length === 0) issues.push({ path: 'sessions', message: 'expected at least one session, found none' });
  const setup: ParsedSchedule['setup'] = [];
  raw.setup.forEach((sql, index) => {
    const path = `setup[${index}]`;
    try {
      const statement = parseStatement(sql);
      if (statement.kind !== 'createTable' && statement.kind !== 'insert') issues.push({ path, message: `setup holds CREATE TABLE and INSERT statements only, found ${statement.kind.toUpperCase()}` });
      else setup.push({ sql, statement });
    } catch (error) {
      if (!(error instanceof SqlSyntaxError)) throw error;
      issues.push({ path, message: error.message });
    }
  });
  const steps: ParsedSchedule['steps'] = [];
  raw.steps.forEach(([session, sql], index) => {
    // Own keys only: `toString` or `__proto__` are in every object, not sessions the schedule declared.
    if (!Object.hasOwn(raw.sessions, session)) {
      issues.push({ path: `steps[${index}][0]`, message: `expected a session declared in sessions (${sessions.map((s) => s.name).join(', ') || 'none'}), found ${JSON.stringify(session)}` });
    }
    try {
      const statement = parseStatement(sql);
      if (statement.kind === 'createTable') issues.push({ path: `steps[${index}][1]`, message: 'CREATE TABLE belongs in setup' });
      else steps.push({ session, sql, statement });
    } catch (error) {
      if (!(error instanceof SqlSyntaxError)) throw error;
      issues.push({ path: `steps[${index}][1]`, message: error.message });
    }
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { ...(raw.title !== undefined ? { title: raw.title } : {}), ...(raw.description !== undefined ? { description: raw.description } : {}), setup, sessions, steps } };
}
