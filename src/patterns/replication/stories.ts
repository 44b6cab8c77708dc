import type { RequestDetail } from '../../lab/labDefinition';
import { STANDBY_FLUSH_MS } from '../../models/replicationNode';
import type { ReplicationModel } from './model';
import { changeOfParticleId } from './project';
import type { ReadRequest, WriteRequest } from './requests';
import { READ_SQL, WRITE_SQL, originalName, writtenName } from './statements';

// The story of a request a learner clicked: what happened to it, when, and which row it saw.

type Timeline = RequestDetail['timeline'];

const ms = (x: number) => `${x.toFixed(2)} ms`;
const versionName = (writeId: number) => (writeId === 0 ? 'the original row' : `write #${writeId}`);

function writeStory(model: ReplicationModel, r: WriteRequest): RequestDetail {
  const timeline: Timeline = [{ t: r.issuedAt, what: `write #${r.writeId}: ${WRITE_SQL} with $1 = ${r.customerId}` }];
  if (r.lsn > 0) timeline.push({ t: r.issuedAt, what: `runs on ${r.node}; its change gets LSN ${r.lsn}` });
  if (!Number.isNaN(r.flushedAt)) timeline.push({ t: r.flushedAt, what: `WAL flushed on ${r.node} and shipped to the replicas` });
  if (r.sqlError) timeline.push({ t: r.issuedAt, what: `PGlite could not run it: ${r.sqlError}` });
  if (r.phase === 'waiting') timeline.push({ t: r.phaseStart, what: `waits for the synchronous standby (synchronous_commit = ${r.level})` });
  if (!Number.isNaN(r.committedAt)) timeline.push({ t: r.committedAt, what: `client hears "committed" after ${ms(r.committedAt - r.issuedAt)} (synchronous_commit = ${r.level})` });
  if (r.lost) timeline.push({ t: r.committedAt, what: 'LOST in the failover: the promoted replica had never received it' });
  if (r.failure) timeline.push({ t: r.endedAt, what: `failed: ${r.failure}` });
  const outcome = r.lost ? `committed, then lost in a failover (LSN ${r.lsn})` : r.phase === 'done' ? `committed in ${ms(r.committedAt - r.issuedAt)}` : r.phase === 'failed' ? r.failure! : 'in flight';
  return { id: r.id, outcome, timeline, sql: WRITE_SQL, executed: model.sql.backend ? 'real' : 'modelled' };
}

/**
 * What a read got. A writer's read-back is judged by what the session itself wrote: it missed its
 * own write only if the node had not applied it (what `ownReads.stale` counts); a row older than
 * the primary's because of another session's later write is stale, not a missed own write.
 */
function readOutcome(r: ReadRequest): string {
  if (r.phase === 'failed') return r.failure!;
  if (r.phase !== 'done') return 'in flight';
  const own = r.own;
  const rowName = (writeId: number) => (own !== null && writeId === own.writeId ? `this session's own write #${writeId}` : versionName(writeId));
  const returned = `${r.node} returned ${rowName(r.sawWriteId)}`;
  const primaryHad = `the primary had committed ${rowName(r.primaryWriteId)}`;
  const lost = own?.lost ? `; this session's own write #${own.writeId} was lost in a failover` : '';
  if (!r.stale) return `fresh: ${returned}, as the primary had committed${lost}`;
  if (own === null || own.lost) return `STALE: ${returned}, but ${primaryHad}${lost}`;
  if (r.ownWriteMissed) return `STALE, own write missed: ${returned}, older than this session's own write #${own.writeId} (LSN ${own.lsn}); ${primaryHad}`;
  const newer = r.sawWriteId === own.writeId ? '' : ` (newer than this session's own write #${own.writeId})`;
  return `STALE for another session's later write (own write seen): ${returned}${newer}, but ${primaryHad}`;
}

/** How the read's wait for its write's LSN on the replica went. */
function waitStory(r: ReadRequest): string {
  const lsn = r.own?.lsn;
  if (r.waitEnded) return `stopped waiting for LSN ${lsn} after ${ms(r.waitedMs)}: ${r.waitEnded}`;
  if (r.waitTimedOut) return `gave up waiting for LSN ${lsn} after ${ms(r.waitedMs)}`;
  return `waited ${ms(r.waitedMs)} for the replica to apply LSN ${lsn} (this session's write)`;
}

function readStory(model: ReplicationModel, r: ReadRequest): RequestDetail {
  const timeline: Timeline = [];
  if (r.own) timeline.push({ t: r.own.committedAt, what: `this session's write #${r.own.writeId} (LSN ${r.own.lsn}) committed; it reads customer ${r.customerId} back ${model.params.values.readAfterWriteMs} ms later` });
  timeline.push({ t: r.issuedAt, what: `read of customer ${r.customerId}, routed ${r.route}` });
  if (r.waitedMs > 0 || r.waitEnded) timeline.push({ t: r.issuedAt + r.waitedMs, what: waitStory(r) });
  if (r.phase === 'done' || r.phase === 'reading') {
    timeline.push({ t: r.phaseStart, what: `${r.node} has applied up to LSN ${r.nodeAppliedLsn}: it returns ${versionName(r.sawWriteId)}; the primary has committed ${versionName(r.primaryWriteId)}` });
  }
  if (r.sqlError) timeline.push({ t: r.phaseStart, what: `PGlite could not run it: ${r.sqlError}` });
  if (r.failure) timeline.push({ t: r.endedAt, what: `failed: ${r.failure}` });
  const d: RequestDetail = { id: r.id, outcome: readOutcome(r), timeline, sql: READ_SQL, executed: r.executed };
  // Rows only when PGlite really returned them (the replica's row, then the primary's); the timeline names the versions otherwise.
  if (r.rows && r.rows.length > 0) d.rows = r.rows;
  else if (r.phase === 'done') {
    const name = (writeId: number) => (writeId === 0 ? originalName(r.customerId) : writtenName(r.customerId, writeId));
    timeline.push({ t: r.endedAt, what: `modelled rows: ${r.node} "${name(r.sawWriteId)}"${r.node === model.set.primary.id ? '' : `, primary "${name(r.primaryWriteId)}"`}` });
  }
  return d;
}

/** The story of a change on the wire (a particle with a negative id), while it travels. */
function changeStory(model: ReplicationModel, id: number): RequestDetail | null {
  const { lsn, nodeIndex } = changeOfParticleId(id);
  const n = model.set.nodes[nodeIndex];
  if (!n) return null;
  const t = n.inTransit().find((x) => x.change.lsn === lsn);
  if (!t) return null;
  return {
    id,
    outcome: `change LSN ${lsn} on its way to ${n.id}`,
    timeline: [
      { t: t.change.shippedAt, what: `write #${t.change.writeId} to customer ${t.change.rowId} flushed on the primary and shipped` },
      { t: t.arrivesAt, what: `reaches ${n.id} (then flushed ${STANDBY_FLUSH_MS} ms later and applied)` },
    ],
  };
}

/** What happened to request `id` (or change, for a negative id), or null if it is forgotten. */
export function inspectReplicationRequest(model: ReplicationModel, id: number): RequestDetail | null {
  if (id < 0) return changeStory(model, id);
  const r = model.inFlight.get(id) ?? model.remembered.get(id) ?? model.recentStale.find((s) => s.id === id);
  if (r === undefined) return null;
  return r.kind === 'write' ? writeStory(model, r) : readStory(model, r);
}
