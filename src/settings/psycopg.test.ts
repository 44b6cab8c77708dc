import { describe, expect, it } from 'vitest';
import { psycopgLibrary as lib } from './psycopg';
import { labPoolDefaults, NEVER_S } from './poolParams';

describe('settings as code: psycopg 3', () => {
  it('reads a FastAPI lifespan pool and fills psycopg_pool defaults', () => {
    const r = lib.read(`from psycopg_pool import ConnectionPool

pool = ConnectionPool(
    conninfo=settings.database_url,
    min_size=2,
    max_size=10,
    open=False,
)`);
    expect(r.params).toMatchObject({ poolMin: 2, poolMax: 10, borrowTimeoutMs: 30000, idleTimeoutMs: 600000, maxLifetimeMs: 3600000, whenExhausted: 'wait' });
    expect(r.defaults.map((d) => d.key)).toEqual(['pooling', 'poolMaxIdle', 'borrowTimeoutMs', 'whenExhausted', 'idleTimeoutMs', 'maxLifetimeMs', 'leakDetectionMs']);
    expect(r.ignored.map((i) => i.setting)).toEqual(['conninfo=settings.database_url', 'open=False']);
  });

  it('max_size defaults to min_size, and None means the same', () => {
    expect(lib.read('pool = ConnectionPool("dbname=app", min_size=8)').params).toMatchObject({ poolMin: 8, poolMax: 8 });
    expect(lib.read('pool = ConnectionPool("dbname=app", min_size=3, max_size=None)').params).toMatchObject({ poolMin: 3, poolMax: 3 });
    expect(lib.read('pool = ConnectionPool("dbname=app")').params).toMatchObject({ poolMin: 4, poolMax: 4 });
  });

  it('reads an async pool with float seconds, arithmetic and max_waiting (named and ignored)', () => {
    const r = lib.read(`pool = AsyncConnectionPool(DSN, min_size=4, max_size=16,
        timeout=2.5,   # fail fast
        max_idle=5 * 60, max_lifetime=60*60, max_waiting=100,
        kwargs={"autocommit": True})`);
    expect(r.params).toMatchObject({ poolMin: 4, poolMax: 16, borrowTimeoutMs: 2500, idleTimeoutMs: 300000, maxLifetimeMs: 3600000 });
    expect(r.ignored.map((i) => i.setting.split('=')[0])).toEqual(['conninfo', 'max_waiting', 'kwargs']);
    expect(r.ignored.find((i) => i.setting.startsWith('max_waiting'))!.why).toContain('TooManyRequests');
  });

  it('reads a timeout beyond the lab\'s longest as waiting forever, saying so', () => {
    const r = lib.read(`ConnectionPool(dsn, timeout=${NEVER_S})`);
    expect(r.params.borrowTimeoutMs).toBe(0);
    expect(r.notes.join(' ')).toMatch(/longer than the lab's longest borrowTimeoutMs/);
  });

  it('points at the line of an unreadable value', () => {
    expect(() => lib.read('ConnectionPool(\n  dsn,\n  min_size=2,\n  timeout=cfg.timeout,\n)')).toThrow(/^line 4: timeout=cfg.timeout/);
  });

  it('carries each value in seconds', () => {
    const code = lib.write({ ...labPoolDefaults(), poolMin: 2, poolMax: 9, borrowTimeoutMs: 1500, idleTimeoutMs: 0 });
    expect(code).toMatch(/min_size=2,/);
    expect(code).toMatch(/max_size=9,/);
    expect(code).toMatch(/timeout=1\.5,/);
    expect(code).toMatch(new RegExp(`max_idle=${NEVER_S},`));
    expect(code).toMatch(/max_lifetime=1800,/);
  });
});
