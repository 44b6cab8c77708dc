import { sample, type ProcessGenerator } from '../../engine';
import { commitOnPrimary } from '../../models/primaryCommit';
import type { FlushBatch, QueuedWrite } from '../../models/writeBehindQueue';
import type { StackSystem } from './model';
import type { StackWrite } from './request';

/**
 * What one more row adds to a multi-row statement, as a share of one statement's time: the
 * batch lab measures a multi-row INSERT at a few per cent of a lone statement per row, the round
 * trip and the commit being paid once.
 */
export const BATCH_ROW_SHARE = 0.05;

/** A write the application acknowledged into the write-behind queue. */
export interface QueuedStackWrite extends QueuedWrite<number> {
  write: StackWrite;
}

/**
 * The batch writer's flush: one multi-row statement on the primary (a round trip, CPU and I/O for
 * the batch), one commit, then the rows are visible and their cache entries invalidated. A primary
 * that is down leaves the batch in the queue for the next flush.
 */
export function* flushBatch(s: StackSystem, b: FlushBatch<QueuedStackWrite>): ProcessGenerator<void> {
  const { env, set } = s;
  const node = set.primary;
  if (!node.up) return;
  const p = s.params.values;
  if (p.networkRttMs > 0) yield env.timeout(p.networkRttMs);
  const work = sample(s.serviceRng, s.writeService) * (1 + BATCH_ROW_SHARE * b.writes.length);
  const io = work * p['db.ioFraction'];
  yield s.cpu(node).run(work - io);
  if (io > 0) yield env.timeout(io);
  const timeline = set.timeline;
  let last = b.writes[b.writes.length - 1]!.write;
  for (const q of b.writes) {
    const w = q.write;
    set.assignLsn(w);
    w.version = { lsn: w.lsn, writeId: w.writeId, visible: false, lost: false };
    s.versions.add(w.key, w.version);
    last = w;
  }
  const failure = yield* commitOnPrimary(env, set, node, timeline, { lsn: last.lsn, writeId: last.writeId, rowId: last.key, level: last.level }, { phase: () => undefined, flushed: () => undefined, acknowledged: () => undefined });
  if (failure !== null || !b.commit()) return;
  for (const q of b.writes) {
    q.write.version!.visible = true;
    q.write.acknowledged = true;
    q.write.committedAt = env.now;
    if (s.cacheUp()) s.cache!.delete(q.write.key);
  }
  s.stats.counts.writesCommitted += b.writes.length;
}
