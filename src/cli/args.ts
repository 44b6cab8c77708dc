import { parseArgs } from 'node:util';
import { labEntries } from '../labs';

/** One line per lab subcommand (the transactions lab's `txn`…). */
function labCommandsUsage(): string {
  return labEntries.flatMap((e) => (e.cli ? [`Lab command: ${e.cli.usage}.`] : [])).join('\n');
}

/** The CLI's options after parsing. */
export interface CliArgs {
  target: string;
  sets: { key: string; value: string }[];
  /** B's changes in an A/B comparison (A is the run as given); empty for a plain run. */
  compare: { key: string; value: string }[];
  seed?: number;
  durationS?: number;
  warmupS?: number;
  modelOnly: boolean;
  json: boolean;
  check: boolean;
  help: boolean;
  /** A pool library's snippet whose settings become parameters (before --set). */
  settingsFrom?: string;
  /** Print the parameters the run would use and stop. */
  printParams: boolean;
}

/** Bad command-line input: reported on one line, exit code 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: npm run sim -- <scenario name | scenario.json | lab id> [options]

  --set key=value   override a parameter (repeatable)
  --compare key=value  run twice with the same seed, A as given and B with this change too
                    (repeatable); print A, B and B − A
  --settings-from FILE  set the pool from a library's configuration (psycopg2, psycopg 3,
                    SQLAlchemy, node-postgres, Go database/sql, HikariCP, pgbouncer.ini); --set wins
  --print-params    print the parameters a run would use, as { "params": { … } }, and stop
  --seed N          random seed (non-negative integer)
  --duration S      simulated seconds to run
  --warmup S        simulated seconds excluded from statistics
  --model-only      do not execute SQL (same metrics for the same seed)
  --json            print only the metrics, as one JSON object
  --check           exit 1 if an expectation of the scenario is not met
  --help            this text

Scenario names are each lab's presets (src/patterns/<lab>/scenarios/, without .json); a lab id runs that lab with its defaults.
${labCommandsUsage()}`;

function nonNegative(flag: string, raw: string | undefined, integer: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag}: expected a non-negative ${integer ? 'integer' : 'number'}, found ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Parse argv (without node and the script); throws {@link UsageError} on bad input. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  // `--seed -3` would read "-3" as an option: glue values to their flag so the range check reports them.
  const valued = new Set(['--set', '--compare', '--seed', '--duration', '--warmup', '--settings-from']);
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (valued.has(argv[i]!) && next !== undefined && next.startsWith('-')) {
      args.push(`${argv[i]}=${next}`);
      i++;
    } else args.push(argv[i]!);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        set: { type: 'string', multiple: true },
        compare: { type: 'string', multiple: true },
        seed: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        'model-only': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        'settings-from': { type: 'string' },
        'print-params': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  if (values.help) return { target: '', sets: [], compare: [], modelOnly: false, json: false, check: false, help: true, printParams: false };
  if (positionals.length === 0) throw new UsageError('missing the scenario name, scenario file or lab id (try --help)');
  if (positionals.length > 1) throw new UsageError(`expected one scenario, found ${positionals.length}: ${positionals.join(' ')}`);
  const pairs = (flag: string, items: string[] | undefined) =>
    (items ?? []).map((item) => {
      const eq = item.indexOf('=');
      if (eq <= 0) throw new UsageError(`${flag}: expected key=value, found ${JSON.stringify(item)}`);
      return { key: item.slice(0, eq), value: item.slice(eq + 1) };
    });
  const sets = pairs('--set', values.set);
  const compare = pairs('--compare', values.compare);
  const durationS = nonNegative('--duration', values.duration, false);
  if (durationS === 0) throw new UsageError('--duration: expected a number greater than 0, found "0"');
  return {
    target: positionals[0]!,
    sets,
    compare,
    seed: nonNegative('--seed', values.seed, true),
    durationS,
    warmupS: nonNegative('--warmup', values.warmup, false),
    modelOnly: values['model-only'] ?? false,
    json: values.json ?? false,
    check: values.check ?? false,
    help: false,
    settingsFrom: values['settings-from'],
    printParams: values['print-params'] ?? false,
  };
}
