import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../../cli/cliHarness.testkit';

afterEach(() => vi.restoreAllMocks());

const KEYS = ['statements', 'roundTrips', 'commits', 'totalMs', 'rowsPerS', 'rowsInserted', 'rowsExpected', 'rowsRolledBack', 'timeShare'];

describe('npm run sim -- batch', () => {
  it('prints the metrics the issue names, with real SQL (resultsMatch) and model-only (the same figures without it)', async () => {
    const real = await cli('batch', '--set', 'method=row-by-row', '--set', 'rows=200', '--duration', '5', '--json');
    expect(real.stderr).toBe('');
    expect(real.code).toBe(0);
    const m = JSON.parse(real.stdout);
    expect(Object.keys(m).sort()).toEqual([...KEYS, 'resultsMatch'].sort());
    expect(Object.keys(m.timeShare).sort()).toEqual(['commits', 'network', 'statements']);
    expect(m).toMatchObject({ statements: 200, roundTrips: 200, commits: 200, rowsInserted: 200, rowsExpected: 200, resultsMatch: true });
    const modelOnly = await cli('batch', '--set', 'method=row-by-row', '--set', 'rows=200', '--duration', '5', '--json', '--model-only');
    const { resultsMatch: _match, ...rest } = m;
    expect(JSON.parse(modelOnly.stdout)).toEqual(rest);
  }, 240_000);

  it('refuses bad input with exit 2, naming the parameter', async () => {
    const refused = async (...sets: string[]) => {
      const r = await cli('batch', ...sets.flatMap((s) => ['--set', s]), '--json', '--model-only');
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      return r.stderr;
    };
    expect(await refused('rows=1.5')).toMatch(/--set rows: expected a whole number from 1 to 100000/);
    expect(await refused('rows=100001')).toMatch(/--set rows: expected a whole number/);
    expect(await refused('method=multi-row', 'batchSize=0')).toMatch(/--set batchSize: expected a whole number from 1/);
    expect(await refused('method=multi-row', 'rows=100', 'batchSize=200')).toMatch(/batchSize: expected at most rows \(100\) for method multi-row, found 200/);
    expect(await refused('rows=100', 'badRowAt=101')).toMatch(/badRowAt: expected 0 \(none\) or a row from 1 to rows \(100\), found 101/);
    expect(await refused('operation=update', 'rows=2000', 'customers=1000')).toMatch(/rows: expected at most customers \(1000\) for operation update/);
    expect(await refused('method=bulk')).toMatch(/--set method: expected one of "row-by-row"/);
    // A batch size past the rows means nothing to a method that does not batch: accepted.
    expect((await cli('batch', '--set', 'method=copy', '--set', 'rows=100', '--set', 'batchSize=200', '--json', '--model-only')).code).toBe(0);
  });
});
