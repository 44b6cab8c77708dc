import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from './cliHarness.testkit';

afterEach(() => vi.restoreAllMocks());

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dplab-settings-')), name);
  writeFileSync(path, text);
  return path;
}

describe('npm run sim -- pooling --settings-from FILE --print-params', () => {
  it('--print-params prints the parameters a run would use as one JSON object and runs nothing', async () => {
    const { code, stdout } = await cli('pooling', '--set', 'poolMax=12', '--print-params');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const { params } = JSON.parse(stdout) as { params: Record<string, unknown> };
    expect(params).toMatchObject({ poolMax: 12, poolMin: 10, arrivalRate: 300, whenExhausted: 'wait' });
    const preset = JSON.parse((await cli('pooling-fail-fast', '--print-params')).stdout) as { params: Record<string, unknown> };
    expect(preset.params).toMatchObject({ borrowTimeoutMs: 100, arrivalRate: 600 });
  });

  it('sets the pool from a snippet of each form, --set winning, and tells stderr what was read, defaulted and ignored', async () => {
    const cases: [string, string, Record<string, unknown>][] = [
      ['pool.py', 'pool = ThreadedConnectionPool(2, 8, dsn)', { poolMin: 2, poolMax: 8, whenExhausted: 'fail' }],
      ['pool3.py', 'pool = ConnectionPool(dsn, min_size=3, max_size=9, timeout=5)', { poolMin: 3, poolMax: 9, borrowTimeoutMs: 5000 }],
      ['engine.py', 'engine = create_engine(url, pool_size=5, max_overflow=5)', { poolMin: 5, poolMax: 10, borrowTimeoutMs: 30000 }],
      ['pool.js', 'const pool = new Pool({ max: 20, connectionTimeoutMillis: 2000 })', { poolMin: 0, poolMax: 20, borrowTimeoutMs: 2000, idleTimeoutMs: 10000 }],
      ['db.go', 'db.SetMaxOpenConns(16)\ndb.SetMaxIdleConns(4)', { poolMin: 0, poolMax: 16, poolMaxIdle: 4, borrowTimeoutMs: 0 }],
      ['hikari.properties', 'maximumPoolSize=10\nminimumIdle=2\nfoo=bar', { poolMin: 2, poolMax: 10, borrowTimeoutMs: 30000 }],
      ['application.yml', 'spring:\n  datasource:\n    hikari:\n      maximum-pool-size: 12\n      minimum-idle: 3', { poolMin: 3, poolMax: 12, borrowTimeoutMs: 30000 }],
      ['pgbouncer.ini', '[pgbouncer]\ndefault_pool_size = 30\nquery_wait_timeout = 5s', { poolMin: 0, poolMax: 30, borrowTimeoutMs: 5000 }],
    ];
    for (const [name, text, expected] of cases) {
      const { code, stdout, stderr } = await cli('pooling', '--settings-from', file(name, text), '--print-params');
      expect(code, name).toBe(0);
      expect(JSON.parse(stdout).params, name).toMatchObject(expected);
      expect(stderr, name).toMatch(/read {5}poolMax = /);
      expect(stderr, name).toMatch(/default {2}/);
    }
    const hikari = await cli('pooling', '--settings-from', file('h.properties', 'maximumPoolSize=10\nfoo=bar'), '--set', 'poolMax=14', '--print-params');
    expect(JSON.parse(hikari.stdout).params).toMatchObject({ poolMax: 14, poolMin: 10 });
    expect(hikari.stderr).toContain('ignored  foo=bar  (line 2: not a HikariCP setting the lab models)');
  });

  it.each([
    [['--settings-from', 'NOFILE'], /^error: --settings-from .*no-such-settings\.ini: no such file$/],
    [['--settings-from', 'BAD:[pgbouncer]\n\ndefault_pool_size = many'], /^error: --settings-from .*bad\.ini:3: default_pool_size: expected a whole number, found many$/],
    [['--settings-from', 'BAD:max_connections = 100'], /^error: --settings-from .*bad\.ini:1: not a pool configuration the lab knows/],
  ])('a bad file %j exits 2 naming the line', async (flags, message) => {
    const args = flags.map((a) => (a === 'NOFILE' ? join(tmpdir(), 'no-such-settings.ini') : a.startsWith('BAD:') ? file('bad.ini', a.slice(4)) : a));
    const { code, stdout, stderr } = await cli('pooling', ...args, '--print-params');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });

  it('refuses pool settings for a lab without a pool', async () => {
    const { code, stderr } = await cli('mmc', '--settings-from', file('p.properties', 'maximumPoolSize=3'), '--print-params');
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('error: --settings-from: the mmc lab has no connection pool to set (pool settings are read by: pooling)');
  });

  it('exits 0 and 2 as a real process', () => {
    const good = file('pool.go', 'db.SetMaxOpenConns(7)');
    const ok = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'pooling', '--settings-from', good, '--print-params'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).params.poolMax).toBe(7);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'pooling', '--settings-from', file('pool.go', 'db.SetMaxOpenConns(n)'), '--print-params'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toMatch(/pool\.go:1: SetMaxOpenConns\(n\): expected a whole number/);
  });
});
