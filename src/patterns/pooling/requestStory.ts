import type { RequestDetail } from '../../lab/labDefinition';
import type { PoolingRequest } from './request';
import type { Statement } from './statements';

const ms = (x: number) => `${x.toFixed(2)} ms`;

/** What happened to a request until it held a connection: borrowed at once, waited, or opened its own. */
function connectionStory(r: PoolingRequest, pooling: boolean): { t: number; what: string }[] {
  const story: { t: number; what: string }[] = [];
  if (pooling) story.push({ t: r.arrivedAt, what: r.aheadOnArrival < 0 ? 'borrows an idle connection' : `waits for a connection (${r.aheadOnArrival} ahead)` });
  else if (!Number.isNaN(r.grantedAt) && r.grantedAt > r.arrivedAt) story.push({ t: r.arrivedAt, what: 'opens its own connection' });
  if (!Number.isNaN(r.grantedAt)) {
    story.push({ t: r.grantedAt, what: pooling ? `got connection ${r.connectionId} after ${ms(r.grantedAt - r.arrivedAt)}` : `connected after ${ms(r.grantedAt - r.arrivedAt)}` });
  }
  return story;
}

/** The story of a request in words, built only when a learner asks for it (most requests are never inspected). */
export function describeRequest(r: PoolingRequest, pooling: boolean, statement: Statement | undefined): RequestDetail {
  const timeline: { t: number; what: string }[] = [{ t: r.arrivedAt, what: 'arrives' }, ...connectionStory(r, pooling)];
  if (!Number.isNaN(r.queryStart)) {
    timeline.push({ t: r.queryStart, what: `query starts on the primary${r.params ? ` with $1… = ${JSON.stringify(r.params)}` : ''}` });
  }
  if (r.sqlError) timeline.push({ t: r.queryStart, what: `PGlite could not run it: ${r.sqlError}` });
  if (!Number.isNaN(r.queryEnd)) timeline.push({ t: r.queryEnd, what: 'query done' });
  if (r.leaked) timeline.push({ t: r.queryEnd, what: `never gave connection ${r.connectionId} back (leaked)` });
  else if (!pooling && !Number.isNaN(r.queryEnd)) timeline.push({ t: r.queryEnd, what: 'closes its connection' });
  if (r.failure) timeline.push({ t: r.endedAt, what: `failed: ${r.failure}` });
  const outcome = r.phase === 'done' ? `completed in ${ms(r.endedAt - r.arrivedAt)}` : r.phase === 'failed' ? r.failure! : 'in flight';
  const detail: RequestDetail = { id: r.id, outcome, timeline };
  if (statement) {
    detail.sql = statement.sql;
    if (r.params) detail.params = r.params;
    detail.executed = r.executed;
    if (r.rows) detail.rows = r.rows;
  }
  return detail;
}
