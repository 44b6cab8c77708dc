import { checkParam } from '../lab/params';
import type { MetricTree } from '../lab/snapshot';
import { bootLabSql } from '../db/labSql';
import { SimulationRun } from '../runner/simulationRun';
import type { LoadedScenario } from '../scenario/parseScenario';
import { diffMetrics, diffTree, formatRelative, metricDirections, type MetricDiff } from '../compare/diffMetrics';
import { UsageError, type CliArgs } from './args';
import { formatValue, table } from './formatTable';

/**
 * `--compare key=value`: the same scenario and seed run twice, A as given (with any --set) and B
 * with the --compare changes on top, then both columns and B − A. A is exactly a plain run of A
 * (same code path, same seed), so the difference is the changes' effect and nothing else.
 */

/** The two runs' scenarios, validated; throws {@link UsageError} naming the --compare key at fault. */
export function loadComparison(args: CliArgs, load: (args: CliArgs) => LoadedScenario): { a: LoadedScenario; b: LoadedScenario } {
  if (args.check) throw new UsageError('--check cannot be used with --compare (check each side with a plain run)');
  if (args.printParams) throw new UsageError('--print-params cannot be used with --compare');
  const a = load(args);
  const lab = a.lab;
  for (const { key, value } of args.compare) {
    const spec = lab.params.find((p) => p.key === key);
    if (spec === undefined) throw new UsageError(`--compare ${key}: not a parameter of lab ${lab.id} (its parameters: ${lab.params.map((p) => p.key).join(', ')})`);
    const checked = checkParam(spec, value);
    if (!checked.ok) throw new UsageError(`--compare ${key} (${spec.label}): ${checked.message}`);
  }
  const changes = args.compare.map((c) => `${c.key}=${c.value}`).join(' ');
  try {
    return { a, b: load({ ...args, sets: [...args.sets, ...args.compare] }) };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    let message = error.message;
    for (const { key } of args.compare) message = message.replaceAll(`--set ${key}:`, `--compare ${key}:`);
    throw new UsageError(`B (${changes}): ${message}`);
  }
}

async function runOne(loaded: LoadedScenario, args: CliArgs, side: 'A' | 'B'): Promise<{ metrics: MetricTree; statements: number | null }> {
  const sql = args.modelOnly ? null : await bootLabSql(loaded.lab, loaded.params, (label) => {
    if (!args.json) process.stderr.write(`${side}: ${label}…\n`);
  });
  try {
    const metrics = await new SimulationRun(loaded, { sql, traceLimit: 0 }).runToEnd();
    return { metrics, statements: sql?.statementsRun ?? null };
  } finally {
    await sql?.close();
  }
}

/** The comparison as a table: metric, A, B, B − A, relative, unit, and B's verdict where the lab says which way is better. */
export function comparisonTable(loaded: LoadedScenario, diffs: readonly MetricDiff[]): string {
  const rows: string[][] = [['metric', 'A', 'B', 'B − A', 'relative', 'unit', 'B vs A']];
  for (const d of diffs) {
    const unit = loaded.lab.metrics.find((m) => m.key === d.key || d.key.startsWith(`${m.key}.`))?.unit ?? '';
    const show = (v: number | boolean | undefined) => (v === undefined ? '–' : formatValue(v));
    const abs = d.abs === null ? (d.changed ? 'changed' : '') : d.abs === 0 ? '0' : `${d.abs > 0 ? '+' : ''}${formatValue(d.abs)}`;
    const verdict = d.verdict === undefined ? (d.better === 'none' ? '(no better side)' : '') : `${d.verdict} (${d.better} is better)`;
    rows.push([d.key, show(d.a), show(d.b), abs, d.abs === null ? '' : formatRelative(d.rel), unit === 'fraction' ? '' : unit, verdict]);
  }
  return table(rows);
}

/** Run the comparison the arguments describe; returns the exit code (2 for bad input). */
export async function compareCli(args: CliArgs, load: (args: CliArgs) => LoadedScenario): Promise<number> {
  let pair: { a: LoadedScenario; b: LoadedScenario };
  try {
    pair = loadComparison(args, load);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const a = await runOne(pair.a, args, 'A');
  const b = await runOne(pair.b, args, 'B');
  const diffs = diffMetrics(a.metrics, b.metrics, metricDirections(pair.a.lab));
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ a: a.metrics, b: b.metrics, diff: diffTree(diffs) })}\n`);
    return 0;
  }
  const { scenario, lab } = pair.a;
  const how = !lab.dataset ? 'no SQL in this lab' : args.modelOnly ? 'model only (no SQL executed)' : `statements run for real on PGlite: A ${a.statements ?? 0}, B ${b.statements ?? 0}`;
  const given = args.sets.length > 0 ? args.sets.map((s) => `${s.key}=${s.value}`).join(' ') : 'as given';
  process.stdout.write(
    `${scenario.title} — lab ${lab.id}, seed ${scenario.seed}, ${scenario.durationS} s simulated (warm-up ${scenario.warmupS} s), ${how}\n` +
      `A: ${given}\nB: A with ${args.compare.map((c) => `${c.key}=${c.value}`).join(' ')}\n\n`,
  );
  process.stdout.write(`${comparisonTable(pair.a, diffs)}\n`);
  return 0;
}
