import { describe, expect, it } from 'vitest';
import { checkParam, choices, resolveParams, type ParamSpec } from './params';

const specs: ParamSpec[] = [
  { key: 'rate', label: 'Rate', kind: 'number', default: 10, min: 0.5, max: 100, unit: 'req/s', description: '' },
  { key: 'n', label: 'N', kind: 'integer', default: 4, min: 1, max: 8, description: '' },
  { key: 'on', label: 'On', kind: 'boolean', default: false, description: '' },
  { key: 'mode', label: 'Mode', kind: 'enum', default: 'a', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }], description: '' },
];

describe('checkParam', () => {
  it('accepts in-range values and strings from URLs and --set', () => {
    expect(checkParam(specs[0]!, '2.5')).toEqual({ ok: true, value: 2.5 });
    expect(checkParam(specs[1]!, 8)).toEqual({ ok: true, value: 8 });
    expect(checkParam(specs[2]!, 'true')).toEqual({ ok: true, value: true });
    expect(checkParam(specs[3]!, 'b')).toEqual({ ok: true, value: 'b' });
  });

  it('names what was expected and what was found', () => {
    expect(checkParam(specs[0]!, 1000)).toEqual({ ok: false, message: 'expected a number from 0.5 to 100 (req/s), found 1000' });
    expect(checkParam(specs[1]!, 2.5)).toEqual({ ok: false, message: 'expected a whole number from 1 to 8, found 2.5' });
    expect(checkParam(specs[0]!, 'fast')).toEqual({ ok: false, message: 'expected a number from 0.5 to 100 (req/s), found "fast"' });
    expect(checkParam(specs[0]!, '')).toMatchObject({ ok: false });
    expect(checkParam(specs[0]!, Number.NaN)).toMatchObject({ ok: false });
    expect(checkParam(specs[2]!, 'yes')).toEqual({ ok: false, message: 'expected true or false, found "yes"' });
    expect(checkParam(specs[3]!, 'c')).toEqual({ ok: false, message: 'expected one of "a", "b", found "c"' });
  });
});

describe('resolveParams', () => {
  it('fills defaults', () => {
    expect(resolveParams(specs, { n: 2 })).toEqual({ ok: true, values: { rate: 10, n: 2, on: false, mode: 'a' } });
  });

  it('reports every unknown key and bad value', () => {
    const result = resolveParams(specs, { rate: -1, speed: 3 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.key)).toEqual(['speed', 'rate']);
    expect(result.issues[0]!.message).toContain('unknown parameter');
  });
});

describe('choices', () => {
  it('lists the options in the order written, values with their labels', () => {
    expect(choices({ 'read committed': 'READ COMMITTED', serializable: 'SERIALIZABLE', '2pc': 'Two-phase commit' })).toEqual([
      { value: 'read committed', label: 'READ COMMITTED' },
      { value: 'serializable', label: 'SERIALIZABLE' },
      { value: '2pc', label: 'Two-phase commit' },
    ]);
  });

  it('refuses a value JavaScript would move to the front (an index-like key)', () => {
    expect(() => choices({ b: 'B', 7: 'Seven' })).toThrow(/"7" looks like an index/);
  });
});
