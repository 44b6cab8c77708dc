import type { Environment } from '../engine';
import { ReplicationNode, type Change, type StreamSettings } from './replicationNode';

/** A write the primary gave an LSN to on the current timeline. */
export interface TimelineWrite {
  lsn: number;
}

/** What a failover did: who was promoted, at which LSN, and the current timeline's writes on each side of it. */
export interface Promotion<W extends TimelineWrite> {
  promoted: ReplicationNode;
  /** The primary it replaced, now out of the cluster. */
  old: ReplicationNode;
  /** The promoted node's last LSN: where the new timeline starts. */
  lsn: number;
  /** The timeline it ended (1 before the first failover). */
  endedTimeline: number;
  /** Writes the promoted node never received: gone with the old timeline, in LSN order. */
  abandoned: W[];
  /** Writes it had: part of the new primary's history, in LSN order. */
  kept: W[];
}

/**
 * A primary and its streaming replicas: LSNs and timelines, change shipping, the stop and restart
 * of nodes as the rest of the cluster feels them, and promotion of a replica when the primary is
 * gone. It decides nothing about routing or health (see readWriteRouter.ts, healthChecks.ts): a
 * model composes those around it.
 */
/** Below this many writes held, {@link ReplicaSet.forgetSettledWrites} does nothing. */
const FORGET_AT_LEAST = 256;

export class ReplicaSet<W extends TimelineWrite = TimelineWrite> {
  readonly nodes: ReplicationNode[];
  primary: ReplicationNode;
  /** The primary's last LSN. */
  lsn = 0;
  timeline = 1;
  /** Writes given an LSN on the current timeline, in LSN order (to tell exactly what a failover loses). */
  private timelineWrites: W[] = [];
  private writesKept = 0;

  constructor(env: Environment, replicas: number, settings: StreamSettings) {
    this.nodes = [new ReplicationNode(env, 'primary', 'primary', settings)];
    for (let i = 1; i <= replicas; i++) this.nodes.push(new ReplicationNode(env, `replica-${i}`, 'replica', settings));
    this.primary = this.nodes[0]!;
  }

  /** The nodes following the primary now, by name. */
  followers(): ReplicationNode[] {
    return this.nodes.filter((n) => n.role === 'replica');
  }

  find(id: string): ReplicationNode | undefined {
    return this.nodes.find((n) => n.id === id);
  }

  /** `synchronous_standby_names = 'FIRST 1 (replica-1, replica-2, …)'` without the fallback: the first follower by name. */
  syncStandby(): ReplicationNode | null {
    return this.followers()[0] ?? null;
  }

  /**
   * The LSN every node but the primary has reached: no replica can be promoted below it, and no
   * read on a replica sees anything older. (A retired primary counts with what it applied, so after
   * a failover this stays low and little is forgotten: safe rather than small.)
   */
  settledLsn(): number {
    let lowest = this.lsn;
    for (const n of this.nodes) if (n !== this.primary && n.applied < lowest) lowest = n.applied;
    return lowest;
  }

  /**
   * Forget the writes no failover can touch any more: at or below {@link settledLsn} (never
   * abandoned) and `settled` by the caller (a promotion would change nothing about them). Without
   * this a long run keeps every write it ever made. Amortised: it filters only when the list has
   * doubled since the last time.
   */
  forgetSettledWrites(settled: (write: W) => boolean): void {
    if (this.timelineWrites.length < Math.max(FORGET_AT_LEAST, 2 * this.writesKept)) return;
    const lsn = this.settledLsn();
    this.timelineWrites = this.timelineWrites.filter((w) => w.lsn > lsn || !settled(w));
    this.writesKept = this.timelineWrites.length;
  }

  /** Writes still held on this timeline (for tests of what a long run retains). */
  get timelineWriteCount(): number {
    return this.timelineWrites.length;
  }

  /** Give `write` the primary's next LSN (each write changes one row, so one LSN each). */
  assignLsn(write: W): number {
    write.lsn = ++this.lsn;
    this.timelineWrites.push(write);
    return write.lsn;
  }

  /** The primary flushed `change`: every follower's stream carries it. */
  ship(change: Change): void {
    for (const f of this.followers()) f.ship(change);
  }

  /** Stop `node`; a stopped primary fails the commits waiting on its standbys and breaks their streams. */
  stop(node: ReplicationNode): void {
    node.stop();
    if (node !== this.primary) return;
    for (const f of this.followers()) {
      f.failWaiters(new Error(`the primary (${node.id}) stopped before the commit was acknowledged`));
      f.sourceStopped();
    }
  }

  /** Restart `node`; a restarted primary (never failed over) resumes every stream where it broke. */
  restart(node: ReplicationNode): void {
    node.restart();
    if (node === this.primary) for (const f of this.followers()) f.sourceRestarted();
  }

  /** The replica a failover promotes: the running one that received the most, or null. */
  promotionCandidate(): ReplicationNode | null {
    const candidates = this.followers().filter((n) => n.up);
    if (candidates.length === 0) return null;
    return candidates.reduce((a, b) => (b.received > a.received ? b : a));
  }

  /**
   * Promote `best` (a follower): commits waiting on standbys fail, it replays what it received and
   * becomes the primary of a new timeline, the old primary leaves the cluster, and the other
   * followers drop what lies beyond the new primary's LSN and follow it.
   */
  promote(best: ReplicationNode): Promotion<W> {
    const old = this.primary;
    const error = new Error(`the primary (${old.id}) was replaced by ${best.id} before the commit was acknowledged`);
    for (const f of this.followers()) f.failWaiters(error);
    const { lsn } = best.promote();
    old.retire();
    for (const f of this.followers()) f.followNewPrimary(lsn);
    const promotion: Promotion<W> = {
      promoted: best,
      old,
      lsn,
      endedTimeline: this.timeline,
      abandoned: this.timelineWrites.filter((w) => w.lsn > lsn),
      kept: this.timelineWrites.filter((w) => w.lsn <= lsn),
    };
    this.primary = best;
    best.routerUp = true;
    best.failedChecks = 0;
    this.lsn = lsn;
    this.timeline++;
    this.timelineWrites = [];
    this.writesKept = 0;
    return promotion;
  }
}
