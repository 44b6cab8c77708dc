import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../../cli/cliHarness.testkit';

const SCHEDULES = join(import.meta.dirname, 'schedules');

function scheduleFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'dplab-txn-')), 'schedule.json');
  writeFileSync(file, content);
  return file;
}

afterEach(() => vi.restoreAllMocks());

describe('npm run sim -- txn', () => {
  it('--json prints the result of the schedule on the model as one JSON object', async () => {
    const { code, stdout } = await cli('txn', '--schedule', join(SCHEDULES, 'lost-update-fix-atomic.json'), '--json');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(['steps', 'final']);
    expect(Object.keys(result.steps[0])).toEqual(['session', 'sql', 'status', 'rows', 'sqlstate', 'message', 'completedAtStep', 'command']);
    expect(result.steps[3]).toEqual({ session: 'T2', sql: 'update test set value = value + 1 where id = 1', status: 'ok', rows: null, sqlstate: null, message: null, completedAtStep: 4, command: 'UPDATE 1' });
    expect(result.final).toEqual({ test: [{ id: 1, value: 12 }, { id: 2, value: 20 }] });
  });

  it('prints a readable table by default: statements, waits, errors and the final rows', async () => {
    const { code, stdout } = await cli('txn', '--schedule', join(SCHEDULES, 'deadlock.json'));
    expect(code).toBe(0);
    expect(stdout).toContain('Deadlock from opposite lock order — 8 steps, T1 read committed, T2 read committed, on the model');
    expect(stdout).toMatch(/4\s+T1\s+update test set value = 22 where id = 2\s+UPDATE 1 {2}\[waited; completed at step 5\]/);
    expect(stdout).toMatch(/5\s+T2\s+update test set value = 12 where id = 1\s+ERROR 40P01: deadlock detected/);
    expect(stdout).toContain('final test: (1, 11) (2, 22)');
  });

  it.each([
    [['txn'], 'error: txn: missing --schedule FILE (try txn --help)'],
    [['txn', '--schedule', '/nonexistent/s.json'], 'error: /nonexistent/s.json: no such file'],
    [['txn', '--schedule', 'x.json', '--bogus'], "error: Unknown option '--bogus'"],
    [['txn', '--schedule', 'x.json', '--against', 'mysql://x'], 'error: --against: expected a postgres:// connection URL, found "mysql://x"'],
  ])('exits 2 with one line for bad arguments: %j', async (argv, message) => {
    const { code, stderr, stdout } = await cli(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(message);
  });

  it('exits 2 with one line naming the path for a bad schedule file', async () => {
    const notJson = scheduleFile('{"setup": [');
    expect((await cli('txn', '--schedule', notJson)).stderr).toMatch(/^error: .*schedule\.json: \(file\): not valid JSON/);
    const bad = scheduleFile(JSON.stringify({ setup: ['create table t (id int primary key)'], sessions: { A: { isolation: 'snapshot' } }, steps: [['A', 'select * from t order by id']] }));
    const { code, stderr } = await cli('txn', '--schedule', bad);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('sessions.A.isolation: expected one of "read committed", "repeatable read", "serializable", found "snapshot"');
    const sql = scheduleFile(JSON.stringify({ setup: ['create table t (id int primary key)'], sessions: { A: {} }, steps: [['A', 'select * from t order by id']] }));
    expect((await cli('txn', '--schedule', sql)).stderr).toContain('steps[0][1]: not supported in this lab: ORDER BY');
    const setup = scheduleFile(JSON.stringify({ setup: ['create table t (id int primary key)', 'insert into t values (1), (1)'], sessions: { A: {} }, steps: [] }));
    const failed = await cli('txn', '--schedule', setup);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('setup[1] (insert into t values (1), (1)) failed: duplicate key value violates unique constraint "t_pkey" (SQLSTATE 23505)');
  });

  it('exits 2 with one line for hostile schedules: a directory, sessions named like Object members, deep nesting', async () => {
    const schedule = (sessions: Record<string, object>, steps: [string, string][]) =>
      scheduleFile(JSON.stringify({ setup: ['create table t (id int primary key, v int)'], sessions, steps }));
    const cases: [string, string][] = [
      [join(SCHEDULES, '..'), 'not a file (a schedule is a JSON file)'],
      [schedule({ A: {} }, [['toString', 'select * from t']]), 'steps[0][0]: expected a session declared in sessions (A), found "toString"'],
      [schedule({ A: {} }, [['__proto__', 'select * from t']]), 'found "__proto__"'],
      [schedule({ A: {} }, [['A', `select * from t where id = ${'('.repeat(20_000)}1${')'.repeat(20_000)}`]]), 'steps[0][1]: not supported in this lab: expressions nested more than 100 deep'],
      [schedule({ A: {} }, [['A', `select * from t where ${'not '.repeat(20_000)}id = 1`]]), 'nested more than 100 deep'],
      [schedule({ A: {} }, [['A', `select * from t where id = ${'- '.repeat(20_000)}1`]]), 'nested more than 100 deep'],
    ];
    for (const [file, message] of cases) {
      const { code, stderr } = await cli('txn', '--schedule', file);
      expect(code, message).toBe(2);
      expect(stderr.trim().split('\n'), message).toHaveLength(1);
      expect(stderr).toContain(message);
    }
    // A session may still be called `constructor` when the schedule declares it.
    const declared = await cli('txn', '--schedule', schedule({ constructor: {} }, [['constructor', 'select * from t where id = ((1))']]));
    expect(declared.code).toBe(0);
  });

  it('--against reports an unreachable server on one line (exit 2)', async () => {
    const { code, stderr } = await cli('txn', '--schedule', join(SCHEDULES, 'nowait.json'), '--against', 'postgres://postgres@127.0.0.1:1/postgres');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: .*ECONNREFUSED/);
  });
});
