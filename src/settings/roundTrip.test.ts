import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { poolLibraries, detectPoolLibrary } from './libraries';
import { AT_ONCE_MS, labPoolDefaults, POOL_KEYS, samePoolBehaviour, type PoolParams } from './poolParams';
import type { PoolLibrary } from './library';

const base = labPoolDefaults();
const p = (over: Partial<PoolParams>): PoolParams => ({ ...base, ...over });

/** Parameters each library can say exactly: written, pasted back, they come back the same. */
const EXPRESSIBLE: Record<PoolLibrary['id'], PoolParams[]> = {
  psycopg2: [
    p({ poolMin: 2, poolMax: 20, whenExhausted: 'fail', borrowTimeoutMs: 0, idleTimeoutMs: AT_ONCE_MS, maxLifetimeMs: 0 }),
    p({ poolMin: 10, poolMax: 10, whenExhausted: 'fail', borrowTimeoutMs: 0, idleTimeoutMs: AT_ONCE_MS, maxLifetimeMs: 0 }),
  ],
  psycopg: [
    base,
    p({ poolMin: 4, poolMax: 20, borrowTimeoutMs: 5000, idleTimeoutMs: 300000, maxLifetimeMs: 3600000 }),
    p({ poolMin: 0, poolMax: 8, borrowTimeoutMs: 0, idleTimeoutMs: 0, maxLifetimeMs: 0 }),
    p({ poolMin: 1, poolMax: 3, borrowTimeoutMs: 1500, idleTimeoutMs: 2500, maxLifetimeMs: 90000 }),
  ],
  sqlalchemy: [
    p({ poolMin: 5, poolMax: 15, borrowTimeoutMs: 30000, idleTimeoutMs: AT_ONCE_MS, maxLifetimeMs: 0 }),
    p({ poolMin: 10, poolMax: 10, borrowTimeoutMs: 0, maxLifetimeMs: 1800000 }),
    p({ poolMin: 5, poolMax: 8, whenExhausted: 'fail', borrowTimeoutMs: 0, idleTimeoutMs: AT_ONCE_MS, maxLifetimeMs: 3600000 }),
    p({ poolMin: 0, poolMax: 500, borrowTimeoutMs: 250, idleTimeoutMs: AT_ONCE_MS, maxLifetimeMs: 0 }),
  ],
  'node-postgres': [
    base,
    p({ poolMin: 0, poolMax: 10, borrowTimeoutMs: 0, idleTimeoutMs: 10000, maxLifetimeMs: 0 }),
    p({ poolMin: 2, poolMax: 20, borrowTimeoutMs: 2000, idleTimeoutMs: 30000, maxLifetimeMs: 60000 }),
  ],
  go: [
    p({ poolMin: 0, poolMax: 25, poolMaxIdle: 2, borrowTimeoutMs: 0, idleTimeoutMs: 0, maxLifetimeMs: 300000 }),
    p({ poolMin: 0, poolMax: 25, poolMaxIdle: 5, borrowTimeoutMs: 100, idleTimeoutMs: 60000, maxLifetimeMs: 0 }),
    p({ poolMin: 0, poolMax: 25, poolMaxIdle: 0, borrowTimeoutMs: 1500, idleTimeoutMs: 0, maxLifetimeMs: 3600000 }),
    p({ poolMin: 0, poolMax: 10, poolMaxIdle: 0, borrowTimeoutMs: 0, idleTimeoutMs: AT_ONCE_MS, maxLifetimeMs: 0 }),
    p({ poolMin: 0, poolMax: 8, poolMaxIdle: 3, borrowTimeoutMs: 0, idleTimeoutMs: AT_ONCE_MS, maxLifetimeMs: 0 }),
  ],
  hikaricp: [
    base,
    p({ poolMin: 5, poolMax: 20, borrowTimeoutMs: 0, idleTimeoutMs: 0, maxLifetimeMs: 0, leakDetectionMs: 2000 }),
    p({ poolMin: 0, poolMax: 3, borrowTimeoutMs: 250, idleTimeoutMs: 10000, maxLifetimeMs: 30000 }),
  ],
  'hikaricp-yaml': [
    base,
    p({ poolMin: 5, poolMax: 20, borrowTimeoutMs: 0, idleTimeoutMs: 0, maxLifetimeMs: 0, leakDetectionMs: 2000 }),
    p({ poolMin: 0, poolMax: 3, borrowTimeoutMs: 250, idleTimeoutMs: 10000, maxLifetimeMs: 30000 }),
  ],
  pgbouncer: [
    base,
    p({ poolMin: 0, poolMax: 20, borrowTimeoutMs: 120000, idleTimeoutMs: 600000, maxLifetimeMs: 3600000 }),
    p({ poolMin: 5, poolMax: 50, borrowTimeoutMs: 0, idleTimeoutMs: 0, maxLifetimeMs: 0 }),
    p({ poolMin: 1, poolMax: 2, borrowTimeoutMs: 1500, idleTimeoutMs: 500, maxLifetimeMs: 2500 }),
  ],
};

/** The pool parameters of every shipped preset of the pooling lab, over the lab's defaults. */
function presets(): { name: string; params: PoolParams }[] {
  const dir = join(import.meta.dirname, '../patterns/pooling/scenarios');
  return readdirSync(dir).map((file) => {
    const scenario = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { name: string; parameters: Record<string, unknown> };
    const params = { ...base };
    for (const key of POOL_KEYS) if (key in scenario.parameters) Object.assign(params, { [key]: scenario.parameters[key] });
    return { name: scenario.name, params };
  });
}

describe.each(poolLibraries.map((l) => [l.id, l] as const))('settings as code: %s', (_id, library) => {
  it.each(EXPRESSIBLE[library.id].map((params, i) => [i, params] as const))('round trip %i: lab → code → read back → the same parameters', (_i, params) => {
    const code = library.write(params);
    expect(detectPoolLibrary(code).id).toBe(library.id);
    const reading = library.read(code);
    expect(samePoolBehaviour(reading.params)).toEqual(samePoolBehaviour(params));
    expect(Object.keys(reading.params)).toEqual([...POOL_KEYS]);
  });

  it("every preset's code reads back to parameters that write the very same code (what it cannot say, it says once)", () => {
    for (const { name, params } of presets()) {
      const code = library.write(params);
      const once = library.read(code).params;
      expect(library.write(once), name).toBe(library.write(library.read(library.write(once)).params));
      expect(library.read(library.write(once)).params, name).toEqual(once);
    }
  });

  it('names every setting it leaves out and never reads an unknown one', () => {
    const reading = library.read(library.write(base));
    for (const d of reading.defaults) expect(d.why, d.key).not.toBe('');
    const keys = new Set([...reading.read.map((r) => r.key), ...reading.defaults.map((d) => d.key)]);
    expect([...keys].sort()).toEqual([...POOL_KEYS].sort());
  });
});

describe('settings as code: the pooling lab without a pool', () => {
  it('SQLAlchemy writes NullPool and reads it back as no pool', () => {
    const code = poolLibraries.find((l) => l.id === 'sqlalchemy')!.write(p({ pooling: false }));
    expect(code).toContain('poolclass=NullPool');
    expect(detectPoolLibrary(code).read(code).params.pooling).toBe(false);
  });
  it('the others say the lab runs without one', () => {
    for (const library of poolLibraries.filter((l) => l.id !== 'sqlalchemy')) expect(library.write(p({ pooling: false })), library.id).toMatch(/without a pool/);
  });
});

describe('settings as code: telling the library from the snippet', () => {
  it.each([
    ['pool = ThreadedConnectionPool(1, 3, dsn)', 'psycopg2'],
    ['from psycopg_pool import ConnectionPool\npool = ConnectionPool(dsn, max_size=3)', 'psycopg'],
    ['engine = create_engine(url, pool_size=3, max_overflow=0)', 'sqlalchemy'],
    ['const pool = new Pool({ max: 3 })', 'node-postgres'],
    ['db.SetMaxOpenConns(3)', 'go'],
    ['spring.datasource.hikari.maximum-pool-size=3', 'hikaricp'],
    ['spring:\n  datasource:\n    hikari:\n      maximum-pool-size: 3', 'hikaricp-yaml'],
    ['[pgbouncer]\ndefault_pool_size = 3', 'pgbouncer'],
  ])('%j is %s', (text, id) => {
    expect(detectPoolLibrary(text).id).toBe(id);
    expect(detectPoolLibrary(text).read(text).params.poolMax).toBe(3);
  });

  it('names the first line of a snippet of no known library', () => {
    expect(() => detectPoolLibrary('\n\nmax_connections = 100\n')).toThrow(/^line 3: not a pool configuration the lab knows: expected one of psycopg2 ThreadedConnectionPool, /);
  });
});

describe('settings as code: the presets "the same load on psycopg2\'s pool and on HikariCP"', () => {
  it.each([
    ['pooling-same-load-psycopg2', 'pool = ThreadedConnectionPool(10, 10, dsn)'],
    ['pooling-same-load-hikaricp', 'maximumPoolSize=10'],
  ])('%s is what the lab reads from %j', (name, snippet) => {
    const preset = presets().find((p) => p.name === name)!;
    expect(preset.params).toEqual(detectPoolLibrary(snippet).read(snippet).params);
  });
});
