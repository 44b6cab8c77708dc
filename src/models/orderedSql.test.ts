import { describe, expect, it } from 'vitest';
import type { SqlBackend } from '../lab/labDefinition';
import { OrderedSql } from './orderedSql';

describe('OrderedSql', () => {
  it('runs statements in the order they were issued, however long each takes, and turns failures into values', async () => {
    const seen: string[] = [];
    const backend: SqlBackend = {
      statementsRun: 0,
      async query(sql) {
        await new Promise((resolve) => setTimeout(resolve, sql === 'slow' ? 30 : 1));
        if (sql === 'bad') throw new Error('syntax error');
        seen.push(sql);
        return { rows: [{ sql }] };
      },
    };
    const ordered = new OrderedSql(backend);
    const run = (sql: string) => ordered.work((b) => b.query(sql), (e) => ({ rows: [{ error: e.message }] }))!();
    const results = await Promise.all([run('slow'), run('bad'), run('fast')]);
    expect(seen).toEqual(['slow', 'fast']);
    expect(results[1]).toEqual({ rows: [{ error: 'syntax error' }] });
  });

  it('gives no work in a model-only run', () => {
    expect(new OrderedSql(null).work(() => Promise.resolve(1), () => 0)).toBeNull();
  });
});
