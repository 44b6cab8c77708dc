import { parseCliArgs, UsageError, USAGE, type CliArgs } from './args';
import { realSqlIssues } from '../lab/paramChecks';
import { labEntries, loadAllLabModels } from '../labs';
import { resolveTarget } from './resolveTarget';
import { summaryTable } from './formatTable';
import { parseScenario, type LoadedScenario } from '../scenario/parseScenario';
import { SimulationRun } from '../runner/simulationRun';
import { bootLabSql } from '../db/labSql';
import { describeReading, readSettingsFile } from './settingsFrom';
import { compareCli } from './compare';

/** Apply --settings-from, --set, --seed, --duration and --warmup to the raw scenario before it is validated. */
function applyOverrides(raw: unknown, args: CliArgs): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const scenario = { ...(raw as Record<string, unknown>) };
  const given = scenario.parameters;
  const parameters = given !== null && typeof given === 'object' && !Array.isArray(given) ? { ...(given as Record<string, unknown>) } : {};
  if (args.settingsFrom !== undefined) {
    const reading = readSettingsFile(args.settingsFrom, String(scenario.lab));
    process.stderr.write(describeReading(args.settingsFrom, reading));
    Object.assign(parameters, reading.params);
  }
  // defineProperty, not `parameters[key] =`: `--set __proto__=1` must be an (unknown) parameter, not a prototype.
  for (const { key, value } of args.sets) Object.defineProperty(parameters, key, { value, enumerable: true, writable: true, configurable: true });
  scenario.parameters = parameters;
  if (args.seed !== undefined) scenario.seed = args.seed;
  if (args.durationS !== undefined) scenario.durationS = args.durationS;
  if (args.warmupS !== undefined) scenario.warmupS = args.warmupS;
  return scenario;
}

function load(args: CliArgs): LoadedScenario {
  const parsed = parseScenario(applyOverrides(resolveTarget(args.target), args));
  // A run that executes SQL has limits of its own (lifted by --model-only).
  const issues = !parsed.ok ? parsed.issues : args.modelOnly ? [] : realSqlIssues(parsed.value.lab, parsed.value.params);
  if (!parsed.ok || issues.length > 0) {
    const fromSet = (path: string) => args.sets.some((s) => path === `parameters.${s.key}`);
    throw new UsageError(issues.map((i) => `${fromSet(i.path) ? `--set ${i.path.slice('parameters.'.length)}` : i.path}: ${i.message}`).join('; '));
  }
  return parsed.value;
}

/** Run the CLI; returns the exit code (0 ok, 1 expectation failed with --check, 2 bad input). */
export async function main(argv: readonly string[]): Promise<number> {
  await loadAllLabModels();
  const labCommand = labEntries.find((e) => e.cli?.command === argv[0])?.cli;
  if (labCommand !== undefined) return (await labCommand.load()).run(argv.slice(1));
  let args: CliArgs;
  let loaded: LoadedScenario;
  try {
    args = parseCliArgs(argv);
    if (args.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (args.compare.length > 0) return await compareCli(args, load);
    loaded = load(args);
    if (args.printParams) {
      process.stdout.write(`${JSON.stringify({ params: loaded.params })}\n`);
      return 0;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const sql = args.modelOnly ? null : await bootLabSql(loaded.lab, loaded.params, (label) => {
    if (!args.json) process.stderr.write(`${label}…\n`);
  });
  let metrics;
  let run: SimulationRun;
  try {
    run = new SimulationRun(loaded, { sql, traceLimit: 0 });
    metrics = await run.runToEnd();
  } finally {
    await sql?.close();
  }
  const results = run.expectations();
  const failed = results.filter((r) => !r.passed);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(metrics)}\n`);
  } else {
    const { scenario, lab } = loaded;
    process.stdout.write(
      `${scenario.title} — lab ${lab.id}, seed ${scenario.seed}, ${scenario.durationS} s simulated (warm-up ${scenario.warmupS} s), ${!loaded.lab.dataset ? 'no SQL in this lab' : !args.modelOnly && !sql ? 'no SQL statement chosen' : sql ? `${sql.statementsRun.toLocaleString('en-US')} statements run for real on PGlite` : 'model only (no SQL executed)'}\n\n`,
    );
    process.stdout.write(`${summaryTable(lab, metrics, results)}\n`);
  }
  if (args.check && failed.length > 0) {
    for (const f of failed) process.stderr.write(`expectation not met: ${f.text}\n`);
    return 1;
  }
  return 0;
}
