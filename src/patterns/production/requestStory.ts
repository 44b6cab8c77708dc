import type { RequestDetail } from '../../lab/labDefinition';
import { PART_NAMES, type StackRequest } from './request';

const PART_WORDS: Record<(typeof PART_NAMES)[number], string> = {
  poolWait: 'waiting for a connection',
  network: 'round trips to the database',
  cache: 'round trips to the cache',
  dbQueue: 'waiting for a database core',
  dbExecution: 'executing on the database',
  replicationWait: 'waiting on replication',
};

/** A request's story: where it went and where each millisecond of it went. */
export function describeStackRequest(r: StackRequest): RequestDetail {
  const ended = !Number.isNaN(r.endedAt);
  const outcome = r.failure ? `failed: ${r.failure}` : !ended ? 'in flight' : r.cacheHit ? 'served by the cache' : `completed on ${r.node}`;
  const timeline = [{ t: r.arrivedAt, what: `${r.kind === 'readBack' ? 'a writer reads its row back' : r.kind} of row ${r.key} arrives` }];
  for (const name of PART_NAMES) if (r.parts[name] > 0) timeline.push({ t: r.arrivedAt, what: `${r.parts[name].toFixed(2)} ms ${PART_WORDS[name]}` });
  if (r.stale) timeline.push({ t: r.endedAt, what: 'it returned an older row than the primary had committed (stale)' });
  if (ended) timeline.push({ t: r.endedAt, what: `${outcome} after ${(r.endedAt - r.arrivedAt).toFixed(2)} ms` });
  return { id: r.id, outcome, timeline };
}
