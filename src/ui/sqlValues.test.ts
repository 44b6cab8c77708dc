import { describe, expect, it } from 'vitest';
import { caretAt, formatSqlValue } from './sqlValues';

describe('console values', () => {
  it('prints what PGlite returns: NULL, numbers, numeric strings, dates, bytes, JSON', () => {
    expect(formatSqlValue(null)).toEqual({ text: 'NULL', kind: 'null' });
    expect(formatSqlValue(1000)).toEqual({ text: '1000', kind: 'number' });
    expect(formatSqlValue(12n)).toEqual({ text: '12', kind: 'number' });
    expect(formatSqlValue('411.57')).toEqual({ text: '411.57', kind: 'number' });
    expect(formatSqlValue('Lisbon')).toEqual({ text: 'Lisbon', kind: 'text' });
    expect(formatSqlValue(new Date('2024-07-16T00:00:00Z')).text).toBe('2024-07-16T00:00:00.000Z');
    expect(formatSqlValue(new Uint8Array([1, 255])).text).toBe('\\x01ff');
    expect(formatSqlValue({ a: 1n, b: [true] }).text).toBe('{"a":"1","b":[true]}');
  });

  it("points at PostgreSQL's error position, on its own line", () => {
    expect(caretAt('select * from nope', 15)).toEqual({ line: 'select * from nope', column: 14 });
    expect(caretAt('select *\nfrom nope', 15)).toEqual({ line: 'from nope', column: 5 });
    expect(caretAt('select 1', 0)).toBeNull();
    expect(caretAt('select 1', 99)).toBeNull();
  });
});
