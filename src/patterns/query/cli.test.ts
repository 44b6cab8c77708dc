import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../../cli/cliHarness.testkit';

afterEach(() => vi.restoreAllMocks());

describe('npm run sim -- query-lab', () => {
  // The issue's done-when check, with real SQL: each run boots a PGlite primary and compares the strategies' results.
  it('reports 201 statements for N+1 over 200 customers, 1 for the JOIN, 2 for the batch, and results that match', async () => {
    const expected = { 'n-plus-one': 201, join: 1, batch: 2 };
    for (const [strategy, statements] of Object.entries(expected)) {
      const { code, stdout, stderr } = await cli('query-lab', '--set', `strategy=${strategy}`, '--set', 'customers=200', '--duration', '5', '--json');
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const m = JSON.parse(stdout);
      expect(m.statements).toBe(statements);
      expect(m.roundTrips).toBe(statements);
      expect(m.resultsMatch).toBe(true);
      expect(Object.keys(m.latencyMs)).toEqual(expect.arrayContaining(['mean', 'p50', 'p95', 'p99']));
      expect(m.rowsTransferred).toBeGreaterThan(2000);
    }
  }, 240_000);

  it('--model-only gives the same figures without resultsMatch, and bad values are refused', async () => {
    const { code, stdout } = await cli('query', '--set', 'strategy=batch', '--set', 'customers=200', '--duration', '5', '--json', '--model-only');
    expect(code).toBe(0);
    const m = JSON.parse(stdout);
    expect(m.statements).toBe(2);
    expect(m.resultsMatch).toBeUndefined();
    const bad = await cli('query-lab', '--set', 'strategy=orm', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/strategy.*one of "n-plus-one", "join", "batch".*"orm"/);
  });
});
