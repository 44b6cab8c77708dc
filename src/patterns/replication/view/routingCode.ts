import type { Snippet } from '../../../settings/snippet';
import type { ReplicationParams } from '../params';

type RoutingParams = Pick<ReplicationParams, 'replicas' | 'routerPolicy' | 'readYourWrites' | 'primaryWindowMs' | 'syncCommit' | 'healthCheckMs' | 'healthCheckFailures' | 'autoFailover'>;

/** Seconds as Python writes them: 1.0, 0.25. */
const pySeconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}.0` : String(ms / 1000));

/** How the router picks a healthy replica, per policy (Python). */
function pickReplica(policy: RoutingParams['routerPolicy']): string[] {
  switch (policy) {
    case 'round-robin':
      return ['_turn = itertools.count()', '', 'def pick_replica():', '    up = healthy_replicas()', '    return up[next(_turn) % len(up)]  # round-robin'];
    case 'random':
      return ['def pick_replica():', '    return random.choice(healthy_replicas())  # random'];
    case 'least-connections':
      return ['def pick_replica():', '    # least connections: the replica with the fewest reads in flight', '    return min(healthy_replicas(), key=lambda r: r.in_flight)'];
    case 'lowest-lag':
      return [
        'def pick_replica():',
        '    # lowest lag: the replica that has replayed the most WAL at the last probe',
        '    # (the probe runs SELECT pg_last_wal_replay_lsn() on each replica)',
        '    return max(healthy_replicas(), key=lambda r: r.replayed_lsn)',
      ];
  }
}

/** The read and write functions that keep (or do not keep) a writer's reads of its own writes. */
function readYourWrites(p: RoutingParams): string[] {
  const write = ['def write(session, sql, params=()):', '    with primary.transaction():', '        primary.execute(sql, params)'];
  switch (p.readYourWrites) {
    case 'none':
      return [
        '# Read-your-writes: none. A writer reading right after its write may hit a replica',
        '# that has not replayed it yet, and see its old row (a stale read).',
        ...write,
        '',
        'def read(session, sql, params=()):',
        '    return pick_replica().execute(sql, params).fetchall()',
      ];
    case 'primary-window':
      return [
        `# Read-your-writes: a writer's reads go to the primary for ${pySeconds(p.primaryWindowMs)} s after its commit.`,
        `PRIMARY_WINDOW_S = ${pySeconds(p.primaryWindowMs)}`,
        '',
        ...write,
        '    session["last_write_at"] = time.monotonic()',
        '',
        'def read(session, sql, params=()):',
        '    wrote_at = session.get("last_write_at")',
        '    if wrote_at is not None and time.monotonic() - wrote_at < PRIMARY_WINDOW_S:',
        '        return primary.execute(sql, params).fetchall()  # its write may not be on a replica yet',
        '    return pick_replica().execute(sql, params).fetchall()',
        '# A lag longer than the window still shows the writer its old row.',
      ];
    case 'wait-for-lsn':
      return [
        "# Read-your-writes: remember the write's LSN; the replica waits until it has replayed it.",
        ...write,
        '    session["lsn"] = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]',
        '',
        'def read(session, sql, params=()):',
        '    replica = pick_replica()',
        '    lsn = session.get("lsn")',
        '    if lsn is not None:',
        '        while not replica.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,)).fetchone()[0]:',
        '            time.sleep(0.005)  # the read waits for the lag instead of returning an old row',
        '    return replica.execute(sql, params).fetchall()',
      ];
  }
}

/** The router of the run in Python with psycopg 3: routing policy, health checks, read-your-writes. */
function pythonRouter(p: RoutingParams): string {
  return [
    'import itertools, random, time',
    'import psycopg',
    '',
    'primary = psycopg.connect(PRIMARY_DSN, autocommit=True)',
    `replicas = [psycopg.connect(dsn, autocommit=True) for dsn in REPLICA_DSNS]  # ${p.replicas} in the lab`,
    '',
    `# A health checker runs SELECT 1 on each node every ${pySeconds(p.healthCheckMs)} s and marks it down`,
    `# after ${p.healthCheckFailures} failures in a row; reads sent to it before then fail.`,
    `HEALTH_CHECK_S = ${pySeconds(p.healthCheckMs)}`,
    `FAILURES_TO_MARK_DOWN = ${p.healthCheckFailures}`,
    '',
    'def healthy_replicas():',
    '    return [r for r in replicas if r.failures < FAILURES_TO_MARK_DOWN]',
    '',
    ...pickReplica(p.routerPolicy),
    '',
    '# Writes always go to the primary.',
    ...readYourWrites(p),
    '',
    p.autoFailover
      ? '# When the primary is marked down, the most advanced replica is promoted (Patroni, repmgr…).'
      : '# When the primary is marked down, nobody promotes a replica until an operator fails over.',
  ].join('\n');
}

const SYNC_WAITS: Record<RoutingParams['syncCommit'], string> = {
  off: 'nothing: not even the primary’s own flush (a crash loses the last commits)',
  local: 'the primary’s flush only: a failover loses what the replicas had not received',
  remote_write: 'the synchronous standby to receive the commit (written, not flushed)',
  on: 'the synchronous standby to flush the commit',
  remote_apply: 'the synchronous standby to replay the commit: reads there see it',
};

/** The primary's postgresql.conf for the run's synchronous_commit (replica-1 is the synchronous standby). */
function postgresqlConf(p: RoutingParams): string {
  const needsStandby = p.syncCommit !== 'off' && p.syncCommit !== 'local';
  return [
    '# postgresql.conf on the primary',
    `# A commit waits for ${SYNC_WAITS[p.syncCommit]}.`,
    `synchronous_commit = ${p.syncCommit}`,
    needsStandby ? `synchronous_standby_names = '"replica-1"'  # its application_name, quoted for the hyphen` : "# synchronous_standby_names = ''  (no synchronous standby: nothing to wait for)",
    '',
    '# postgresql.conf on each replica',
    'hot_standby = on  # serves reads while replaying',
    '# Replication delay and apply rate are the network and the replica, not settings.',
  ].join('\n');
}

/** The replication lab's routing rule and read-your-writes rule as code, for its current parameters. */
export function routingSnippets(p: RoutingParams): Snippet[] {
  return [
    { id: 'python', label: 'Python router', title: 'Read routing and read-your-writes in Python (psycopg 3)', code: `${pythonRouter(p)}\n` },
    { id: 'postgresql-conf', label: 'postgresql.conf', title: 'synchronous_commit on the primary', code: `${postgresqlConf(p)}\n` },
  ];
}
