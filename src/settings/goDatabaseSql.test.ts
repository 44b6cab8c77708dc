import { describe, expect, it } from 'vitest';
import { goLibrary as lib } from './goDatabaseSql';
import { AT_ONCE_MS, labPoolDefaults } from './poolParams';

describe('settings as code: Go database/sql', () => {
  it('reads the usual three calls and fills Go defaults (2 idle kept, the rest closed at once)', () => {
    const r = lib.read(`db, err := sql.Open("pgx", dsn)
if err != nil {
	log.Fatal(err)
}
db.SetMaxOpenConns(25)
db.SetConnMaxLifetime(5 * time.Minute)`);
    expect(r.params).toMatchObject({ poolMin: 2, poolMax: 25, borrowTimeoutMs: 0, idleTimeoutMs: AT_ONCE_MS, maxLifetimeMs: 300000 });
    expect(r.defaults.find((d) => d.key === 'poolMin')!.why).toContain('SetMaxIdleConns defaults to 2');
  });

  it('reads SetMaxOpenConns(0) as unlimited and SetConnMaxIdleTime with odd spellings', () => {
    const r = lib.read(`// tuned for the batch worker
pool.SetMaxOpenConns( 0 )
pool.SetMaxIdleConns(10)
pool.SetConnMaxIdleTime(time.Second*90)
pool.SetConnMaxLifetime(time.Duration(2) * time.Hour)`);
    expect(r.params).toMatchObject({ poolMin: 10, poolMax: 500, idleTimeoutMs: 90000, maxLifetimeMs: 7200000 });
    expect(r.notes.join(' ')).toContain('no limit');
  });

  it('reads a context deadline as the borrow timeout, and names other Set calls', () => {
    const r = lib.read(`db.SetMaxOpenConns(8)
db.SetMaxIdleConns(8)
db.SetTraceHook(hook)
ctx, cancel := context.WithTimeout(r.Context(), 250*time.Millisecond)
defer cancel()`);
    expect(r.params).toMatchObject({ poolMin: 8, poolMax: 8, borrowTimeoutMs: 250 });
    expect(r.ignored).toEqual([expect.objectContaining({ setting: 'SetTraceHook(hook)', line: 3 })]);
  });

  it('caps idle connections at the open limit, as Go does', () => {
    expect(lib.read('db.SetMaxOpenConns(1)').params).toMatchObject({ poolMin: 1, poolMax: 1 });
  });

  it('points at the line of an unreadable value', () => {
    expect(() => lib.read('db.SetMaxOpenConns(10)\ndb.SetConnMaxLifetime(cfg.Lifetime)')).toThrow(/^line 2: SetConnMaxLifetime\(cfg.Lifetime\)/);
    expect(() => lib.read('fmt.Println("hi")')).toThrow(/^line 1: no db.SetMaxOpenConns/);
  });

  it('carries each Set call and a context deadline for the borrow timeout', () => {
    const code = lib.write({ ...labPoolDefaults(), poolMin: 4, poolMax: 16, borrowTimeoutMs: 500, idleTimeoutMs: 90000, maxLifetimeMs: 3600000 });
    expect(code).toContain('db.SetMaxOpenConns(16)');
    expect(code).toContain('db.SetMaxIdleConns(4)');
    expect(code).toContain('db.SetConnMaxIdleTime(90 * time.Second)');
    expect(code).toContain('db.SetConnMaxLifetime(1 * time.Hour)');
    expect(code).toContain('context.WithTimeout(ctx, 500 * time.Millisecond)');
    expect(lib.write({ ...labPoolDefaults(), whenExhausted: 'fail' })).toContain('cannot fail at once');
  });
});
