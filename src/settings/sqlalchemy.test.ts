import { describe, expect, it } from 'vitest';
import { sqlalchemyLibrary as lib } from './sqlalchemy';
import { AT_ONCE_MS, labPoolDefaults } from './poolParams';

describe('settings as code: SQLAlchemy', () => {
  it('reads a bare create_engine with SQLAlchemy defaults (5 + 10 overflow, 30 s)', () => {
    const r = lib.read('engine = create_engine(DATABASE_URL, echo=True)');
    expect(r.params).toMatchObject({ pooling: true, poolMin: 5, poolMax: 15, borrowTimeoutMs: 30000, idleTimeoutMs: AT_ONCE_MS, maxLifetimeMs: 0 });
    expect(r.ignored.map((i) => i.setting)).toEqual(['DATABASE_URL', 'echo=True']);
  });

  it('reads a Django-style settings block with recycle and pre-ping', () => {
    const r = lib.read(`engine = sqlalchemy.create_engine(
    "postgresql+psycopg2://scott:tiger@localhost/test",
    pool_size=20, max_overflow=0,
    pool_recycle=3600,      # MySQL habit, harmless on PostgreSQL
    pool_pre_ping=True,
    pool_timeout = 10,
)`);
    expect(r.params).toMatchObject({ poolMin: 20, poolMax: 20, borrowTimeoutMs: 10000, maxLifetimeMs: 3600000 });
    expect(r.ignored.find((i) => i.setting === 'pool_pre_ping=True')!.line).toBe(5);
  });

  it('reads NullPool as no pool, pool_timeout=0 as failing at once and max_overflow=-1 as no limit', () => {
    expect(lib.read('from sqlalchemy.pool import NullPool\nengine = create_engine(url, poolclass=NullPool)').params.pooling).toBe(false);
    expect(lib.read('create_engine(url, pool_size=5, pool_timeout=0)').params).toMatchObject({ whenExhausted: 'fail', poolMax: 15 });
    const unlimited = lib.read('create_async_engine(url, pool_size=10, max_overflow=-1, pool_timeout=None)');
    expect(unlimited.params).toMatchObject({ poolMin: 10, poolMax: 500, borrowTimeoutMs: 0 });
    expect(unlimited.notes.join(' ')).toContain('max_overflow=-1 is no limit');
  });

  it('points at the line of an unreadable value', () => {
    expect(() => lib.read('engine = create_engine(\n    url,\n    pool_size=settings.POOL,\n)')).toThrow(/^line 3: pool_size=settings.POOL/);
  });

  it('carries pool_size, max_overflow, pool_timeout and pool_recycle', () => {
    const code = lib.write({ ...labPoolDefaults(), poolMin: 4, poolMax: 12, borrowTimeoutMs: 0, maxLifetimeMs: 0 });
    expect(code).toMatch(/pool_size=4,/);
    expect(code).toMatch(/max_overflow=8,/);
    expect(code).toMatch(/pool_timeout=None,/);
    expect(code).toMatch(/pool_recycle=-1,/);
    expect(code).toContain('No idle timeout (the lab\'s is 10 min)');
  });
});
