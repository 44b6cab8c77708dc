import { SimEvent, type Environment } from '../../engine';

/**
 * Durable commits as PostgreSQL makes them: a commit waits until the WAL up to its record is
 * flushed to disk, one flush at a time, and every commit that arrives while a flush is under way
 * is made durable by the next one (group commit). One writer waits exactly `flushMs` per commit;
 * many writers share flushes, so commits per second grow with them while the disk is saturated.
 * Usable alone: any model with commits (a batch writer, a queue consumer) can hold one.
 */
export class GroupCommit {
  private flushing = false;
  private waiting: SimEvent<undefined>[] = [];
  /** Flushes done so far (fewer than the commits when they were grouped). */
  flushes = 0;

  constructor(
    private readonly env: Environment,
    private flushMs: number,
  ) {}

  /** Commit: the event fires when the commit is durable. */
  commit(): SimEvent<undefined> {
    const done = new SimEvent<undefined>(this.env);
    this.waiting.push(done);
    if (!this.flushing) this.flush();
    return done;
  }

  /** Change the flush time (affects flushes that start after the change). */
  setFlushMs(ms: number): void {
    this.flushMs = ms;
  }

  private flush(): void {
    this.flushing = true;
    this.flushes++;
    const group = this.waiting;
    this.waiting = [];
    this.env.timeout(this.flushMs).addCallback(() => {
      for (const done of group) done.succeed(undefined);
      if (this.waiting.length > 0) this.flush();
      else this.flushing = false;
    });
  }
}
