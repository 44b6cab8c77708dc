import { inSnapshot, isVisible, vacuumState, type CommitLog, type RowVersion, type Snapshot, type Xid } from './heap';
import { readWriteDependencies } from './sqlError';

/**
 * PostgreSQL's Serializable Snapshot Isolation (src/backend/storage/lmgr/predicate.c), for the
 * plans this lab's statements get on small tables: every scan is a sequential scan, so each read
 * takes a relation-level SIREAD lock, and a write conflicts with every concurrent reader of its
 * table. The functions below follow predicate.c's names and checks so they fail the same
 * transaction at the same statement as PostgreSQL does.
 */
export interface SerializableXact {
  session: string;
  /** The transaction's xid once it has one (writes and row locks assign it). */
  xid: Xid | null;
  snapshot: Snapshot;
  lastCommitBeforeSnapshot: number;
  prepareSeqNo: number;
  commitSeqNo: number;
  finishedBefore: Xid;
  earliestOutConflictCommit: number;
  doomed: boolean;
  prepared: boolean;
  committed: boolean;
  /** Set at commit when the transaction wrote nothing (PostgreSQL's implicit read-only flag). */
  readOnly: boolean;
  /** PostgreSQL's SXACT_FLAG_CONFLICT_OUT: committed with a conflict out to an earlier-committed transaction. */
  conflictOut: boolean;
  didWrite: boolean;
  /** Tables this transaction holds a relation-level SIREAD lock on. */
  sireadTables: Set<string>;
  /** rw-conflicts: `outConflicts` are writers whose writes this transaction did not see; `inConflicts` are readers that did not see ours. */
  outConflicts: Set<SerializableXact>;
  inConflicts: Set<SerializableXact>;
}

/** What the SSI manager needs to know about the rest of the model. */
export interface SsiHost extends CommitLog {
  nextXid(): Xid;
}

export class SsiManager {
  private sxacts: SerializableXact[] = [];
  private lastCommitSeqNo = 0;
  private canPartialClearThrough = 0;
  private havePartialClearedThrough = 0;

  constructor(private readonly host: SsiHost) {}

  /** Serializable transactions the model still tracks (active, or committed and still relevant). */
  all(): readonly SerializableXact[] {
    return this.sxacts;
  }

  register(session: string, snapshot: Snapshot): SerializableXact {
    const sx: SerializableXact = {
      session,
      xid: null,
      snapshot,
      lastCommitBeforeSnapshot: this.lastCommitSeqNo,
      prepareSeqNo: 0,
      commitSeqNo: 0,
      finishedBefore: 0,
      earliestOutConflictCommit: 0,
      doomed: false,
      prepared: false,
      committed: false,
      readOnly: false,
      conflictOut: false,
      didWrite: false,
      sireadTables: new Set(),
      outConflicts: new Set(),
      inConflicts: new Set(),
    };
    this.sxacts.push(sx);
    return sx;
  }

  private byXid(xid: Xid): SerializableXact | undefined {
    return this.sxacts.find((s) => s.xid === xid);
  }

  /** CheckForSerializableConflictOutNeeded: a doomed transaction fails at its next read. */
  checkDoomedOnRead(me: SerializableXact): void {
    if (me.doomed) throw readWriteDependencies();
  }

  /** The start of CheckForSerializableConflictIn: a doomed transaction fails at its next write. */
  checkDoomedOnWrite(me: SerializableXact): void {
    if (me.doomed) throw readWriteDependencies();
  }

  /** PredicateLockRelation, taken by every sequential scan. */
  lockRelation(me: SerializableXact, table: string): void {
    me.sireadTables.add(table);
  }

  /**
   * The conflict-out checks of a sequential scan: heapgetpage checks every tuple on the page
   * (all versions, whatever the WHERE clause) before returning any row.
   */
  checkScanConflictsOut(me: SerializableXact, versions: readonly RowVersion[], curcid: number): void {
    for (const v of versions) {
      this.checkDoomedOnRead(me);
      const visible = isVisible(v, me.xid, curcid, me.snapshot, this.host);
      const state = vacuumState(v, me.xid, me.snapshot.xmin, this.host);
      let xid: Xid;
      switch (state) {
        case 'live':
          if (visible) continue;
          xid = v.xmin;
          break;
        case 'recently dead':
        case 'delete in progress':
          xid = visible ? v.xmax : v.xmin;
          if (xid < me.snapshot.xmin) continue;
          break;
        case 'insert in progress':
          xid = v.xmin;
          break;
        default:
          continue;
      }
      if (me.xid !== null && xid === me.xid) continue;
      if (xid < me.snapshot.xmin) continue;
      this.checkConflictOut(me, xid);
    }
  }

  private checkConflictOut(me: SerializableXact, xid: Xid): void {
    const writer = this.byXid(xid);
    if (writer === undefined || writer === me || writer.doomed) return;
    // XidIsConcurrent: the write is not in our snapshot.
    if (inSnapshot(xid, me.snapshot)) return;
    if (me.outConflicts.has(writer)) return;
    this.flagRWConflict(me, writer, me);
  }

  /** CheckForSerializableConflictIn on a write to `table` (relation-level SIREAD locks of others). */
  checkConflictIn(me: SerializableXact, table: string): void {
    if (me.doomed) throw readWriteDependencies();
    me.didWrite = true;
    for (const reader of [...this.sxacts]) {
      if (reader === me || !reader.sireadTables.has(table)) continue;
      if (reader.doomed) continue;
      if (reader.committed && !(me.snapshot.xmin < reader.finishedBefore)) continue;
      if (reader.outConflicts.has(me)) continue;
      this.flagRWConflict(reader, me, me);
    }
  }

  private flagRWConflict(reader: SerializableXact, writer: SerializableXact, me: SerializableXact): void {
    this.onConflictCheckForSerializationFailure(reader, writer, me);
    reader.outConflicts.add(writer);
    writer.inConflicts.add(reader);
  }

  /** OnConflict_CheckForSerializationFailure: does the new edge reader → writer complete a dangerous structure? */
  private onConflictCheckForSerializationFailure(reader: SerializableXact, writer: SerializableXact, me: SerializableXact): void {
    let failure = false;
    // R → W → T2 with W committed after T2 (W already committed with a conflict out).
    if (writer.committed && writer.conflictOut) failure = true;
    if (!failure) {
      for (const t2 of writer.outConflicts) {
        if (
          t2.prepared &&
          (!reader.committed || t2.prepareSeqNo <= reader.commitSeqNo) &&
          (!writer.committed || t2.prepareSeqNo <= writer.commitSeqNo) &&
          (!reader.readOnly || t2.prepareSeqNo <= reader.lastCommitBeforeSnapshot)
        ) {
          failure = true;
          break;
        }
      }
    }
    // T0 → R → W with W prepared (committing or committed) first.
    if (!failure && writer.prepared && !reader.readOnly) {
      for (const t0 of reader.inConflicts) {
        if (!t0.doomed && (!t0.committed || t0.commitSeqNo >= writer.prepareSeqNo) && (!t0.readOnly || t0.lastCommitBeforeSnapshot >= writer.prepareSeqNo)) {
          failure = true;
          break;
        }
      }
    }
    if (!failure) return;
    if (me === writer) throw readWriteDependencies();
    if (writer.prepared) throw readWriteDependencies(); // we are the reader: the writer can no longer be cancelled
    writer.doomed = true;
  }

  /** PreCommit_CheckForSerializationFailure: fail if doomed, else doom pivots that would make our commit unsafe. */
  preCommit(me: SerializableXact): void {
    if (me.doomed) throw readWriteDependencies();
    for (const near of me.inConflicts) {
      if (near.committed || near.doomed) continue;
      for (const far of near.inConflicts) {
        if (far === me || (!far.committed && !far.readOnly && !far.doomed)) {
          if (near.prepared) throw readWriteDependencies();
          near.doomed = true;
          break;
        }
      }
    }
    me.prepareSeqNo = ++this.lastCommitSeqNo;
    me.prepared = true;
  }

  /** ReleasePredicateLocks(isCommit = true). */
  committed(me: SerializableXact): void {
    me.finishedBefore = this.host.nextXid();
    me.committed = true;
    me.commitSeqNo = ++this.lastCommitSeqNo;
    if (!me.didWrite) me.readOnly = true;
    if (this.active().length === 0) this.canPartialClearThrough = this.lastCommitSeqNo;
    for (const t of [...me.outConflicts]) {
      if (!me.readOnly && t.committed) {
        if (!me.conflictOut || t.prepareSeqNo < me.earliestOutConflictCommit) me.earliestOutConflictCommit = t.prepareSeqNo;
        me.conflictOut = true;
      }
      if (t.committed || t.lastCommitBeforeSnapshot >= this.lastCommitSeqNo) this.releaseConflict(me, t);
    }
    for (const t of [...me.inConflicts]) {
      if (t.committed || t.readOnly) this.releaseConflict(t, me);
    }
    this.clearOld();
  }

  /** ReleasePredicateLocks(isCommit = false): a rolled-back transaction leaves no trace. */
  aborted(me: SerializableXact): void {
    me.doomed = true;
    me.prepared = false;
    this.releaseFully(me);
    if (this.active().length === 0) this.canPartialClearThrough = this.lastCommitSeqNo;
    this.clearOld();
  }

  private active(): SerializableXact[] {
    return this.sxacts.filter((s) => !s.committed);
  }

  private releaseConflict(reader: SerializableXact, writer: SerializableXact): void {
    reader.outConflicts.delete(writer);
    writer.inConflicts.delete(reader);
  }

  private releaseFully(sx: SerializableXact): void {
    for (const w of [...sx.outConflicts]) this.releaseConflict(sx, w);
    for (const r of [...sx.inConflicts]) this.releaseConflict(r, sx);
    sx.sireadTables.clear();
    this.sxacts = this.sxacts.filter((s) => s !== sx);
  }

  /** ClearOldPredicateLocks: forget committed transactions no active serializable transaction overlaps. */
  private clearOld(): void {
    const active = this.active();
    const globalXmin = active.length === 0 ? null : Math.min(...active.map((s) => s.snapshot.xmin));
    const finished = this.sxacts.filter((s) => s.committed).sort((a, b) => a.commitSeqNo - b.commitSeqNo);
    for (const f of finished) {
      if (globalXmin === null || f.finishedBefore <= globalXmin) this.releaseFully(f);
      else if (f.commitSeqNo > this.havePartialClearedThrough && f.commitSeqNo <= this.canPartialClearThrough) {
        if (f.readOnly) this.releaseFully(f);
        else {
          f.sireadTables.clear();
          for (const r of [...f.inConflicts]) this.releaseConflict(r, f);
        }
        this.havePartialClearedThrough = f.commitSeqNo;
      } else break;
    }
  }
}
