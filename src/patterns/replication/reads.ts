import type { ProcessGenerator } from '../../engine';
import { WAIT_FOR_LSN_TIMEOUT_MS } from '../../models/readWriteRouter';
import type { ReplicationNode } from '../../models/replicationNode';
import type { ReplicationModel } from './model';
import type { ReadRequest, WriteRequest } from './requests';
import { READ_MS, READ_SQL } from './statements';

/**
 * One read of a customer's row, on the node the router chooses. `own` is the session's write it
 * reads back (a writer's read), which read-your-writes may send to the primary or make wait for
 * its LSN. Whether the row it returns is stale comes from the row versions and what the node has
 * applied; a sample of reads also runs for real, on the node's PGlite.
 */
export function* readOnNode(model: ReplicationModel, customerId: number, own: WriteRequest | null): ProcessGenerator<void> {
  const { env, router } = model;
  const now = env.now;
  const routed = router.routeRead(own);
  let node = routed.node;
  const r: ReadRequest = {
    kind: 'read',
    id: model.nextRequestId(),
    customerId,
    own,
    issuedAt: now,
    node: node.id,
    route: routed.why,
    phase: 'reading',
    phaseStart: now,
    phaseEnd: now + READ_MS,
    waitedMs: 0,
    waitTimedOut: false,
    endedAt: NaN,
    stale: false,
    ownWriteMissed: false,
    sawWriteId: 0,
    sawLsn: 0,
    primaryWriteId: 0,
    primaryLsn: 0,
    nodeAppliedLsn: 0,
  };
  model.stats.counts.arrived++;
  model.inFlight.set(r.id, r);
  node.readsInFlight++;
  try {
    if (router.mustWaitForLsn(own, node)) {
      r.phase = 'waiting';
      r.phaseEnd = now + WAIT_FOR_LSN_TIMEOUT_MS;
      const wait = yield* router.waitForLsn(node, own.lsn);
      r.waitedMs = env.now - now;
      if (wait.outcome === 'ended') {
        r.waitEnded = wait.why;
        if (wait.nodeStopped) {
          model.failRequest(r, `${wait.why}: the connection to it was lost`);
          return;
        }
      }
      if (wait.outcome !== 'applied' && node !== model.set.primary) {
        r.waitTimedOut = wait.outcome === 'timed-out';
        node.readsInFlight--;
        node = model.set.primary;
        node.readsInFlight++;
        r.node = node.id;
        r.route += wait.outcome === 'timed-out' ? `; ${node.id} after ${WAIT_FOR_LSN_TIMEOUT_MS} ms without LSN ${own.lsn}` : `; ${node.id}, the primary now, after the wait ended (${wait.why})`;
      }
    }
    if (!node.up) {
      model.failRequest(r, `${node.id} is down${node.routerUp ? ' (the router has not noticed yet)' : ': connection refused'}`);
      return;
    }
    r.phase = 'reading';
    r.phaseStart = env.now;
    r.phaseEnd = env.now + READ_MS;
    const ownStaleNow = observe(model, r, node);
    yield* readForReal(model, r, node);
    yield env.timeout(READ_MS);
    finishRead(model, r, node, ownStaleNow);
  } finally {
    node.readsInFlight--;
  }
}

/**
 * Which version of the row `node` returns, and which the primary has committed; true if a writer
 * misses its own write (what `ownReads.stale` counts: the node had not applied the session's write).
 */
function observe(model: ReplicationModel, r: ReadRequest, node: ReplicationNode): boolean {
  const committed = model.versions.committed(r.customerId);
  const seen = node.role === 'primary' ? committed : model.versions.at(r.customerId, node.applied);
  r.nodeAppliedLsn = node.role === 'primary' ? model.set.lsn : node.applied;
  r.sawWriteId = seen.writeId;
  r.sawLsn = seen.lsn;
  r.primaryWriteId = committed.writeId;
  r.primaryLsn = committed.lsn;
  r.stale = seen.lsn < committed.lsn;
  r.ownWriteMissed = r.own !== null && node.role !== 'primary' && node.applied < r.own.lsn;
  return r.ownWriteMissed;
}

/**
 * Run the read in PGlite when it is within the real-read budget: the node first applies what the
 * model says it has applied, then returns its row, next to the primary's. Yields the engine's
 * external call either way (with no work when modelled), so the metrics do not depend on it.
 */
function* readForReal(model: ReplicationModel, r: ReadRequest, node: ReplicationNode): ProcessGenerator<void> {
  // A replica's rows are real only on a cluster that ships changes (a lone primary would show fresh rows).
  const real = (node.role === 'primary' || model.sql.backend?.applyChanges !== undefined) && model.sql.readRunsForReal(r.stale);
  r.executed = real ? 'real' : 'modelled';
  const target = node;
  const primaryId = model.set.primary.id;
  const upTo = node.applied;
  const customerId = r.customerId;
  const execute = real
    ? model.sql.work(
        async (sql) => {
          if (target.role !== 'primary' && sql.applyChanges) await sql.applyChanges(target.id, upTo);
          const got = await sql.query(READ_SQL, [customerId], target.id);
          if (target.id === primaryId) return { rows: labelled(got.rows, target.id) };
          const onPrimary = await sql.query(READ_SQL, [customerId], primaryId);
          return { rows: [...labelled(got.rows, target.id), ...labelled(onPrimary.rows, primaryId === 'primary' ? primaryId : `${primaryId} (primary)`)] };
        },
        (e) => ({ rows: [], error: e.message }),
      )
    : null;
  const result = (yield model.env.external(execute, { rows: [] })) as { rows: Record<string, unknown>[]; error?: string };
  if (real) r.rows = result.rows;
  if (result.error) r.sqlError = result.error;
}

/** Rows as the request's story shows them: each with the node it came from first. */
function labelled(rows: Record<string, unknown>[], node: string): Record<string, unknown>[] {
  return rows.map((row) => ({ node, ...row }));
}

function finishRead(model: ReplicationModel, r: ReadRequest, node: ReplicationNode, ownStaleNow: boolean): void {
  const { env, stats } = model;
  const window = model.sampler.window;
  r.phase = 'done';
  r.endedAt = env.now;
  stats.counts.reads++;
  node.reads++;
  stats.counts.completed++;
  window.count('completed');
  model.readLatency.record(env.now - r.issuedAt);
  window.record('read', env.now - r.issuedAt);
  if (r.stale) {
    stats.counts.staleReads++;
    window.count('stale');
    node.staleReads++;
    model.rememberStale(r);
    env.log(`request-${r.id}`, 'stale read', { node: node.id, customer: r.customerId, saw: r.sawWriteId, primary: r.primaryWriteId });
  }
  if (r.own) {
    stats.counts.ownReads++;
    window.count('own');
    if (ownStaleNow) {
      stats.counts.ownStale++;
      window.count('ownStale');
    }
  }
  model.remember(r);
}
