import { describe, expect, it } from 'vitest';
import { replicationParams, type ReplicationParams } from '../params';
import { routingSnippets } from './routingCode';

const defaults = Object.fromEntries(replicationParams.map((p) => [p.key, p.default])) as ReplicationParams;
const code = (over: Partial<ReplicationParams>, id: string) => routingSnippets({ ...defaults, ...over }).find((s) => s.id === id)!.code;

describe('the replication lab as code: read routing and read-your-writes', () => {
  it.each([
    ['round-robin', 'up[next(_turn) % len(up)]'],
    ['random', 'random.choice(healthy_replicas())'],
    ['least-connections', 'min(healthy_replicas(), key=lambda r: r.in_flight)'],
    ['lowest-lag', 'max(healthy_replicas(), key=lambda r: r.replayed_lsn)'],
  ] as const)('routes reads by %s', (routerPolicy, line) => {
    expect(code({ routerPolicy }, 'python')).toContain(line);
  });

  it('carries the primary window in seconds', () => {
    const python = code({ readYourWrites: 'primary-window', primaryWindowMs: 250 }, 'python');
    expect(python).toContain('PRIMARY_WINDOW_S = 0.25');
    expect(python).toContain('session["last_write_at"] = time.monotonic()');
    expect(code({ readYourWrites: 'primary-window', primaryWindowMs: 3000 }, 'python')).toContain('PRIMARY_WINDOW_S = 3.0');
  });

  it('waits for the LSN on the replica, and says a rule of none lets a writer miss its write', () => {
    const lsn = code({ readYourWrites: 'wait-for-lsn' }, 'python');
    expect(lsn).toContain('SELECT pg_current_wal_lsn()');
    expect(lsn).toContain('SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn');
    expect(lsn).not.toContain('PRIMARY_WINDOW_S');
    expect(code({ readYourWrites: 'none' }, 'python')).toContain('see its old row (a stale read)');
  });

  it('carries the health checks, the replicas and failover', () => {
    const python = code({ healthCheckMs: 500, healthCheckFailures: 5, replicas: 3, autoFailover: false }, 'python');
    expect(python).toContain('HEALTH_CHECK_S = 0.5');
    expect(python).toContain('FAILURES_TO_MARK_DOWN = 5');
    expect(python).toContain('# 3 in the lab');
    expect(python).toContain('until an operator fails over');
  });

  it.each([
    ['off', false],
    ['local', false],
    ['remote_write', true],
    ['on', true],
    ['remote_apply', true],
  ] as const)('synchronous_commit = %s in postgresql.conf (a synchronous standby named: %s)', (syncCommit, standby) => {
    const conf = code({ syncCommit }, 'postgresql-conf');
    expect(conf).toContain(`\nsynchronous_commit = ${syncCommit}\n`);
    expect(conf.includes(`synchronous_standby_names = '"replica-1"'`)).toBe(standby);
  });
});
