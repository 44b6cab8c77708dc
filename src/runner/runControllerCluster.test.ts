import { afterAll, describe, expect, it } from 'vitest';
import { RunController, type SqlHost } from './runController';
import { onSlowlyBootingCluster, untilJoined } from '../testing/slowlyBootingCluster';
import type { FromWorker } from './protocol';
import { Cluster } from '../cluster/cluster';
import { inProcessNodes } from '../cluster/inProcessNodes';
import { defaultScenario, parseScenario } from '../scenario/parseScenario';
import { SimulationRun } from './simulationRun';
import { findLab } from '../labs';

/**
 * Labs that share a dataset share its PGlite cluster (one per page). Issue 18, item 6: after a
 * failover in the replication lab, the query lab's index view found the primary stopped. Real
 * PGlite nodes in this process, one cluster kept across loads as the simulation worker keeps it.
 */
const clusters = new Map<string, Promise<Cluster>>();
const host: SqlHost = {
  cluster(dataset, nodes, onProgress) {
    const key = JSON.stringify(dataset);
    if (!clusters.has(key)) clusters.set(key, Cluster.boot(inProcessNodes, dataset, nodes, { onProgress }));
    return clusters.get(key)!;
  },
};
afterAll(async () => {
  for (const cluster of clusters.values()) await (await cluster).close();
});

const messages: FromWorker[] = [];
const controller = new RunController((m) => messages.push(m), { now: () => performance.now() / 10, schedule: (fn, ms) => void setTimeout(fn, ms) }, host);

function scenarioOf(labId: string, parameters: Record<string, unknown> = {}) {
  const base = defaultScenario(findLab(labId)!);
  return { ...base, parameters: { ...base.parameters, ...parameters } };
}

/** `scenario` run with no database: the numbers a run that joins its nodes must show. */
function runWithoutDatabase(scenario: unknown): SimulationRun {
  const parsed = parseScenario(scenario);
  if (!parsed.ok) throw new Error('the scenario does not parse');
  return new SimulationRun(parsed.value, { sql: null });
}

/** The node answers and takes writes (a fenced former primary is read-only: CREATE INDEX fails there). */
const WRITABLE_SQL = "select count(*)::int as n, current_setting('default_transaction_read_only') as read_only from customers";

/** The console's answer to request `requestId`. */
function answer(requestId: number) {
  return messages.find((m) => m.type === 'sqlResult' && m.requestId === requestId);
}

/** The replication lab fails over, for real, as a learner's button does: the primary is fenced, a replica promoted. */
async function failOverInTheReplicationLab(runId: number): Promise<Cluster> {
  await controller.handle({ type: 'load', scenario: scenarioOf('replication'), runId });
  await controller.handle({ type: 'seek', toMs: 1000 });
  await controller.handle({ type: 'action', name: 'failover', args: {} });
  await controller.handle({ type: 'seek', toMs: 3000 });
  // The run played model-only while the cluster booted; the failover reaches the nodes with the replay that joins them.
  await untilJoined(controller, messages);
  const cluster = await clusters.values().next().value!;
  // The leak this guards against: the shared cluster's node "primary" is a fenced former primary (read-only).
  expect(cluster.statuses().find((s) => s.id === 'primary')?.role).toBe('out');
  expect(cluster.primary).not.toBe('primary');
  return cluster;
}

describe('a lab opened after another one failed the shared cluster over gets the cluster it expects', () => {
  it('a model-only run: its console resets the cluster to the lab’s own nodes before the first statement', async () => {
    await failOverInTheReplicationLab(1);
    // The pooling lab's default run models its statements (no SQL): loading it does not touch the cluster.
    await controller.handle({ type: 'load', scenario: scenarioOf('pooling', { query: 'modelled' }), runId: 2 });
    await controller.handle({ type: 'sql', requestId: 1, sql: WRITABLE_SQL, node: 'primary' });
    expect(answer(1)).toMatchObject({ ok: true, rows: [{ n: 1000, read_only: 'off' }] });
    const cluster = await clusters.values().next().value!;
    expect(cluster.statuses().map((s) => [s.id, s.role, s.state])).toEqual([['primary', 'primary', 'running']]);
  }, 600_000);

  it('a run with SQL: a statement sent while the lab loads waits for its cluster (the index view asks at once)', async () => {
    await failOverInTheReplicationLab(3);
    // The page sends the load, and the index view's EXPLAIN goes straight to the worker beside it.
    const loading = controller.handle({ type: 'load', scenario: scenarioOf('query'), runId: 4 });
    const statement = controller.handle({ type: 'sql', requestId: 2, sql: WRITABLE_SQL, node: 'primary' });
    await Promise.all([loading, statement]);
    expect(answer(2)).toMatchObject({ ok: true, rows: [{ n: 1000, read_only: 'off' }] });
    expect(messages.filter((m) => m.type === 'loaded').at(-1)).toMatchObject({ runId: 4 });
  }, 600_000);
});

describe('a lab whose real statements only read plays while its cluster boots (issue 18 item 8)', () => {
  it('the query lab is loaded and plays before its nodes are ready; its statements join once they are', async () => {
    const { controller: slow, posted, open } = onSlowlyBootingCluster(host);
    const lastSnapshot = () => posted.filter((m) => m.type === 'snapshot').at(-1)!;

    await slow.handle({ type: 'load', scenario: scenarioOf('query', { customers: 20 }), runId: 1 });
    expect(posted.filter((m) => m.type === 'loaded')).toHaveLength(1);
    await slow.handle({ type: 'seek', toMs: 2000 });
    expect(lastSnapshot()).toMatchObject({ status: { now: 2000, statementsRun: 0, sqlJoining: true }, snapshot: { detail: { comparedCustomers: null } } });
    // A reset while the nodes still boot: the new run plays model-only too, and it is the one that joins.
    await slow.handle({ type: 'reset' });
    expect(lastSnapshot()).toMatchObject({ status: { now: 0, statementsRun: 0 } });
    await slow.handle({ type: 'seek', toMs: 1500 });
    expect(lastSnapshot()).toMatchObject({ status: { now: 1500, statementsRun: 0, sqlJoining: true } });

    open();
    // A console statement waits on the cluster after the run's own boot and reset: once it answers, the run has joined.
    await slow.handle({ type: 'sql', requestId: 7, sql: WRITABLE_SQL, node: 'primary' });
    expect(posted.find((m) => m.type === 'sqlResult' && m.requestId === 7)).toMatchObject({ ok: true });
    await slow.handle({ type: 'seek', toMs: 4000 });
    const joined = lastSnapshot();
    expect(joined).toMatchObject({ status: { now: 4000, sqlJoining: false }, snapshot: { detail: { comparedCustomers: 20, comparison: { match: true } } } });
    expect(joined.type === 'snapshot' && joined.status.statementsRun).toBeGreaterThan(0);
  }, 600_000);
});

describe('a lab whose statements write plays while its cluster boots, then is replayed onto it (issue 18 item 8)', () => {
  it('replication: plays model-only with a live change and a fault, joins by replay at the same point with the same numbers, and the primary holds every write', async () => {
    const { controller: slow, posted, open } = onSlowlyBootingCluster(host);
    const lastSnapshot = () => {
      const last = posted.filter((m) => m.type === 'snapshot').at(-1);
      if (last?.type !== 'snapshot') throw new Error('no snapshot yet');
      return last;
    };
    const scenario = scenarioOf('replication');

    // The same inputs at the same points, on a run with no database: the numbers to expect.
    const reference = runWithoutDatabase(scenario);

    await slow.handle({ type: 'load', scenario, runId: 1 });
    expect(posted.filter((m) => m.type === 'loaded')).toHaveLength(1);
    await slow.handle({ type: 'seek', toMs: 1500 });
    await reference.advanceToAsync(1500);
    await slow.handle({ type: 'set', key: 'replicationDelayMs', value: 400 });
    expect(reference.setParam('replicationDelayMs', 400)).toBeNull();
    await slow.handle({ type: 'seek', toMs: 2500 });
    await reference.advanceToAsync(2500);
    await slow.handle({ type: 'action', name: 'stopNode', args: { node: 'replica-2' } });
    expect(reference.runAction('stopNode', { node: 'replica-2' })).toBeNull();
    await slow.handle({ type: 'seek', toMs: 4000 });
    await reference.advanceToAsync(4000);
    const before = lastSnapshot();
    expect(before.status).toMatchObject({ now: 4000, statementsRun: 0, sqlJoining: true });
    expect(before.snapshot.metrics).toEqual(reference.metrics());

    open();
    await untilJoined(slow, posted);
    const joined = lastSnapshot();
    // The replay stands exactly where the model-only run stood, with real statements behind it.
    expect(joined.status).toMatchObject({ now: 4000, eventsProcessed: before.status.eventsProcessed, sqlJoining: false });
    expect(joined.status.statementsRun).toBeGreaterThan(0);
    expect(joined.snapshot.metrics).toEqual({ ...reference.metrics(), sql: joined.snapshot.metrics.sql });
    // The page's bar for the replay, if it was shown (a replay under 100 ms is not), ended.
    const replayProgress = posted.filter((m) => m.type === 'progress' && m.kind === 'join');
    if (replayProgress.length > 0) expect(replayProgress.at(-1)).toMatchObject({ fraction: 1 });
    // The live change is in force in the replay, and every write the model made reaches the primary
    // (the last few are in flight as the replay stands where the run stood, as they would be in a
    // run that had SQL from the start).
    expect(joined.status.params.replicationDelayMs).toBe(400);
    const cluster = await clusters.values().next().value!;
    const modelLsn = Number(joined.snapshot.topology.nodes.find((n) => n.id === 'primary')!.badges.find((b) => b.label === 'LSN')!.value);
    expect(modelLsn).toBeGreaterThan(0);
    const capturedOnPrimary = async () => Number((await cluster.consoleQuery(cluster.primary, 'select max(lsn) as lsn from _changelog')).rows[0]!.lsn);
    await expect.poll(capturedOnPrimary).toBe(modelLsn);

    // From here it plays on with real SQL, and still gives the numbers of the run without a database.
    await slow.handle({ type: 'seek', toMs: 7000 });
    await reference.advanceToAsync(7000);
    const later = lastSnapshot();
    expect(later.status.statementsRun).toBeGreaterThan(joined.status.statementsRun);
    expect(later.snapshot.metrics).toEqual({ ...reference.metrics(), sql: later.snapshot.metrics.sql });
  }, 600_000);

  it('a seek back during the replay ends it at once (the new run joins on its own); play and pause during it apply at once', async () => {
    const scenario = scenarioOf('replication');
    const reference = runWithoutDatabase(scenario);
    await reference.advanceToAsync(5_000);

    // The learner acts at the replay's first progress report, inside it (in-process nodes never
    // yield to timers; the browser's worker nodes do, and the page's messages arrive the same way).
    let acted: boolean[] | null = null;
    const act = (message: FromWorker) => {
      if (acted !== null || message.type !== 'progress' || message.kind !== 'join') return;
      const playing: boolean[] = [];
      const lastPlaying = () => {
        const last = posted.filter((m) => m.type === 'snapshot').at(-1);
        return last?.type === 'snapshot' && last.status.playing;
      };
      slow.receive({ type: 'play' });
      playing.push(lastPlaying());
      slow.receive({ type: 'pause' });
      playing.push(lastPlaying());
      slow.receive({ type: 'seek', toMs: 5_000 });
      acted = playing;
      wallPerReading = 0.01;
    };
    // A clock that moves 50 ms a reading until the learner has acted (the replay reports its
    // progress within its first slices), then hardly at all (the next replay's pace is never judged too slow).
    let wall = 0;
    let wallPerReading = 50;
    const { controller: slow, posted, open } = onSlowlyBootingCluster(host, () => (wall += wallPerReading), act);
    const snapshots = () => posted.filter((m) => m.type === 'snapshot');

    await slow.handle({ type: 'load', scenario, runId: 1 });
    await slow.handle({ type: 'seek', toMs: 12_000 });
    open();
    await untilJoined(slow, posted);

    // Play and pause took effect at once, inside the replay.
    expect(acted, 'the replay never reported progress').toEqual([true, false]);
    // The replay to 12 s never finished: no run stood at 12 s with real statements.
    expect(snapshots().some((m) => m.type === 'snapshot' && m.status.now === 12_000 && m.status.statementsRun > 0)).toBe(false);
    const joined = snapshots().at(-1)!;
    if (joined.type !== 'snapshot') throw new Error('no snapshot');
    expect(posted.filter((m) => m.type === 'notice' || m.type === 'error')).toEqual([]);
    expect(joined.status).toMatchObject({ now: 5_000, playing: false, sqlJoining: false });
    expect(joined.status.statementsRun).toBeGreaterThan(0);
    expect(joined.snapshot.metrics).toEqual({ ...reference.metrics(), sql: joined.snapshot.metrics.sql });
    // The nodes were reset before the new run's replay: the primary holds the model's writes once.
    const cluster = await clusters.values().next().value!;
    const modelLsn = Number(joined.snapshot.topology.nodes.find((n) => n.id === 'primary')!.badges.find((b) => b.label === 'LSN')!.value);
    const capturedOnPrimary = async () => Number((await cluster.consoleQuery(cluster.primary, 'select max(lsn) as lsn from _changelog')).rows[0]!.lsn);
    await expect.poll(capturedOnPrimary).toBe(modelLsn);
  }, 600_000);

  it('a replay whose pace would hold the clock too long ends early: the run stays model-only and says so; its reset joins', async () => {
    // A wall clock that runs a second per reading: every replay looks far too slow.
    let wall = 0;
    const { controller: slow, posted, open } = onSlowlyBootingCluster(host, () => (wall += 1000));
    const lastStatus = () => posted.filter((m) => m.type === 'snapshot').at(-1)!;
    await slow.handle({ type: 'load', scenario: scenarioOf('replication'), runId: 1 });
    await slow.handle({ type: 'seek', toMs: 4000 });
    open();
    await untilJoined(slow, posted);
    expect(lastStatus()).toMatchObject({ status: { now: 4000, statementsRun: 0, sqlJoining: false } });
    expect(posted.find((m) => m.type === 'notice')).toMatchObject({ message: expect.stringContaining('would hold the clock more than') });
    await slow.handle({ type: 'reset' });
    await untilJoined(slow, posted);
    await slow.handle({ type: 'seek', toMs: 1000 });
    expect(lastStatus().type === 'snapshot' && lastStatus().status.statementsRun).toBeGreaterThan(0);
  }, 600_000);
});
