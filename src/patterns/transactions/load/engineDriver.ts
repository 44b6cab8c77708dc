import type { Environment, SimEvent } from '../../../engine';
import { TxnEngine, type Completion, type StatementOutcome } from '../model/engine';
import type { IsolationLevel } from '../sql/ast';
import { parseStatement } from '../sql/parser';

/** A statement's outcome in simulated time: what PostgreSQL answered and how long it waited for locks. */
export interface TimedOutcome extends StatementOutcome {
  /** Simulated ms between issuing the statement and its completion (0 unless it blocked). */
  lockWaitMs: number;
  /** Set when this statement's session was cancelled as a deadlock victim. */
  deadlock: boolean;
}

/** Rebuild the model from its committed rows once it holds this many row versions and nobody is in a transaction. */
const COMPACT_AFTER_VERSIONS = 400;

/**
 * Drives the verified {@link TxnEngine} from engine processes, in simulated time. A statement is
 * issued to the model at once; if the model blocks it, its event fires when another session's
 * statement releases it. Who waits, who fails and with what error is decided by the model alone.
 *
 * Deadlocks: as in PostgreSQL, each wait gets one deadlock check, deadlock_timeout after that
 * wait began in simulated time. The driver sets a timer per wait and asks the model to run that
 * session's check when it fires; the first check to find a cycle through its own session cancels
 * that session (40P01), and a session whose check found no cycle (the cycle closed later) is not
 * checked again. So the victim is the cycle member whose deadlock_timeout expires first after the
 * cycle closed, and the locks it held are released at that moment, as on a real server.
 *
 * Compaction: the model keeps every row version (there is no VACUUM). When no session is in a
 * transaction, the driver starts a fresh model from the committed rows, which is exact: nothing
 * running can see the old versions.
 */
export class EngineDriver {
  private engine = new TxnEngine();
  private readonly waiting = new Map<string, { event: SimEvent<TimedOutcome>; since: number }>();
  /** The last wait (by the model's wait serial) whose deadlock check has a timer. */
  private lastTimedWait = 0;
  private stepIndex = 0;
  /** Deadlocks resolved so far. */
  deadlocks = 0;

  constructor(
    private readonly env: Environment,
    private readonly setup: readonly string[],
    private readonly sessions: readonly string[],
    private readonly deadlockTimeoutMs: () => number,
  ) {
    this.boot(setup.map(parseStatement));
  }

  private boot(setupStatements: ReturnType<typeof parseStatement>[]): void {
    this.engine = new TxnEngine();
    this.lastTimedWait = 0;
    for (const s of setupStatements) this.engine.setup(s);
    for (const name of this.sessions) this.engine.addSession(name, 'read committed');
  }

  /** The model itself, for inspection (row versions, transactions). Replaced on compaction: do not keep it. */
  get model(): TxnEngine {
    return this.engine;
  }

  /** Run one statement of `session`; the event fires with its outcome once it completes. */
  run(session: string, sql: string): SimEvent<TimedOutcome> {
    const event = this.env.event<TimedOutcome>();
    this.waiting.set(session, { event, since: this.env.now });
    this.engine.issue(session, this.stepIndex++, parseStatement(sql));
    this.settle(null);
    return event;
  }

  /** Run the model until everything is done or blocked, deliver what finished and time the deadlock checks of new waits. */
  private settle(victim: string | null): void {
    for (const c of this.engine.settle({ runDeadlockChecks: false })) this.deliver(c, c.session === victim);
    for (const { session, waitSerial } of this.engine.pendingDeadlockChecks()) {
      if (waitSerial <= this.lastTimedWait) continue;
      this.lastTimedWait = waitSerial;
      const engine = this.engine;
      this.env.timeout(this.deadlockTimeoutMs()).addCallback(() => this.deadlockTimeoutFired(engine, session, waitSerial));
    }
  }

  /** PostgreSQL's CheckDeadLock in the backend of `session`, if that wait is still the one the timer was set for. */
  private deadlockTimeoutFired(engine: TxnEngine, session: string, waitSerial: number): void {
    if (engine !== this.engine) return;
    if (!engine.pendingDeadlockChecks().some((p) => p.session === session && p.waitSerial === waitSerial)) return;
    if (!engine.checkDeadlock(session)) return;
    this.deadlocks++;
    this.settle(session);
  }

  private deliver(c: Completion, deadlock: boolean): void {
    const w = this.waiting.get(c.session);
    if (w === undefined) throw new Error(`the model completed a statement of ${c.session}, which was not waiting`);
    this.waiting.delete(c.session);
    w.event.succeed({ ...c.outcome, lockWaitMs: this.env.now - w.since, deadlock });
  }

  /** The isolation level for `begin isolation level …`. */
  static begin(isolation: IsolationLevel): string {
    return `begin isolation level ${isolation}`;
  }

  /** Start a fresh model from the committed rows if the old one has grown and no session is in a transaction. */
  compactIfIdle(): void {
    if (this.engine.versions.length < COMPACT_AFTER_VERSIONS) return;
    if (this.sessions.some((s) => this.engine.isBusy(s) || this.engine.transactionOf(s) !== null)) return;
    const rows = this.engine.committedRows();
    const statements = this.setup.filter((sql) => /^\s*create/i.test(sql)).map(parseStatement);
    for (const [table, tableRows] of Object.entries(rows)) {
      if (tableRows.length === 0) continue;
      const columns = Object.keys(tableRows[0]!);
      const values = tableRows.map((r) => `(${columns.map((c) => sqlLiteral(r[c] ?? null)).join(', ')})`).join(', ');
      statements.push(parseStatement(`insert into ${table} (${columns.join(', ')}) values ${values}`));
    }
    this.boot(statements);
  }
}

function sqlLiteral(v: number | string | null): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v);
  return `'${v.replace(/'/g, "''")}'`;
}
