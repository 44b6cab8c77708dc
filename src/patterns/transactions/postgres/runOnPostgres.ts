import pg from 'pg';
import type { Row, StatementOutcome } from '../model/engine';
import { sortRows, stepResult, type ScheduleResult, type StepResult } from '../result';
import type { ParsedSchedule } from '../schedule';
import { StepQueue } from '../stepQueue';

/**
 * Runs a schedule on a real PostgreSQL server, one connection per session, with the same
 * issuing rule as the model (see StepQueue). After each statement it waits until every
 * in-flight statement has either finished or is waiting on a lock (pg_stat_activity and
 * pg_locks, from a separate monitor connection), and, when a statement waits, longer than the
 * server's deadlock_timeout, so the deadlock check of every new wait has run before the next
 * step. This is test harness code: it runs on wall-clock time, unlike the model.
 *
 * Everything happens in a schema of its own (dropped at the end), so a server's other data is
 * not touched. Each session runs with index and bitmap scans disabled: the model plans every
 * statement as a sequential scan (as its SERIALIZABLE predicate locks assume) and PostgreSQL
 * would otherwise choose index scans for key lookups on a never-analysed table.
 */
export interface PostgresRunOptions {
  /** Extra wait after a statement blocks, beyond the server's deadlock_timeout (ms). */
  settleMarginMs?: number;
}

let runCounter = 0;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface InFlight {
  stepIndex: number;
  outcome: StatementOutcome | null;
  order: number;
}

function normalizeCommand(result: pg.QueryResult): string {
  const command = result.command === 'START' ? 'START TRANSACTION' : result.command === 'CREATE' ? 'CREATE TABLE' : result.command;
  return result.rowCount === null || result.rowCount === undefined || !['SELECT', 'UPDATE', 'DELETE', 'INSERT'].includes(command) ? command : `${command} ${result.rowCount}`;
}

/** Values as the model has them: int8 (count, sum) as numbers, not strings. */
const types = {
  getTypeParser: ((oid: number, format?: string) => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

export async function runScheduleOnPostgres(schedule: ParsedSchedule, connectionString: string, options: PostgresRunOptions = {}): Promise<ScheduleResult> {
  const schema = `txnlab_${process.pid}_${++runCounter}`;
  const monitor = new pg.Client({ connectionString, types });
  monitor.on('error', () => undefined);
  await monitor.connect();
  const clients = new Map<string, { client: pg.Client; pid: number }>();
  try {
    const deadlockTimeoutMs = Number((await monitor.query(`select setting from pg_settings where name = 'deadlock_timeout'`)).rows[0].setting);
    const settleWaitMs = deadlockTimeoutMs * 2 + (options.settleMarginMs ?? 120);
    await monitor.query(`drop schema if exists ${schema} cascade`);
    await monitor.query(`create schema ${schema}`);
    await monitor.query(`set search_path to ${schema}`);
    for (const [index, { sql }] of schedule.setup.entries()) {
      try {
        await monitor.query(sql);
      } catch (error) {
        throw new Error(`setup[${index}] (${sql}) failed on PostgreSQL: ${(error as Error).message}`);
      }
    }
    for (const s of schedule.sessions) {
      const client = new pg.Client({ connectionString, types });
      client.on('error', () => undefined);
      await client.connect();
      await client.query(`set search_path to ${schema}`);
      await client.query(`set default_transaction_isolation to '${s.isolation}'`);
      await client.query('set enable_indexscan = off; set enable_bitmapscan = off; set enable_indexonlyscan = off');
      const pid = (await client.query('select pg_backend_pid() as pid')).rows[0].pid as number;
      clients.set(s.name, { client, pid });
    }

    const inFlight = new Map<string, InFlight>();
    let completionOrder = 0;
    const busy = (session: string) => {
      const f = inFlight.get(session);
      return f !== undefined && f.outcome === null;
    };
    const issue = (session: string, stepIndex: number) => {
      const flight: InFlight = { stepIndex, outcome: null, order: 0 };
      inFlight.set(session, flight);
      clients
        .get(session)!
        .client.query(schedule.steps[stepIndex]!.sql)
        .then(
          (result) => {
            flight.outcome = {
              status: 'ok',
              command: normalizeCommand(result),
              rows: result.command === 'SELECT' ? (result.rows as Row[]) : null,
              sqlstate: null,
              message: null,
            };
          },
          (error: { code?: string; message: string }) => {
            flight.outcome = { status: 'error', command: null, rows: null, sqlstate: error.code ?? null, message: error.message };
          },
        )
        .finally(() => {
          flight.order = ++completionOrder;
        });
    };
    const lockWaits = async (pids: number[]) => {
      // A backend is blocked while it has a lock request not granted; one whose request was just
      // granted still shows wait_event 'Lock' until it runs, so the wait event alone would mislead.
      const { rows } = await monitor.query(
        `select l.pid, string_agg(l.locktype || ':' || coalesce(l.transactionid::text, '') || ':' || coalesce(l.page::text, '') || ':' || coalesce(l.tuple::text, '') || ':' || l.mode, ',' order by l.locktype) as waiting_for
           from pg_locks l where l.pid = any($1) and not l.granted group by l.pid`,
        [pids],
      );
      return new Map(rows.map((r) => [r.pid as number, r.waiting_for as string]));
    };
    /** Wait until each in-flight statement has finished or sat in the same lock wait across a full deadlock check. */
    const settle = async (): Promise<InFlight[]> => {
      let previous: string | null = null;
      for (;;) {
        await sleep(2);
        const pending = [...inFlight.entries()].filter(([, f]) => f.outcome === null);
        if (pending.length === 0) break;
        const waiting = await lockWaits(pending.map(([s]) => clients.get(s)!.pid));
        if (!pending.every(([s, f]) => f.outcome !== null || waiting.has(clients.get(s)!.pid))) {
          previous = null;
          continue;
        }
        const signature = pending.map(([s]) => `${s}=${waiting.get(clients.get(s)!.pid)}`).join('|');
        if (signature === previous) break;
        previous = signature;
        await sleep(settleWaitMs);
      }
      await sleep(0);
      const done = [...inFlight.entries()].filter(([, f]) => f.outcome !== null).sort((a, b) => a[1].order - b[1].order);
      for (const [session] of done) inFlight.delete(session);
      return done.map(([, f]) => f);
    };

    const results: (StepResult | null)[] = schedule.steps.map(() => null);
    const record = (done: InFlight[], atStep: number) => {
      for (const f of done) {
        const step = schedule.steps[f.stepIndex]!;
        results[f.stepIndex] = stepResult(step.session, step.sql, f.outcome, f.stepIndex === atStep ? null : atStep);
      }
    };
    const queue = new StepQueue();
    for (const [index, { session }] of schedule.steps.entries()) {
      if (queue.defer(session, index, busy(session))) continue;
      issue(session, index);
      record(await settle(), index);
      for (let ready = queue.nextReady(busy); ready !== null; ready = queue.nextReady(busy)) {
        issue(ready.session, ready.index);
        record(await settle(), index);
      }
    }

    // A statement released by the last step finishes within that step's settle; this catches one
    // that the server finished late (a loaded machine), instead of calling it blocked.
    if (schedule.steps.length > 0) record(await settle(), schedule.steps.length - 1);

    const final: Record<string, Row[]> = {};
    for (const { statement } of schedule.setup) {
      if (statement.kind !== 'createTable') continue;
      const { rows } = await monitor.query(`select * from ${statement.table}`);
      final[statement.table] = sortRows(rows as Row[], statement.primaryKey);
    }
    return { steps: schedule.steps.map((s, i) => results[i] ?? stepResult(s.session, s.sql, null, null)), final };
  } finally {
    if (clients.size > 0) await monitor.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [[...clients.values()].map((c) => c.pid)]).catch(() => undefined);
    await Promise.all([...clients.values()].map(({ client }) => client.end().catch(() => undefined)));
    await monitor.query('reset search_path').catch(() => undefined);
    await monitor.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await monitor.end().catch(() => undefined);
  }
}
