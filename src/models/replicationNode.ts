import { LatencyHistogram, type Environment, type SimEvent } from '../engine';

/** One captured change: a write's row, with its LSN and when the primary shipped it. */
export interface Change {
  lsn: number;
  /** The write that made it (its owner's numbering, for stories). */
  writeId: number;
  /** The row it changed. */
  rowId: number;
  /** Simulated ms: the primary's WAL flush, when the WAL sender may send it. */
  shippedAt: number;
  /**
   * Simulated ms: the commit on the primary (with `off`, before the flush; otherwise the flush).
   * The configured replication delay is measured from here to the change being replayable.
   */
  committedAt: number;
}

/** The stages a change goes through on a standby, each one a `synchronous_commit` level. */
export type StandbyStage = 'received' | 'flushed' | 'applied';

/** The standby's WAL flush (fsync of what it received), ms. `on` waits for it. */
export const STANDBY_FLUSH_MS = 0.5;
/** The standby's reply travelling back to the primary (one LAN trip), ms. Sync levels wait for it. */
export const STANDBY_ACK_MS = 0.5;

/**
 * A read's wait for this standby to replay an LSN ended without it: the standby stopped, was
 * promoted, or now follows a new primary whose timeline does not contain that LSN.
 */
export class ReplayWaitEnded extends Error {
  constructor(
    message: string,
    /** The standby stopped: the reader's connection to it is gone. */
    readonly nodeStopped: boolean,
  ) {
    super(message);
    this.name = 'ReplayWaitEnded';
  }
}

/** Someone waiting for a stage to reach an LSN: a commit (it waits for its primary) or a read (it waits on this standby). */
interface Waiter {
  lsn: number;
  event: SimEvent<unknown>;
  replyMs: number;
  /** A read's wait for replay (ended by this standby's fate, not the primary's). */
  read: boolean;
}

/** What a node needs from its owner: how long each change travels, how fast it replays, and a tally. */
export interface StreamSettings {
  /** A fresh network delay for one change, ms (drawn from the owner's delay distribution). */
  delay(): number;
  /** Changes replayed per second, 0 = as soon as they are flushed. */
  applyRatePerS(): number;
  /** A change was applied here (for lag statistics). */
  onApplied(node: ReplicationNode, change: Change): void;
}

/**
 * One PostgreSQL node of the cluster and, when it follows a primary, the replication stream into
 * it. Changes travel in LSN order, like a WAL stream over one TCP connection: each gets its own
 * replication delay (commit on the primary → replayable here; the flushes on both sides are part
 * of it), but one that would overtake an earlier change waits for it. A change is received
 * (remote_write), flushed `STANDBY_FLUSH_MS` later (on), then applied (remote_apply): at once, or
 * at `applyRatePerS`. A stopped node or a cut link receives nothing; what was on the wire is sent
 * again when it comes back (the stream restarts from the last received LSN).
 */
export class ReplicationNode {
  role: 'primary' | 'replica' | 'retired';
  /** Really running (faults flip it); the router only learns it through health checks. */
  up = true;
  /** The link from the primary to this node. */
  linkUp = true;
  /** The primary it follows is running (its crash breaks the stream: what was not received never arrives). */
  sourceUp = true;
  /** What the router believes. */
  routerUp = true;
  failedChecks = 0;
  received = 0;
  flushed = 0;
  applied = 0;
  /** A long query on this standby holds replay until then (a hot-standby conflict). */
  pausedUntil = 0;
  /** Statistics, reset at the end of the warm-up: statements it served, and its stream's changes. */
  reads = 0;
  writes = 0;
  staleReads = 0;
  failedReads = 0;
  shipped = 0;
  appliedCount = 0;
  discarded = 0;
  /** Reads running on it now (not a statistic: least-connections routing reads it). */
  readsInFlight = 0;
  /** Per change: the primary's ship to its replay here. */
  readonly lag = new LatencyHistogram();

  /** Shipped to this node and not yet applied, in LSN order (`head` is the next to apply). */
  private backlog: Change[] = [];
  private head = 0;
  /** Index in `backlog` of the next change to receive. */
  private nextReceive = 0;
  /** Index in `backlog` of the next change to flush. */
  private nextFlush = 0;
  /** Index in `backlog` of the next change to put on the wire in this connection. */
  private nextSend = 0;
  private lastArrival = 0;
  /** Bumped when the connection breaks: events scheduled for the old one are ignored. */
  private epoch = 0;
  private applying = false;
  private waiters: Record<StandbyStage, Waiter[]> = { received: [], flushed: [], applied: [] };

  constructor(
    private readonly env: Environment,
    readonly id: string,
    role: 'primary' | 'replica',
    private readonly settings: StreamSettings,
  ) {
    this.role = role;
  }

  /** Changes shipped here and not applied yet. */
  get backlogSize(): number {
    return this.backlog.length - this.head;
  }

  /** Replay lag now: how long the oldest unapplied change has waited since the primary shipped it. */
  lagMsNow(now: number): number {
    return this.head < this.backlog.length ? now - this.backlog[this.head]!.shippedAt : 0;
  }

  /** The changes still on their way (sent, not received), for the stream animation. */
  inTransit(): { change: Change; sentAt: number; arrivesAt: number }[] {
    return this.transit.filter((t) => t.epoch === this.epoch && t.change.lsn > this.received).map(({ change, sentAt, arrivesAt }) => ({ change, sentAt, arrivesAt }));
  }
  private transit: { change: Change; sentAt: number; arrivesAt: number; epoch: number }[] = [];

  /** The primary shipped `change` to this node. */
  ship(change: Change): void {
    this.shipped++;
    this.backlog.push(change);
    this.sendPending();
  }

  private connected(): boolean {
    return this.up && this.linkUp && this.sourceUp && this.role === 'replica';
  }

  private sendPending(): void {
    if (!this.connected()) return;
    const now = this.env.now;
    while (this.nextSend < this.backlog.length) {
      const change = this.backlog[this.nextSend++]!;
      // The configured delay runs from the commit to the change being replayable here, so the
      // primary's flush before shipping and this standby's flush are part of it, not added to it.
      const lead = change.shippedAt - change.committedAt + STANDBY_FLUSH_MS;
      const arrivesAt = Math.max(now + Math.max(0, this.settings.delay() - lead), this.lastArrival);
      this.lastArrival = arrivesAt;
      const epoch = this.epoch;
      this.transit.push({ change, sentAt: now, arrivesAt, epoch });
      if (this.transit.length > 400) this.transit.splice(0, this.transit.length - 400);
      this.env.timeout(arrivesAt - now).addCallback(() => {
        if (epoch === this.epoch) this.receive(change);
      });
    }
  }

  private receive(change: Change): void {
    this.nextReceive++;
    this.received = change.lsn;
    this.resolve('received', change.lsn);
    const epoch = this.epoch;
    this.env.timeout(STANDBY_FLUSH_MS).addCallback(() => {
      if (epoch !== this.epoch) return;
      this.nextFlush++;
      this.flushed = change.lsn;
      this.resolve('flushed', change.lsn);
      this.applyWhatCan();
    });
  }

  /** Replay flushed changes: all at once when unlimited, otherwise one per 1/rate seconds. */
  private applyWhatCan(): void {
    if (!this.up || this.role !== 'replica' || this.applying) return;
    const now = this.env.now;
    if (this.pausedUntil > now) {
      this.applying = true;
      const epoch = this.epoch;
      this.env.timeout(this.pausedUntil - now).addCallback(() => {
        this.applying = false;
        if (epoch === this.epoch) this.applyWhatCan();
      });
      return;
    }
    const rate = this.settings.applyRatePerS();
    if (rate <= 0) {
      while (this.head < this.nextFlush) this.applyOne();
      return;
    }
    if (this.head >= this.nextFlush) return;
    this.applying = true;
    const epoch = this.epoch;
    this.env.timeout(1000 / rate).addCallback(() => {
      this.applying = false;
      if (epoch !== this.epoch) return;
      if (this.pausedUntil <= this.env.now) this.applyOne();
      this.applyWhatCan();
    });
  }

  private applyOne(): void {
    const change = this.backlog[this.head++]!;
    this.applied = change.lsn;
    this.appliedCount++;
    this.settings.onApplied(this, change);
    this.resolve('applied', change.lsn);
    this.compact();
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.backlog.length) {
      this.backlog = this.backlog.slice(this.head);
      this.nextReceive -= this.head;
      this.nextFlush -= this.head;
      this.nextSend -= this.head;
      this.head = 0;
    }
  }

  /**
   * A commit's wait: an event that fires (after the standby's reply travels back) once `stage`
   * reaches `lsn`. It fails when the primary the commit waits for is gone (`failWaiters`).
   */
  waitFor(stage: StandbyStage, lsn: number, replyMs = STANDBY_ACK_MS): SimEvent<unknown> {
    return this.addWaiter(stage, lsn, replyMs, false);
  }

  /**
   * A read's wait on this standby: an event that fires as soon as it has replayed `lsn`. The
   * primary's fate does not end it (a standby whose stream broke keeps waiting, as PostgreSQL's
   * does); it fails with {@link ReplayWaitEnded} when this standby stops, is promoted before
   * replaying `lsn`, or follows a new primary whose timeline ends before `lsn`.
   */
  waitForReplay(lsn: number): SimEvent<unknown> {
    return this.addWaiter('applied', lsn, 0, true);
  }

  private addWaiter(stage: StandbyStage, lsn: number, replyMs: number, read: boolean): SimEvent<unknown> {
    const event = this.env.event();
    if (this[stage] >= lsn) event.succeed(undefined, replyMs);
    else this.waiters[stage].push({ lsn, event, replyMs, read });
    return event;
  }

  private resolve(stage: StandbyStage, lsn: number): void {
    const list = this.waiters[stage];
    if (list.length === 0) return;
    const keep: typeof list = [];
    for (const w of list) {
      if (w.lsn <= lsn) w.event.succeed(undefined, w.replyMs);
      else keep.push(w);
    }
    this.waiters[stage] = keep;
  }

  /** Fail every commit waiting on this standby (its primary is gone); reads waiting for replay wait on. */
  failWaiters(error: Error): void {
    for (const stage of ['received', 'flushed', 'applied'] as const) this.endWaiters(stage, (w) => (w.read ? null : error));
  }

  /** End the reads waiting for an LSN beyond `beyond`, each with the error `why` gives. */
  private endReplayWaits(beyond: number, why: (lsn: number) => ReplayWaitEnded): void {
    this.endWaiters('applied', (w) => (w.read && w.lsn > beyond ? why(w.lsn) : null));
  }

  /** Fail the waiters of `stage` for which `error` gives an error, keeping the others in order. */
  private endWaiters(stage: StandbyStage, error: (w: Waiter) => Error | null): void {
    const keep: Waiter[] = [];
    for (const w of this.waiters[stage]) {
      const e = error(w);
      if (e === null) {
        keep.push(w);
        continue;
      }
      // Whoever gave up waiting (a read that timed out) must not crash the run.
      w.event.defused = true;
      w.event.fail(e);
    }
    this.waiters[stage] = keep;
  }

  /** The connection broke (node stopped or link cut): what was on the wire never arrives. */
  private disconnect(): void {
    this.epoch++;
    this.applying = false;
    // Received but not flushed: the standby's WAL writer still flushes it.
    if (this.nextFlush < this.nextReceive) {
      this.nextFlush = this.nextReceive;
      this.flushed = this.received;
      this.resolve('flushed', this.flushed);
    }
    this.nextSend = this.nextReceive;
  }

  private reconnect(): void {
    if (!this.connected()) return;
    this.lastArrival = this.env.now;
    this.sendPending();
    this.applyWhatCan();
  }

  stop(): void {
    if (!this.up) return;
    this.up = false;
    this.disconnect();
    this.endReplayWaits(0, (lsn) => new ReplayWaitEnded(`${this.id} stopped while the read waited for it to apply LSN ${lsn}`, true));
  }

  restart(): void {
    if (this.up) return;
    this.up = true;
    this.reconnect();
    this.applyWhatCan();
  }

  cutLink(): void {
    if (!this.linkUp) return;
    this.linkUp = false;
    this.disconnect();
  }

  healLink(): void {
    if (this.linkUp) return;
    this.linkUp = true;
    if (this.up) this.reconnect();
  }

  /** The primary stopped: its WAL sender is gone, so changes not received yet never arrive. */
  sourceStopped(): void {
    if (!this.sourceUp) return;
    this.sourceUp = false;
    this.disconnect();
  }

  /** The primary is back (restarted before any failover): the stream resumes where it stopped. */
  sourceRestarted(): void {
    if (this.sourceUp) return;
    this.sourceUp = true;
    if (this.up && this.linkUp) this.reconnect();
  }

  /** Hold replay until `until` (a long query conflicting with it), then catch up. */
  holdReplay(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  resumeAfterHold(): void {
    this.applyWhatCan();
  }

  /**
   * Become the primary: replay everything received (as PostgreSQL does before it promotes), drop
   * what never arrived. Returns the LSN it ends at and the changes it dropped.
   */
  promote(): { lsn: number; dropped: Change[] } {
    this.epoch++;
    this.applying = false;
    while (this.head < this.nextReceive) this.applyOne();
    const dropped = this.backlog.slice(this.head);
    this.discarded += dropped.length;
    this.backlog = [];
    this.head = this.nextReceive = this.nextFlush = this.nextSend = 0;
    this.flushed = this.received = this.applied;
    this.role = 'primary';
    this.pausedUntil = 0;
    const lsn = this.applied;
    this.endReplayWaits(lsn, (wanted) => new ReplayWaitEnded(`${this.id} was promoted at LSN ${lsn}, before it applied LSN ${wanted} (lost with the old timeline)`, false));
    return { lsn, dropped };
  }

  /**
   * Follow a new primary that ends at `lsn`: changes beyond it belong to the lost timeline and are
   * dropped; the rest are the new primary's history too and keep coming.
   */
  followNewPrimary(lsn: number): Change[] {
    const keep = this.backlog.slice(this.head).filter((c) => c.lsn <= lsn);
    const dropped = this.backlog.slice(this.head).filter((c) => c.lsn > lsn);
    this.discarded += dropped.length;
    this.epoch++;
    this.applying = false;
    this.backlog = keep;
    this.head = 0;
    this.nextReceive = this.nextFlush = keep.filter((c) => c.lsn <= this.received).length;
    this.flushed = this.received = Math.min(this.received, lsn);
    this.nextSend = this.nextReceive;
    this.lastArrival = this.env.now;
    this.transit = [];
    this.sourceUp = true;
    this.endReplayWaits(lsn, (wanted) => new ReplayWaitEnded(`a failover ended the timeline at LSN ${lsn}: LSN ${wanted} was lost with it`, false));
    if (this.up && this.linkUp) {
      this.sendPending();
      this.applyWhatCan();
    }
    return dropped;
  }

  retire(): void {
    this.role = 'retired';
    this.up = false;
  }

  resetStatistics(): void {
    this.reads = this.writes = this.staleReads = this.failedReads = 0;
    this.shipped = this.backlogSize;
    this.appliedCount = this.discarded = 0;
    this.lag.reset();
  }
}
