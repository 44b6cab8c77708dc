import type { Environment, ProcessGenerator } from '../../engine';
import type { DatabaseCpu } from '../../models/databaseCpu';
import { TableLock } from '../../models/tableLock';
import { concurrentRefreshMs, denormCosts, plainRefreshMs } from './costs';
import { VIEW_LOCK, type RefreshForm } from './locks';
import type { RealSql } from './realSql';
import { MaterializedView, type RowBook, type ViewContents } from './rowBook';
import { REFRESH_SQL, VIEW_NAME } from './sql';

/** Why a refresh ran. */
export type RefreshCause = 'schedule' | 'write' | 'manual';

/** One refresh, for the timeline: asked, got its lock, committed (or was refused). */
export interface RefreshRecord {
  id: number;
  form: RefreshForm;
  cause: RefreshCause;
  askedAt: number;
  startedAt: number;
  endedAt: number;
  /** Readers that queued on the view's lock while this refresh held it or waited for it. */
  readersBlocked: number;
  /** PostgreSQL's refusal (CONCURRENTLY without a unique index), or null. */
  error: string | null;
}

/** Refreshes kept for the timeline. */
const RECENT_REFRESHES = 40;

/**
 * The materialized view and everything that refreshes it: the view's lock (shared with its
 * readers), the refresh itself (the lock its form takes, the snapshot it reads when it gets it,
 * its price from the plans of what PostgreSQL runs, the new contents visible at its commit) and
 * the record of recent refreshes. A REFRESH … CONCURRENTLY without a unique index is refused at
 * once, as PostgreSQL refuses it, with PostgreSQL's message (the real one when SQL runs).
 */
export class Refresher {
  readonly lock: TableLock;
  readonly view: MaterializedView;
  /** The contents the latest refresh read (it may not have committed yet). */
  latestSnapshot: ViewContents;
  readonly recent: RefreshRecord[] = [];
  /** Refreshes under way (holding the lock or waiting for it). */
  readonly running = new Set<RefreshRecord>();
  lastError: string | null = null;
  private nextId = 1;

  constructor(
    private readonly env: Environment,
    private readonly cpu: DatabaseCpu,
    private readonly sql: RealSql,
    book: RowBook,
    private readonly uniqueIndex: boolean,
    private readonly onDone: (r: RefreshRecord) => void,
  ) {
    this.lock = new TableLock(env, VIEW_NAME);
    this.view = new MaterializedView(book);
    this.latestSnapshot = this.view.contents;
  }

  /** Refresh the view now (a process: returns when it committed or was refused). */
  *refresh(form: RefreshForm, cause: RefreshCause, owner: string): ProcessGenerator<RefreshRecord> {
    const { env } = this;
    const record: RefreshRecord = { id: this.nextId++, form, cause, askedAt: env.now, startedAt: NaN, endedAt: NaN, readersBlocked: 0, error: null };
    this.running.add(record);
    const request = this.lock.acquire(VIEW_LOCK[form], owner);
    yield request.granted;
    record.startedAt = env.now;
    if (form === 'concurrently' && !this.uniqueIndex) {
      // PostgreSQL checks for a usable unique index before it reads anything.
      const real = yield* this.sql.run([[REFRESH_SQL.concurrently, []]]);
      record.error = real.error ?? denormCosts.concurrentlyRefused;
    } else {
      const next = this.view.snapshot(env.now);
      this.latestSnapshot = next;
      const ms = form === 'plain' ? plainRefreshMs(denormCosts.refresh, this.uniqueIndex) : concurrentRefreshMs(denormCosts.refresh, this.view.changedRows(next));
      // The real REFRESH runs at its snapshot instant, so it reads exactly the writes committed before it.
      const real = yield* this.sql.run([[REFRESH_SQL[form], []]]);
      if (real.error !== undefined) env.log('primary', 'refresh failed on PGlite', { message: real.error });
      yield this.cpu.run(ms);
      this.view.contents = next;
    }
    this.lock.release(request);
    record.endedAt = env.now;
    this.running.delete(record);
    this.lastError = record.error;
    this.recent.push(record);
    if (this.recent.length > RECENT_REFRESHES) this.recent.shift();
    env.log('view', record.error ? 'refresh refused' : 'refreshed', {
      form,
      cause,
      ms: Math.round((record.endedAt - record.startedAt) * 1000) / 1000,
      ...(record.error ? { message: record.error } : {}),
    });
    this.onDone(record);
    return record;
  }

  /** A reader had to queue on the view's lock: charge it to the refreshes under way. */
  blockedReader(): void {
    for (const r of this.running) r.readersBlocked++;
  }
}
