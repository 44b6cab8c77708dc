import { describe, expect, it } from 'vitest';
import { psycopg2Library as lib } from './psycopg2';
import { AT_ONCE_MS, labPoolDefaults } from './poolParams';
import { SnippetError } from './reading';

describe('settings as code: psycopg2', () => {
  it('reads a Flask app pool written with positional sizes and a DSN', () => {
    const r = lib.read(`import psycopg2.pool

# one pool per worker process
db_pool = psycopg2.pool.ThreadedConnectionPool(
    1,   # minconn
    20,  # maxconn
    "dbname=shop user=shop host=localhost",
)
`);
    expect(r.params).toMatchObject({ poolMin: 1, poolMax: 20, whenExhausted: 'fail', borrowTimeoutMs: 0, idleTimeoutMs: AT_ONCE_MS, maxLifetimeMs: 0 });
    expect(r.read.map((s) => [s.key, s.line])).toEqual([['poolMin', 5], ['poolMax', 6]]);
    expect(r.ignored).toEqual([expect.objectContaining({ setting: '"dbname=shop user=shop host=localhost"', line: 7 })]);
    expect(r.defaults.find((d) => d.key === 'whenExhausted')!.why).toContain('connection pool exhausted');
  });

  it('reads keyword arguments, odd spacing and connection keywords (named and ignored)', () => {
    const r = lib.read(`from psycopg2 import pool
p = pool.ThreadedConnectionPool(minconn = 5,maxconn=5 ,host='db', port=5432, connect_timeout=3)`);
    expect(r.params).toMatchObject({ poolMin: 5, poolMax: 5 });
    expect(r.ignored.map((i) => i.setting)).toEqual(["host='db'", 'port=5432', 'connect_timeout=3']);
  });

  it('reads SimpleConnectionPool with a note', () => {
    const r = lib.read('pool = SimpleConnectionPool(2, 4, dsn)');
    expect(r.params).toMatchObject({ poolMin: 2, poolMax: 4 });
    expect(r.notes.join(' ')).toContain('SimpleConnectionPool');
  });

  it('points at the line of what it cannot read', () => {
    expect(() => lib.read('pool = ThreadedConnectionPool(\n  1,\n  int(os.environ["MAX"]),\n)')).toThrow(/^line 3: maxconn=int/);
    expect(() => lib.read('pool = ThreadedConnectionPool(1, 5')).toThrow(SnippetError);
    expect(() => lib.read('pool = ThreadedConnectionPool(dsn="x")')).toThrow(/line 1: ThreadedConnectionPool needs minconn and maxconn/);
  });

  it('carries minconn and maxconn and says what psycopg2 cannot do', () => {
    const code = lib.write({ ...labPoolDefaults(), poolMin: 3, poolMax: 12, borrowTimeoutMs: 100, leakDetectionMs: 5000 });
    expect(code).toContain('ThreadedConnectionPool(minconn=3, maxconn=12,');
    expect(code).toContain('raises PoolError("connection pool exhausted") at once');
    expect(code).toContain('cannot wait for a connection (the lab waits up to 100 ms)');
    expect(code).toContain('No max lifetime (the lab\'s is 30 min)');
    expect(code).toContain('No leak detection (the lab warns after 5 s)');
  });
});
