import type { RequestDetail } from '../../lab/labDefinition';
import type { CachedValue } from './cachedValue';
import type { CachingSystem } from './model';
import type { CacheRequest, StaleCause } from './request';

type Timeline = { t: number; what: string }[];

const ms = (x: number) => `${x.toFixed(2)} ms`;
const at = (t: number) => `${(t / 1000).toFixed(3)} s`;
const version = (writeId: number) => (writeId === 0 ? 'the row as loaded (no write yet)' : `write #${writeId}`);

/** Where a cached entry came from, in words. */
function origin(v: CachedValue): string {
  if (v.source === 'write') return `put there by write #${v.writeId} (request #${v.by}) at ${at(v.storedAt)}`;
  const how = v.source === 'refresh' ? `a background refresh started by request #${v.by}` : `the load of request #${v.by}`;
  return `stored at ${at(v.storedAt)} by ${how}, which read the row at ${at(v.readAt)}`;
}

/** What the write that made a loaded row old did to the cache. */
function whatTheWriteDid(s: CachingSystem): string {
  if (s.strategy === 'write-behind') return 'was stored in the cache and queued (not yet flushed)';
  if (s.strategy === 'write-through') return 'committed and the cache updated its entry';
  return s.params.values.invalidateOnWrite === 'update' ? 'committed and updated the entry' : 'committed and deleted the key';
}

/** Why a stale read's row was still in the cache. */
function causeText(cause: StaleCause, r: CacheRequest, s: CachingSystem): string {
  const e = r.entry!;
  const newer = `write #${r.dbWriteId} (committed at ${at(r.dbCommittedAt)})`;
  switch (cause) {
    case 'no-invalidation':
      return `Cause: no invalidation (invalidateOnWrite = none). ${newer} did not touch the cached entry, which is served until its TTL runs out.`;
    case 'write-around':
      return `Cause: write-around. ${newer} went to the database only; the entry cached before it stays until its TTL runs out.`;
    case 'race':
      return e.source === 'write'
        ? `Cause: a writers' race. This entry was put there by write #${e.writeId} after write #${e.supersededBy} had already committed, so the cache went back to an older row.`
        : `Cause: ${s.strategy === 'cache-aside' ? 'the cache-aside race' : 'a load racing a write'}. Request #${e.by} missed and read the row at ${at(e.readAt)} (${version(e.writeId)}); write #${e.supersededBy} then ${whatTheWriteDid(s)}; the load stored its old row at ${at(e.storedAt)}, after that, and it stays until its TTL.${s.params.values.setCheck === 'none' ? ' A lease (setCheck = lease) would have refused that store.' : ''}`;
    case 'invalidation-in-flight':
      return `Cause: ${newer} had committed, but its ${s.strategy === 'write-through' ? 'cache update' : 'delete'} had not reached the cache yet.`;
    case 'other':
      return `The entry is older than the database's ${newer}.`;
  }
}

/** What a read found and did, step by step. */
function readStory(r: CacheRequest, s: CachingSystem): Timeline {
  const story: Timeline = [];
  const t = r.lookupAt;
  switch (r.lookup) {
    case 'no-cache':
      story.push({ t: r.arrivedAt, what: 'no cache: reads the primary' });
      break;
    case 'cache-down':
      story.push({ t, what: s.cacheInPath ? 'the cache is down, and every read goes through it' : 'the cache is down: the application reads the primary itself' });
      break;
    case 'hit':
      story.push({ t, what: `cache hit: ${version(r.servedWriteId)}, ${origin(r.entry!)}` });
      break;
    case 'stale-served':
      story.push({ t, what: `the entry had expired; served anyway (stale-while-revalidate): ${version(r.servedWriteId)}, ${origin(r.entry!)}` });
      break;
    case 'queued-write':
      story.push({ t, what: `cache miss, but the write-behind queue holds write #${r.servedWriteId} of this key: served from it` });
      break;
    case 'waited':
      story.push({ t, what: `cache miss while another reader was loading the key: waits for that load (${s.params.values.stampede})` });
      break;
    case 'miss':
      story.push({ t, what: 'cache miss: loads the key from the primary' });
      break;
  }
  if (r.startedRefresh) story.push({ t, what: 'started the one background refresh of this key' });
  const load = r.load;
  if (load) {
    story.push({ t: load.readAt, what: `the primary reads the row: ${version(load.writeId)}${r.executed === 'real' ? ' (run for real in PGlite)' : ''}` });
    if (r.sqlError) story.push({ t: load.readAt, what: `PGlite could not run it: ${r.sqlError}` });
    if (!Number.isNaN(load.returnedAt)) story.push({ t: load.returnedAt, what: `row back after ${ms(load.returnedAt - load.sentAt)}` });
    if (load.stored === 'stored') story.push({ t: load.storedAt, what: 'stored in the cache' });
    else if (load.stored === 'refused') story.push({ t: load.storedAt, what: 'store refused: a write of the key cancelled this reader’s lease (the old row stays out of the cache)' });
    else if (load.stored === 'cache-down') story.push({ t: load.storedAt, what: 'not stored: the cache had crashed' });
  }
  if (r.staleCause !== undefined) {
    story.push({ t, what: `STALE: returned ${version(r.servedWriteId)}, but the database had committed write #${r.dbWriteId}` });
    story.push({ t, what: causeText(r.staleCause, r, s) });
  }
  return story;
}

/** What a write did, step by step. */
function writeStory(r: CacheRequest, s: CachingSystem): Timeline {
  const story: Timeline = [];
  if (!Number.isNaN(r.queuedAt)) story.push({ t: r.queuedAt, what: 'the cache stored it and queued it for the next flush: acknowledged' });
  const lost = s.lostWrites.find((w) => w.writeId === r.writeId);
  if (lost) story.push({ t: lost.lostAt, what: `LOST: the cache crashed before flushing it; the database never got write #${r.writeId}` });
  if (!Number.isNaN(r.committedAt)) story.push({ t: r.committedAt, what: `committed in the primary${r.executed === 'real' ? ' (run in PGlite)' : ''}` });
  if (r.sqlError) story.push({ t: r.committedAt, what: `PGlite could not run it: ${r.sqlError}` });
  if (!Number.isNaN(r.propagatedAt)) {
    const what = s.strategy === 'write-through' ? 'the cache updated its entry' : s.params.values.invalidateOnWrite === 'update' ? 'the cached entry updated' : 'the cached key deleted';
    story.push({ t: r.propagatedAt, what });
  }
  return story;
}

/** The story of a request in words, built only when a learner asks for it (most requests are never inspected). */
export function describeCacheRequest(r: CacheRequest, s: CachingSystem): RequestDetail {
  const head = r.kind === 'read' ? `arrives: read of key ${r.key} (customer ${r.key})` : `arrives: write #${r.writeId} of key ${r.key} (renames customer ${r.key})`;
  const timeline: Timeline = [{ t: r.arrivedAt, what: head }, ...(r.kind === 'read' ? readStory(r, s) : writeStory(r, s))];
  if (r.failure) timeline.push({ t: r.endedAt, what: `failed: ${r.failure}` });
  timeline.sort((a, b) => a.t - b.t);
  const stale = r.staleCause !== undefined ? ' (stale)' : '';
  const outcome = r.phase === 'done' ? `completed in ${ms(r.endedAt - r.arrivedAt)}${stale}` : r.phase === 'failed' ? r.failure! : 'in flight';
  const detail: RequestDetail = { id: r.id, outcome, timeline };
  if (r.sql) {
    detail.sql = r.sql;
    if (r.params) detail.params = r.params;
    if (r.executed) detail.executed = r.executed;
    if (r.rows) detail.rows = r.rows;
  }
  return detail;
}
