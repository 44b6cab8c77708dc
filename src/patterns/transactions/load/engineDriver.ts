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
 * Deadlocks: PostgreSQL looks for a cycle `deadlock_timeout` after a wait began. The model resolves
 * a cycle when it forms; the driver delays every completion of that moment until the first
 * member's deadlock_timeout fires (the time PostgreSQL would detect it), so a deadlock costs what
 * it costs in PostgreSQL. (The model names as victim the session that closed the cycle unless
 * another member's check was still pending; see the README's limits.)
 *
 * Compaction: the model keeps every row version (there is no VACUUM). When no session is in a
 * transaction, the driver starts a fresh model from the committed rows, which is exact: nothing
 * running can see the old versions.
 */
export class EngineDriver {
  private engine = new TxnEngine();
  private readonly waiting = new Map<string, { event: SimEvent<TimedOutcome>; since: number }>();
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
    const before = this.engine.deadlocks.length;
    const done = this.engine.settle();
    const found = this.engine.deadlocks.slice(before);
    this.deadlocks += found.length;
    const delay = found.length === 0 ? 0 : this.detectionDelay(found.flatMap((d) => d.cycle));
    const victims = new Set(found.map((d) => d.victim));
    for (const c of done) this.deliver(c, delay, victims.has(c.session));
    return event;
  }

  /** How long after now PostgreSQL's first deadlock check among these waiting sessions fires. */
  private detectionDelay(cycle: string[]): number {
    const timeout = this.deadlockTimeoutMs();
    let fire = Infinity;
    for (const name of cycle) {
      const since = this.waiting.get(name)?.since ?? this.env.now;
      // A check that already ran (before the cycle formed) found nothing and does not run again.
      if (since + timeout >= this.env.now) fire = Math.min(fire, since + timeout);
    }
    return fire === Infinity ? timeout : fire - this.env.now;
  }

  private deliver(c: Completion, delay: number, deadlock: boolean): void {
    const w = this.waiting.get(c.session);
    if (w === undefined) throw new Error(`the model completed a statement of ${c.session}, which was not waiting`);
    this.waiting.delete(c.session);
    w.event.succeed({ ...c.outcome, lockWaitMs: this.env.now + delay - w.since, deadlock }, delay);
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
