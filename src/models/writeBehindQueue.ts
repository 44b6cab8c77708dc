import type { Environment, ProcessGenerator, SimEvent } from '../engine';

/** How often a write-behind queue flushes and how much it sends at once. */
export interface WriteBehindSettings {
  /** Time between flushes, ms (> 0). */
  flushIntervalMs: number;
  /** Most writes one batch statement carries (≥ 1). */
  flushBatch: number;
}

/** A write the queue holds: acknowledged to its client, not yet in the database. */
export interface QueuedWrite<K> {
  /** The write's number (names it in lists and in the database row). */
  readonly id: number;
  readonly key: K;
  /** Simulated ms the client was told the write was done. */
  readonly acknowledgedAt: number;
}

/**
 * One batch on its way to the database. The writer calls `commit()` at the instant the database
 * commits it: false if the queue crashed since the batch left (the batch is then lost, and the
 * writer must not apply it).
 */
export interface FlushBatch<W> {
  readonly writes: readonly W[];
  commit(): boolean;
}

export interface WriteBehindListener<W> {
  /** A batch was committed by the database. */
  flushed?(writes: readonly W[]): void;
}

/**
 * A write-behind queue: writes are acknowledged when queued, and a flusher sends them to the
 * database every `flushIntervalMs`, in batches of at most `flushBatch`, oldest first. A crash
 * loses exactly the writes acknowledged and not yet committed: those queued and those of a batch
 * still on its way. `writeBatch` (given by the owner) sends one batch and calls its `commit()`
 * when the database commits it; the queue only decides what is sent when.
 */
export class WriteBehindQueue<W extends QueuedWrite<unknown>> {
  private queue: W[] = [];
  /** The batch on its way to the database (acknowledged, not committed yet). */
  private sending: readonly W[] = [];
  private epoch = 0;
  private wake: SimEvent<'flush' | 'reschedule'> | null = null;
  private flushRequested = false;
  /** Writes committed since the last reset. */
  flushed = 0;
  /** Batches committed since the last reset. */
  batches = 0;
  /** Most writes pending (queued or on their way) at once since the last reset. */
  maxPending = 0;

  constructor(
    private readonly env: Environment,
    private readonly settings: () => WriteBehindSettings,
    private readonly writeBatch: (batch: FlushBatch<W>) => ProcessGenerator<void>,
    private readonly listener: WriteBehindListener<W> = {},
  ) {}

  /** Spawn the flusher (once). */
  start(): void {
    this.env.process(this.run(), 'write-behind flusher');
  }

  /** Writes acknowledged and not yet committed: queued plus on their way. */
  get pending(): number {
    return this.queue.length + this.sending.length;
  }

  /** The queued writes, oldest first (not those on their way). */
  get queued(): readonly W[] {
    return this.queue;
  }

  /** The batch on its way to the database. */
  get inFlight(): readonly W[] {
    return this.sending;
  }

  /** Queue an acknowledged write. */
  enqueue(write: W): void {
    this.queue.push(write);
    this.maxPending = Math.max(this.maxPending, this.pending);
  }

  /** The newest pending write of `key` (what a read must see while the database does not have it yet), if any. */
  latestFor(key: W['key']): W | undefined {
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.key === key) return this.queue[i];
    for (let i = this.sending.length - 1; i >= 0; i--) if (this.sending[i]!.key === key) return this.sending[i];
    return undefined;
  }

  /** Flush everything pending now instead of at the next interval. */
  flushNow(): void {
    this.flushRequested = true;
    this.signal('flush');
  }

  /** The interval changed: start waiting again with the new one. */
  reschedule(): void {
    this.signal('reschedule');
  }

  /**
   * The process holding the queue dies: every pending write is lost (returned, oldest first), and
   * a batch on its way will not commit. The queue then starts empty.
   */
  crash(): W[] {
    const lost = [...this.sending, ...this.queue];
    this.queue = [];
    this.sending = [];
    this.epoch++;
    return lost;
  }

  resetStatistics(): void {
    this.flushed = 0;
    this.batches = 0;
    this.maxPending = this.pending;
  }

  private signal(reason: 'flush' | 'reschedule'): void {
    if (this.wake !== null && !this.wake.triggered) this.wake.succeed(reason);
  }

  private *run(): ProcessGenerator<void> {
    for (;;) {
      const wake = this.env.event<'flush' | 'reschedule'>();
      this.wake = wake;
      const timer = this.env.timeout(this.settings().flushIntervalMs);
      yield this.env.anyOf([timer, wake]);
      if (!timer.processed) timer.cancel();
      const woken = wake.triggered ? wake.value : null;
      this.wake = null;
      if (woken === 'reschedule' && !this.flushRequested) continue;
      // A flush request that arrives while draining is served by draining again.
      do {
        this.flushRequested = false;
        yield* this.drain();
      } while (this.flushRequested);
    }
  }

  /** Send what is pending at the start, batch after batch. */
  private *drain(): ProcessGenerator<void> {
    let budget = this.queue.length;
    while (budget > 0 && this.queue.length > 0) {
      const size = Math.min(this.settings().flushBatch, this.queue.length, budget);
      budget -= size;
      const writes = this.queue.splice(0, size);
      this.sending = writes;
      const epoch = this.epoch;
      let committed = false;
      const batch: FlushBatch<W> = {
        writes,
        commit: () => {
          if (epoch !== this.epoch || committed) return false;
          committed = true;
          this.sending = [];
          this.flushed += writes.length;
          this.batches++;
          this.listener.flushed?.(writes);
          return true;
        },
      };
      yield* this.writeBatch(batch);
      if (epoch === this.epoch && !committed) {
        // The writer gave up on the batch without committing it: put it back at the front.
        this.queue.unshift(...writes);
        this.sending = [];
        return;
      }
    }
  }
}
