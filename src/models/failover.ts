import type { Promotion, ReplicaSet, TimelineWrite } from './replicaSet';
import type { RowVersion } from './rowVersions';

/** A write as a failover judges it: its LSN and the row version it made. */
export interface VersionedWrite extends TimelineWrite {
  version?: RowVersion;
}

/** What a failover did, and the acknowledged commits it threw away. */
export interface FailoverOutcome<W extends VersionedWrite> {
  promotion: Promotion<W>;
  /** Writes whose clients heard "committed" that the promoted replica never received, in LSN order. */
  lostCommits: W[];
}

/**
 * Fail over: promote the most advanced running replica of `set`. Row versions the promoted node
 * never received are lost with the old timeline; the ones it had are committed on the new one,
 * even those whose clients never heard back. Returns null (and changes nothing) when no replica
 * runs. `acknowledged` says which writes' clients were told "committed": those lost are the
 * failover's lost commits.
 */
export function failOver<W extends VersionedWrite>(set: ReplicaSet<W>, acknowledged: (write: W) => boolean): FailoverOutcome<W> | null {
  const best = set.promotionCandidate();
  if (best === null) return null;
  const promotion = set.promote(best);
  for (const w of promotion.abandoned) if (w.version) w.version.lost = true;
  for (const w of promotion.kept) if (w.version) w.version.visible = true;
  return { promotion, lostCommits: promotion.abandoned.filter(acknowledged) };
}
