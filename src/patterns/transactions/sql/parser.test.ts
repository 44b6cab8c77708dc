import { describe, expect, it } from 'vitest';
import { parseStatement, SqlSyntaxError } from './parser';

describe('the lab SQL subset parser', () => {
  it('parses the transaction statements with their isolation levels', () => {
    expect(parseStatement('BEGIN')).toEqual({ kind: 'begin', tag: 'BEGIN' });
    expect(parseStatement('begin isolation level repeatable read;')).toEqual({ kind: 'begin', tag: 'BEGIN', isolation: 'repeatable read' });
    expect(parseStatement('start transaction isolation level serializable')).toEqual({ kind: 'begin', tag: 'START TRANSACTION', isolation: 'serializable' });
    // PostgreSQL runs READ UNCOMMITTED as READ COMMITTED.
    expect(parseStatement('begin transaction isolation level read uncommitted')).toMatchObject({ isolation: 'read committed' });
    expect(parseStatement('commit work')).toEqual({ kind: 'commit' });
    expect(parseStatement('END')).toEqual({ kind: 'commit' });
    expect(parseStatement('rollback')).toEqual({ kind: 'rollback' });
    expect(parseStatement('abort')).toEqual({ kind: 'rollback' });
  });

  it('parses selects with columns, aliases, aggregates, IN, arithmetic with %, AND/OR and locking clauses', () => {
    const s = parseStatement("select id, value % 3 as r, value * 2 from test where id in (1, 2) and (value > 5 or name = 'x') for update skip locked");
    expect(s).toMatchObject({ kind: 'select', table: 'test', star: false, lock: { strength: 'update', wait: 'skip locked' } });
    if (s.kind !== 'select') throw new Error('not a select');
    expect(s.items.map((i) => i.name)).toEqual(['id', 'r', '?column?']);
    expect(s.where).toMatchObject({ kind: 'binary', op: 'and', left: { kind: 'in', list: [{ value: 1 }, { value: 2 }] }, right: { kind: 'binary', op: 'or' } });
    expect(parseStatement('select count(*), sum(value) from t')).toMatchObject({ items: [{ name: 'count' }, { name: 'sum' }] });
    expect(parseStatement('select * from t where id = 1 for share nowait')).toMatchObject({ star: true, lock: { strength: 'share', wait: 'nowait' } });
    expect(parseStatement('select * from t for no key update')).toMatchObject({ lock: { strength: 'no key update', wait: 'wait' } });
  });

  it('binds * tighter than +, and + tighter than comparison', () => {
    const s = parseStatement('update t set v = 1 + 2 * 3 where v - 1 >= -2');
    expect(s).toMatchObject({
      kind: 'update',
      set: [{ column: 'v', expr: { op: '+', left: { value: 1 }, right: { op: '*', left: { value: 2 }, right: { value: 3 } } } }],
      where: { op: '>=', left: { op: '-' }, right: { kind: 'literal', value: -2 } },
    });
  });

  it('parses insert, delete and create table with a primary key', () => {
    expect(parseStatement("insert into t (id, name) values (1, 'it''s'), (2, null)")).toEqual({
      kind: 'insert',
      table: 't',
      columns: ['id', 'name'],
      rows: [
        [{ kind: 'literal', value: 1 }, { kind: 'literal', value: "it's" }],
        [{ kind: 'literal', value: 2 }, { kind: 'literal', value: null }],
      ],
    });
    expect(parseStatement('delete from t where id = 3')).toMatchObject({ kind: 'delete', table: 't' });
    expect(parseStatement('create table a (x integer, y text, primary key (x, y))')).toEqual({ kind: 'createTable', table: 'a', columns: [{ name: 'x', type: 'int' }, { name: 'y', type: 'text' }], primaryKey: ['x', 'y'] });
  });

  it.each([
    ['select * from a join b on a.id = b.id', 'not supported in this lab: JOIN'],
    ['select * from t order by id', 'not supported in this lab: ORDER BY'],
    ['select * from t limit 1', 'not supported in this lab: LIMIT'],
    ['select max(id) from t', 'not supported in this lab: function max() (only count and sum)'],
    ['savepoint a', 'not supported in this lab: SAVEPOINT'],
    ['select * from t for key share', 'not supported in this lab: FOR KEY SHARE'],
    ['begin read only', 'not supported in this lab: READ ONLY / READ WRITE / DEFERRABLE transaction modes'],
    ['select * from t where id in (select id from u)', 'not supported in this lab: subqueries'],
    ['create table t (x float)', 'not supported in this lab: column type "float" (use int or text)'],
    ['select 1', 'not supported in this lab: SELECT without FROM'],
    ['select * from t; select 1', 'one statement per step: found more than one'],
    ['update t set', 'syntax error at end of input: expected a column name'],
    ['selct * from t', 'syntax error at or near "selct" (position 1): expected BEGIN, START TRANSACTION, COMMIT, ROLLBACK, SELECT, UPDATE, DELETE, INSERT or CREATE TABLE'],
  ])('rejects %j with a clear reason', (sql, message) => {
    expect(() => parseStatement(sql)).toThrow(SqlSyntaxError);
    expect(() => parseStatement(sql)).toThrow(message);
  });
});
