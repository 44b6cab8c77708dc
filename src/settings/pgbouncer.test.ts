import { describe, expect, it } from 'vitest';
import { pgbouncerLibrary as lib } from './pgbouncer';
import { AT_ONCE_MS, labPoolDefaults, NEVER_S } from './poolParams';

describe('settings as code: PgBouncer', () => {
  it('reads a typical pgbouncer.ini and fills PgBouncer defaults', () => {
    const r = lib.read(`[databases]
shop = host=10.0.0.5 port=5432 dbname=shop

[pgbouncer]
listen_addr = *
listen_port = 6432
auth_type = scram-sha-256
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 25
reserve_pool_size = 5`);
    expect(r.params).toMatchObject({ poolMin: 0, poolMax: 25, borrowTimeoutMs: 120000, idleTimeoutMs: 600000, maxLifetimeMs: 3600000 });
    expect(r.ignored.map((i) => i.setting)).toContain('max_client_conn = 2000');
    expect(r.ignored.find((i) => i.setting.startsWith('pool_mode'))!.why).toContain('transaction');
  });

  it('reads units, ; and # comments, and a per-database pool_size that overrides the default', () => {
    const r = lib.read(`[pgbouncer]
default_pool_size=20   ; per user/db pair
min_pool_size = 4
query_wait_timeout = 30s
server_idle_timeout = 10min   # shorter than the server's
server_lifetime = 0
[databases]
app = host=db dbname=app pool_size=40`);
    expect(r.params).toMatchObject({ poolMin: 4, poolMax: 40, borrowTimeoutMs: 30000, idleTimeoutMs: 600000, maxLifetimeMs: AT_ONCE_MS });
    expect(r.notes.join(' ')).toContain('used once');
    expect(r.read.find((s) => s.key === 'poolMax')!.line).toBe(8);
  });

  it('points at the line it cannot read', () => {
    expect(() => lib.read('[pgbouncer]\ndefault_pool_size = lots')).toThrow(/^line 2: default_pool_size: expected a whole number/);
    expect(() => lib.read('[pgbouncer]\npool_mode = sometimes')).toThrow(/^line 2: pool_mode/);
    expect(() => lib.read('[pgbouncer]\nthis line is not ini')).toThrow(/^line 2: expected key = value/);
  });

  it('carries the sizes and times in seconds, with a week for "forever"', () => {
    const code = lib.write({ ...labPoolDefaults(), poolMin: 3, poolMax: 30, borrowTimeoutMs: 5000, idleTimeoutMs: 60000, maxLifetimeMs: 0 });
    for (const line of ['pool_mode = transaction', 'default_pool_size = 30', 'min_pool_size = 3', 'query_wait_timeout = 5', 'server_idle_timeout = 60', `server_lifetime = ${NEVER_S}`]) expect(code).toContain(line);
  });
});
