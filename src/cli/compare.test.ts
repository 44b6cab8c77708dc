import { afterEach, describe, expect, it, vi } from 'vitest';
import { metricAt, metricKeys } from '../scenario/expectations';
import type { MetricTree } from '../lab/snapshot';
import { cli } from './cliHarness.testkit';

afterEach(() => vi.restoreAllMocks());

const SHORT = ['--model-only', '--duration', '12', '--warmup', '2', '--seed', '4'];

describe('npm run sim -- … --compare', () => {
  it('A is a plain run of A, B a plain run with the change, and diff is B − A (pooling, poolMax 10 vs 100)', async () => {
    const both = await cli('pooling', '--set', 'poolMax=10', '--compare', 'poolMax=100', ...SHORT, '--json');
    expect(both.code).toBe(0);
    expect(both.stdout.trim().split('\n')).toHaveLength(1);
    const { a, b, diff } = JSON.parse(both.stdout) as { a: MetricTree; b: MetricTree; diff: Record<string, unknown> };
    const plainA = await cli('pooling', '--set', 'poolMax=10', ...SHORT, '--json');
    const plainB = await cli('pooling', '--set', 'poolMax=10', '--set', 'poolMax=100', ...SHORT, '--json');
    expect(a).toEqual(JSON.parse(plainA.stdout));
    expect(b).toEqual(JSON.parse(plainB.stdout));
    expect(a).not.toEqual(b);
    for (const key of metricKeys(a)) {
      const va = metricAt(a, key);
      const vb = metricAt(b, key);
      const leaf = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], diff) as { abs: number | null; changed: boolean };
      expect(leaf.changed, key).toBe(va !== vb);
      if (typeof va === 'number' && typeof vb === 'number') expect(leaf.abs, key).toBeCloseTo(vb - va, 9);
    }
    // A bigger pool: hardly anyone waits for a connection.
    expect(metricAt(b, 'waitedFraction')).toBeLessThan(metricAt(a, 'waitedFraction') as number);
    // The lab's sweep declares p99 latency lower-is-better; the diff carries it.
    expect((diff.latencyMs as Record<string, { better?: string }>).p99!.better).toBe('lower');
  });

  it('prints A, B, B − A and the relative change as a table', async () => {
    const { code, stdout } = await cli('mmc', '--compare', 'servers=12', '--duration', '10', '--seed', '2');
    expect(code).toBe(0);
    expect(stdout).toContain('B: A with servers=12');
    expect(stdout).toMatch(/metric\s+A\s+B\s+B − A\s+relative/);
    expect(stdout).toMatch(/customers\.arrived\s+[\d,]+\s+[\d,]+\s+0\s+0%/);
  });

  it('refuses a bad --compare value naming the key and what it accepts (exit 2)', async () => {
    const range = await cli('pooling', '--model-only', '--compare', 'poolMax=0');
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/--compare poolMax .*expected a whole number from 1 to 500, found "0"/);
    const unknown = await cli('mmc', '--compare', 'nope=1');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--compare nope: not a parameter of lab mmc \(its parameters: .*servers/);
    const enumValue = await cli('pooling', '--model-only', '--compare', 'whenExhausted=maybe');
    expect(enumValue.code).toBe(2);
    expect(enumValue.stderr).toMatch(/--compare whenExhausted .*expected one of/);
    const cross = await cli('pooling', '--model-only', '--compare', 'poolMax=5');
    expect(cross.code).toBe(2);
    expect(cross.stderr).toMatch(/B \(poolMax=5\): .*poolMin/);
    expect((await cli('mmc', '--compare', 'servers')).stderr).toContain('--compare: expected key=value');
    expect((await cli('mmc', '--compare', 'servers=3', '--check')).code).toBe(2);
  });
});
