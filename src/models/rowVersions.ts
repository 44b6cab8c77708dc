/** One version of a row on the primary's timeline. */
export interface RowVersion {
  lsn: number;
  /** The write that made it (0: the row as the dataset loaded it). */
  writeId: number;
  /** Visible to other sessions on the primary (committed; with a synchronous level, acknowledged). */
  visible: boolean;
  /** On a timeline a failover abandoned. */
  lost: boolean;
}

/** The row as the dataset loaded it, before any write. */
export const ORIGINAL_VERSION: Readonly<RowVersion> = { lsn: 0, writeId: 0, visible: true, lost: false };

/**
 * Every version of every written row, by LSN, so a model can say which version a node that has
 * applied up to some LSN returns, and whether that is older than what the primary has committed:
 * a stale read, told apart without asking the database.
 */
export class RowVersions {
  private readonly byRow = new Map<number, RowVersion[]>();

  /**
   * A new version of `rowId` (LSNs only grow, so the list stays in LSN order). `settledLsn`: no
   * node will again be asked for a version below it, nor can a failover lose one at or below it
   * (ReplicaSet.settledLsn); the versions older than the newest committed one at or below it are
   * never returned again and are forgotten, so a long run holds a few versions per row, not every
   * version ever written.
   */
  add(rowId: number, version: RowVersion, settledLsn = 0): void {
    let list = this.byRow.get(rowId);
    if (list === undefined) {
      list = [];
      this.byRow.set(rowId, list);
    }
    list.push(version);
    for (let i = list.length - 1; i > 0; i--) {
      const v = list[i]!;
      // Both lookups below stop at this version (or a later one) for any LSN at or above settledLsn.
      if (v.visible && !v.lost && v.lsn <= settledLsn) {
        list.splice(0, i);
        return;
      }
    }
  }

  /** Versions held in all (for tests of what a long run retains). */
  get size(): number {
    let n = 0;
    for (const list of this.byRow.values()) n += list.length;
    return n;
  }

  /** The committed version of a row on the primary now. */
  committed(rowId: number): Readonly<RowVersion> {
    const list = this.byRow.get(rowId);
    if (list) for (let i = list.length - 1; i >= 0; i--) if (list[i]!.visible && !list[i]!.lost) return list[i]!;
    return ORIGINAL_VERSION;
  }

  /** The version a node that has applied up to `appliedLsn` holds. */
  at(rowId: number, appliedLsn: number): Readonly<RowVersion> {
    const list = this.byRow.get(rowId);
    if (list) for (let i = list.length - 1; i >= 0; i--) if (!list[i]!.lost && list[i]!.lsn <= appliedLsn) return list[i]!;
    return ORIGINAL_VERSION;
  }
}
