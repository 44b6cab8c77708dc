import { describe, expect, it } from 'vitest';
import { goLibrary as lib } from './goDatabaseSql';
import { AT_ONCE_MS, labPoolDefaults } from './poolParams';

describe('settings as code: Go database/sql', () => {
  it('reads the usual three calls and fills Go defaults (none opened ahead, at most 2 kept idle, the rest closed at once)', () => {
    const r = lib.read(`db, err := sql.Open("pgx", dsn)
if err != nil {
	log.Fatal(err)
}
db.SetMaxOpenConns(25)
db.SetConnMaxLifetime(5 * time.Minute)`);
    expect(r.params).toMatchObject({ poolMin: 0, poolMax: 25, poolMaxIdle: 2, borrowTimeoutMs: 0, idleTimeoutMs: 0, maxLifetimeMs: 300000 });
    expect(r.defaults.find((d) => d.key === 'poolMaxIdle')!.why).toContain('SetMaxIdleConns defaults to 2');
    expect(r.defaults.find((d) => d.key === 'poolMin')!.why).toContain('keeps no minimum');
  });

  it('reads SetMaxOpenConns(0) as unlimited and SetConnMaxIdleTime with odd spellings', () => {
    const r = lib.read(`// tuned for the batch worker
pool.SetMaxOpenConns( 0 )
pool.SetMaxIdleConns(10)
pool.SetConnMaxIdleTime(time.Second*90)
pool.SetConnMaxLifetime(time.Duration(2) * time.Hour)`);
    expect(r.params).toMatchObject({ poolMin: 0, poolMax: 500, poolMaxIdle: 10, idleTimeoutMs: 90000, maxLifetimeMs: 7200000 });
    expect(r.notes.join(' ')).toContain('no limit');
  });

  it('reads a context deadline as the borrow timeout, and names other Set calls', () => {
    const r = lib.read(`db.SetMaxOpenConns(8)
db.SetMaxIdleConns(8)
db.SetTraceHook(hook)
ctx, cancel := context.WithTimeout(r.Context(), 250*time.Millisecond)
defer cancel()`);
    expect(r.params).toMatchObject({ poolMin: 0, poolMax: 8, poolMaxIdle: 0, borrowTimeoutMs: 250 });
    expect(r.ignored).toEqual([expect.objectContaining({ setting: 'SetTraceHook(hook)', line: 3 })]);
  });

  it('an idle cap at or above the open limit is no cap, as in Go', () => {
    expect(lib.read('db.SetMaxOpenConns(1)').params).toMatchObject({ poolMin: 0, poolMax: 1, poolMaxIdle: 0 });
    expect(lib.read('db.SetMaxOpenConns(10)\ndb.SetMaxIdleConns(50)').params).toMatchObject({ poolMax: 10, poolMaxIdle: 0 });
  });

  it('SetMaxIdleConns(0) keeps none idle: each connection closes as it is given back', () => {
    const r = lib.read('db.SetMaxOpenConns(10)\ndb.SetMaxIdleConns(0)\ndb.SetConnMaxIdleTime(time.Minute)');
    expect(r.params).toMatchObject({ poolMin: 0, poolMaxIdle: 0, idleTimeoutMs: AT_ONCE_MS });
    expect(r.notes.join(' ')).toContain('keeps no connection idle');
    expect(lib.write(r.params)).toContain('db.SetMaxIdleConns(0)');
  });

  it('reads the idle cap and the idle time together (the lab models both, as Go does)', () => {
    const r = lib.read('db.SetMaxOpenConns(50)\ndb.SetMaxIdleConns(5)\ndb.SetConnMaxIdleTime(30 * time.Second)');
    expect(r.params).toMatchObject({ poolMin: 0, poolMax: 50, poolMaxIdle: 5, idleTimeoutMs: 30000 });
    expect(r.read.map((x) => [x.key, x.line])).toEqual([['poolMax', 1], ['idleTimeoutMs', 3], ['poolMaxIdle', 2]]);
  });

  it('points at the line of an unreadable value', () => {
    expect(() => lib.read('db.SetMaxOpenConns(10)\ndb.SetConnMaxLifetime(cfg.Lifetime)')).toThrow(/^line 2: SetConnMaxLifetime\(cfg.Lifetime\)/);
    expect(() => lib.read('fmt.Println("hi")')).toThrow(/^line 1: no db.SetMaxOpenConns/);
  });

  it('carries each Set call and a context deadline for the borrow timeout', () => {
    const code = lib.write({ ...labPoolDefaults(), poolMin: 0, poolMax: 16, poolMaxIdle: 4, borrowTimeoutMs: 500, idleTimeoutMs: 90000, maxLifetimeMs: 3600000 });
    expect(code).toContain('db.SetMaxOpenConns(16)');
    expect(code).toContain('db.SetMaxIdleConns(4)');
    expect(code).toContain('closed at once');
    expect(code).not.toContain('keeps no minimum');
    const capless = lib.write({ ...labPoolDefaults(), poolMin: 4, poolMax: 16, poolMaxIdle: 0 });
    expect(capless).toContain('db.SetMaxIdleConns(16)');
    expect(capless).toContain('Go keeps no minimum');
    expect(code).toContain('db.SetConnMaxIdleTime(90 * time.Second)');
    expect(code).toContain('db.SetConnMaxLifetime(1 * time.Hour)');
    expect(code).toContain('context.WithTimeout(ctx, 500 * time.Millisecond)');
    expect(lib.write({ ...labPoolDefaults(), whenExhausted: 'fail' })).toContain('cannot fail at once');
  });
});
