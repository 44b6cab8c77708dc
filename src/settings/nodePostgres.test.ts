import { describe, expect, it } from 'vitest';
import { nodePostgresLibrary as lib } from './nodePostgres';
import { labPoolDefaults } from './poolParams';

describe('settings as code: node-postgres', () => {
  it('reads new Pool() with pg defaults (10 clients, wait forever, 10 s idle)', () => {
    const r = lib.read("const { Pool } = require('pg');\nconst pool = new Pool();");
    expect(r.params).toMatchObject({ poolMin: 0, poolMax: 10, borrowTimeoutMs: 0, idleTimeoutMs: 10000, maxLifetimeMs: 0 });
    expect(r.read).toEqual([]);
  });

  it('reads an Express app pool with comments, env vars and arithmetic', () => {
    const r = lib.read(`import pg from 'pg'
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 20, // per instance
  idleTimeoutMillis: 30 * 1000,
  /* fail fast rather than hang */
  connectionTimeoutMillis: 2_000,
  ssl: { rejectUnauthorized: false },
  maxUses: 7500,
})`);
    expect(r.params).toMatchObject({ poolMin: 0, poolMax: 20, borrowTimeoutMs: 2000, idleTimeoutMs: 30000 });
    expect(r.read.find((s) => s.key === 'borrowTimeoutMs')!.line).toBe(7);
    expect(r.ignored.map((i) => i.setting.split(':')[0])).toEqual(['connectionString', 'ssl', 'maxUses']);
  });

  it('reads a config object declared apart, in TypeScript, with quoted keys and maxLifetimeSeconds', () => {
    const r = lib.read(`const config: PoolConfig = {
  "max": 5,
  'min': 1,
  maxLifetimeSeconds: 60 * 5,
  allowExitOnIdle: true,
};
export const pool = new Pool(config);`);
    expect(r.params).toMatchObject({ poolMin: 1, poolMax: 5, maxLifetimeMs: 300000 });
    expect(r.ignored.map((i) => i.setting)).toEqual(['allowExitOnIdle: true']);
  });

  it('points at the line of an unreadable value', () => {
    expect(() => lib.read('new Pool({\n  max: Number(process.env.PG_MAX),\n})')).toThrow(/^line 2: max: Number/);
    expect(() => lib.read('new Pool({ max: 5')).toThrow(/line 1: "\{" is never closed/);
  });

  it('carries max, min, the timeouts and the lifetime in seconds', () => {
    const code = lib.write({ ...labPoolDefaults(), poolMin: 2, poolMax: 15, borrowTimeoutMs: 0, idleTimeoutMs: 30000, maxLifetimeMs: 120000 });
    expect(code).toMatch(/max: 15,/);
    expect(code).toMatch(/min: 2,/);
    expect(code).toMatch(/connectionTimeoutMillis: 0, \/\/ wait forever/);
    expect(code).toMatch(/idleTimeoutMillis: 30000,/);
    expect(code).toMatch(/maxLifetimeSeconds: 120,/);
  });
});
