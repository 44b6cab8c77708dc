import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseJson, issuesToText } from '../../scenario/parseScenario';
import { parseSchedule, type ParsedSchedule } from './schedule';
import { runScheduleOnModel, ScheduleSetupError } from './modelRun';
import type { ScheduleResult } from './result';

export const TXN_USAGE = `Usage: npm run sim -- txn --schedule FILE [--json] [--against postgres://…]

  --schedule FILE   a transaction schedule (JSON: setup, sessions, steps)
  --json            print only the result, as one JSON object
  --against URL     run on that PostgreSQL server instead of the model (same output); the run
                    uses a schema of its own and drops it afterwards
  --help            this text`;

class TxnUsageError extends Error {}

function loadSchedule(file: string): ParsedSchedule {
  if (!existsSync(file)) throw new TxnUsageError(`${file}: no such file`);
  if (!statSync(file).isFile()) throw new TxnUsageError(`${file}: not a file (a schedule is a JSON file)`);
  const json = parseJson(readFileSync(file, 'utf8'));
  if (!json.ok) throw new TxnUsageError(`${file}: ${issuesToText(json.issues)}`);
  const parsed = parseSchedule(json.value);
  if (!parsed.ok) throw new TxnUsageError(`${file}: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return parsed.value;
}

function formatValue(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

/** The result as a readable table: one line per step, then each table's final rows. */
export function formatScheduleResult(result: ScheduleResult): string {
  const lines: string[] = [];
  const width = Math.min(60, Math.max(...result.steps.map((s) => s.sql.length), 9));
  const sessionWidth = Math.max(...result.steps.map((s) => s.session.length), 7);
  lines.push(`${'#'.padStart(3)}  ${'session'.padEnd(sessionWidth)}  ${'statement'.padEnd(width)}  result`);
  result.steps.forEach((s, i) => {
    const sql = s.sql.length > width ? `${s.sql.slice(0, width - 1)}…` : s.sql;
    let outcome: string;
    if (s.status === 'blocked') outcome = 'BLOCKED (never completed)';
    else if (s.status === 'error') outcome = `ERROR ${s.sqlstate}: ${s.message}`;
    else if (s.rows !== null) outcome = `${s.command}${s.rows.length > 0 ? `  ${s.rows.map((r) => `(${Object.entries(r).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ')})`).join(' ')}` : ''}`;
    else outcome = s.command ?? 'ok';
    if (s.completedAtStep !== null) outcome += `  [waited; completed at step ${s.completedAtStep}]`;
    lines.push(`${String(i).padStart(3)}  ${s.session.padEnd(sessionWidth)}  ${sql.padEnd(width)}  ${outcome}`);
  });
  lines.push('');
  for (const [table, rows] of Object.entries(result.final)) {
    lines.push(`final ${table}: ${rows.length === 0 ? '(no rows)' : rows.map((r) => `(${Object.values(r).map(formatValue).join(', ')})`).join(' ')}`);
  }
  return lines.join('\n');
}

/** `npm run sim -- txn …`; returns the exit code (0 ok, 2 bad input). */
export async function run(argv: readonly string[]): Promise<number> {
  let schedule: ParsedSchedule;
  let values: { schedule?: string; json?: boolean; against?: string; help?: boolean };
  try {
    try {
      ({ values } = parseArgs({
        args: [...argv],
        allowPositionals: false,
        options: { schedule: { type: 'string' }, json: { type: 'boolean', default: false }, against: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
      }));
    } catch (error) {
      throw new TxnUsageError((error as Error).message.split('\n')[0]!);
    }
    if (values.help) {
      process.stdout.write(`${TXN_USAGE}\n`);
      return 0;
    }
    if (values.schedule === undefined) throw new TxnUsageError('txn: missing --schedule FILE (try txn --help)');
    if (values.against !== undefined && !/^postgres(ql)?:\/\//.test(values.against)) throw new TxnUsageError(`--against: expected a postgres:// connection URL, found ${JSON.stringify(values.against)}`);
    schedule = loadSchedule(values.schedule);
  } catch (error) {
    if (error instanceof TxnUsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  let result: ScheduleResult;
  try {
    if (values.against !== undefined) {
      // Loaded only when asked for: the model needs no database driver.
      const { runScheduleOnPostgres } = await import('./postgres/runOnPostgres');
      result = await runScheduleOnPostgres(schedule, values.against);
    } else result = runScheduleOnModel(schedule);
  } catch (error) {
    if (error instanceof ScheduleSetupError || values.against !== undefined) {
      process.stderr.write(`error: ${(error as Error).message.split('\n')[0]}\n`);
      return 2;
    }
    throw error;
  }
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    const where = values.against !== undefined ? `on PostgreSQL (${values.against.replace(/\/\/[^@/]*@/, '//')})` : 'on the model';
    process.stdout.write(`${schedule.title ?? values.schedule} — ${schedule.steps.length} steps, ${schedule.sessions.map((s) => `${s.name} ${s.isolation}`).join(', ')}, ${where}\n\n`);
    process.stdout.write(`${formatScheduleResult(result)}\n`);
  }
  return 0;
}
