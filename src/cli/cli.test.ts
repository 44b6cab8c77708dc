import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from './cliHarness.testkit';

afterEach(() => vi.restoreAllMocks());

describe('npm run sim', () => {
  it('--json prints only the metrics as one JSON object', async () => {
    const { code, stdout } = await cli('mmc', '--duration', '20', '--warmup', '0', '--json');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const metrics = JSON.parse(stdout);
    expect(metrics.customers.arrived).toBeGreaterThan(1000);
    expect(Object.keys(metrics.waitMs)).toEqual(['mean', 'p50', 'p95', 'p99', 'max']);
  });

  it('prints a readable table with units and origins by default', async () => {
    const { code, stdout } = await cli('mmc', '--duration', '10', '--seed', '3');
    expect(code).toBe(0);
    expect(stdout).toContain('seed 3, 10 s simulated');
    expect(stdout).toMatch(/waitMs\.p99\s+[\d.]+\s+ms\s+simulated/);
    expect(stdout).toMatch(/theory\.waitProbability\s+[\d.]+/);
  });

  it('--set, --seed and --duration change the run; the same seed gives the same metrics', async () => {
    const a = await cli('mmc', '--set', 'arrivalRate=10', '--duration', '30', '--seed', '9', '--json');
    const b = await cli('mmc', '--set', 'arrivalRate=10', '--duration', '30', '--seed', '9', '--json');
    const c = await cli('mmc', '--set', 'arrivalRate=10', '--duration', '30', '--seed', '9', '--json', '--model-only');
    expect(a.stdout).toBe(b.stdout);
    expect(c.stdout).toBe(a.stdout);
    expect(JSON.parse(a.stdout).customers.arrived).toBeLessThan(400);
  });

  it('--check passes a scenario whose expectations hold and fails one whose do not, naming it', async () => {
    expect((await cli('mmc-patience', '--check')).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'dplab-'));
    const file = join(dir, 'wrong.json');
    writeFileSync(
      file,
      JSON.stringify({ name: 'wrong', title: 'Wrong claim', lab: 'mmc', durationS: 5, expectations: [{ metric: 'customers.abandoned', op: '>', value: 0 }] }),
    );
    const failed = await cli(file, '--check');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('expectation not met: customers.abandoned > 0: got 0');
  });

  it.each([
    [['nosuchlab'], /^error: unknown lab or scenario "nosuchlab"; labs: mmc, .*pooling.*; scenarios: .*mmc-erlang-c/],
    [['mmc', '--set', 'servers=0'], /^error: --set servers: expected a whole number from 1 to 64, found "0"$/],
    [['mmc', '--set', 'warp=9'], /^error: --set warp: unknown parameter; known parameters are /],
    [['mmc', '--set', 'servers'], /^error: --set: expected key=value, found "servers"$/],
    [['mmc', '--seed', '-3'], /^error: --seed: expected a non-negative integer, found "-3"$/],
    [['mmc', '--duration', 'long'], /^error: --duration: expected a non-negative number, found "long"$/],
    [['mmc', '--bogus'], /^error: Unknown option '--bogus'/],
    [[], /^error: missing the scenario name/],
    [['./no/such/file.json'], /^error: \.\/no\/such\/file\.json: no such file$/],
  ])('bad input %j gets a one-line error and exit code 2', async (argv, message) => {
    const { code, stderr, stdout } = await cli(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });

  it('reports a malformed scenario file with its path and position', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dplab-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"name": "x", ');
    const syntax = await cli(broken);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/broken\.json: \(file\): not valid JSON/);
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ name: 'x', title: 'x', lab: 'mmc', durationS: 'ten' }));
    const shape = await cli(wrong);
    expect(shape.code).toBe(2);
    expect(shape.stderr.trim()).toBe('error: durationS: expected number, found "ten"');
  });

  it('answers a directory, --set __proto__=1 and a hex number with one line and exit 2 (no stack trace)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dplab-dir-'));
    for (const argv of [[dir], ['mmc', '--set', '__proto__=1'], ['mmc', '--set', 'arrivalRate=0x10']]) {
      const { code, stderr } = await cli(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(stderr).not.toContain('    at ');
    }
    expect((await cli(dir)).stderr).toContain('not a file');
    expect((await cli('mmc', '--set', '__proto__=1')).stderr).toContain('__proto__');
    expect((await cli('mmc', '--set', 'arrivalRate=0x10')).stderr).toContain('found "0x10"');
  });

  it('exits with the right code as a real process', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'mmc', '--set', 'servers=abc'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('error: --set servers: expected a whole number from 1 to 64, found "abc"');
  });
});
