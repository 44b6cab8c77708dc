import { describe, expect, it } from 'vitest';
import { findLab } from '../labs';
import { routeFor } from './router';
import { parseLabQuery } from './urlState';

// Issue 19's probes of the address: each answered with a message, never a blank page or a hang.
const pooling = findLab('pooling')!;

describe('a hostile address', () => {
  it('shows "not found" for a lab path that is not valid percent-encoding (decodeURIComponent would throw)', () => {
    expect(routeFor('/lab/%')).toEqual({ name: 'notFound', path: '/lab/%' });
    expect(routeFor('/lab/%E0%A4%A')).toEqual({ name: 'notFound', path: '/lab/%E0%A4%A' });
    expect(routeFor('/lab/mmc')).toEqual({ name: 'lab', labId: 'mmc' });
  });

  it('refuses deeply nested or long action arguments before parsing them, with a short message', () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const started = Date.now();
    const url = parseLabQuery(pooling, new URLSearchParams({ act: `1:burst:${deep}` }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(url.edits).toEqual([]);
    expect(url.issues).toHaveLength(1);
    expect(url.issues[0]).toContain('expected the arguments of "burst" as a short JSON object of plain values');
    expect(url.issues[0]!.length).toBeLessThan(400);
  });

  it('refuses nested values and out-of-range arguments of an action, naming the argument', () => {
    const url = parseLabQuery(pooling, new URLSearchParams([['act', '1:burst:{"requests":{"n":1}}'], ['act', '2:burst:{"requests":-5}'], ['act', '3:burst:{"requests":1000000000}'], ['act', '4:burst:{"requests":20}']]));
    expect(url.issues).toHaveLength(3);
    expect(url.issues[0]).toContain('plain values');
    expect(url.issues[1]).toContain('burst: expected "requests" to be a whole number from 1 to 100000, found -5');
    expect(url.issues[2]).toContain('found 1000000000');
    expect(url.edits).toEqual([{ atMs: 4000, action: 'burst', args: { requests: 20 } }]);
  });

  it('cuts a 100 kB unknown key instead of echoing it whole', () => {
    const url = parseLabQuery(pooling, new URLSearchParams({ ['k'.repeat(100_000)]: '1' }));
    expect(url.issues).toHaveLength(1);
    expect(url.issues[0]!.length).toBeLessThan(500);
  });

  it('reads only decimal numbers: 0x10 is refused, not taken as 16', () => {
    const url = parseLabQuery(pooling, new URLSearchParams({ arrivalRate: '0x10' }));
    expect(url.params.arrivalRate).toBe(pooling.params.find((p) => p.key === 'arrivalRate')!.default);
    expect(url.issues[0]).toContain('found "0x10"');
  });
});
