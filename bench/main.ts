/**
 * `npm run bench`: every figure with its same-run baseline, as a table.
 * `npm run bench -- --json`: only `{ "figures": [{ name, value, unit, baseline, ratio }] }` on stdout.
 * Other flags: `--quick` (10× smaller workloads, for smoke runs), `--only a,b` (figure ids below).
 * Figures marked `onDemand` (the hour-long soak) run only when named with `--only`.
 *
 * Adding a figure: write bench/figures/<name>.ts exporting a FigureFn (see figure.ts) and add it
 * to FIGURES. Timings are never pass/fail: the exit code is 0 unless a figure crashes.
 */
import type { BenchContext, Figure, FigureFn } from './figure';
import { engineThroughput } from './figures/engineThroughput';
import { poolingLabThroughput } from './figures/poolingLab';
import { clusterFigures } from './figures/cluster';
import { timeToPlay } from './figures/timeToPlay';
import { loadAllLabModels } from '../src/labs';

/** `onDemand`: not in a plain `npm run bench`, only when named with `--only`. */
const FIGURES: ReadonlyArray<{ id: string; run: FigureFn; onDemand?: boolean }> = [
  { id: 'engine-throughput', run: engineThroughput },
  { id: 'pooling-lab', run: poolingLabThroughput },
  { id: 'caching-lab', run: (ctx) => import('./figures/cachingLab').then((m) => m.cachingLabThroughput(ctx)) },
  { id: 'cluster', run: clusterFigures },
  { id: 'batch-copy', run: (ctx) => import('./figures/batchCopy').then((m) => m.batchCopyFigure(ctx)) },
  { id: 'sharding', run: (ctx) => import('./figures/sharding').then((m) => m.shardingFigures(ctx)) },
  { id: 'first-load', run: (ctx) => import('./figures/firstLoad').then((m) => m.firstLoad(ctx)) },
  { id: 'time-to-play', run: timeToPlay },
  { id: 'frames', run: (ctx) => import('./figures/frames').then((m) => m.frameFigures(ctx)) },
  // An hour of wall time per lab (BENCH_SOAK_MINUTES): run on demand only.
  { id: 'soak', run: (ctx) => import('./figures/soak').then((m) => m.soakFigures(ctx)), onDemand: true },
];

interface Options {
  json: boolean;
  quick: boolean;
  only: string[] | null;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { json: false, quick: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (value === undefined) throw new Error('--only needs a comma-separated list of figure ids');
      options.only = value.split(',').map((s) => s.trim()).filter(Boolean);
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        `usage: npm run bench -- [--json] [--quick] [--only ${FIGURES.map((f) => f.id).join(',')}]\n` +
          `on demand only (never in a plain run): ${FIGURES.filter((f) => f.onDemand).map((f) => f.id).join(', ')}` +
          ' (soak: BENCH_SOAK_MINUTES per lab, default 60, --quick 1; BENCH_SOAK_LABS, default replication,transactions; frames and time-to-play: BENCH_LABS=a,b for those labs only)\n',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  if (options.only !== null) {
    const unknown = options.only.filter((id) => !FIGURES.some((f) => f.id === id));
    if (unknown.length > 0) throw new Error(`unknown figure id(s): ${unknown.join(', ')}; known: ${FIGURES.map((f) => f.id).join(', ')}`);
  }
  return options;
}

function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1000 || Number.isInteger(x)) return Math.round(x).toLocaleString('en-US');
  if (abs >= 10) return x.toFixed(1);
  return x.toPrecision(3);
}

function formatTarget(f: Figure): string {
  if (f.target === undefined) return '';
  const cmp = f.better === 'higher' ? '≥' : '≤';
  const meets = (actual: number, goal: number) => (f.better === 'higher' ? actual >= goal : actual <= goal);
  const parts: string[] = [];
  if (f.target.value !== undefined) parts.push(`${cmp} ${formatNumber(f.target.value)} ${meets(f.value, f.target.value) ? '✓' : '✗'}`);
  if (f.target.ratio !== undefined) parts.push(`${cmp} ${formatNumber(f.target.ratio)}× ${meets(f.ratio, f.target.ratio) ? '✓' : '✗'}`);
  return parts.join(', ');
}

function printTable(figures: Figure[], quick: boolean): void {
  const header = ['figure', 'value', 'unit', 'baseline', '', 'ratio', 'target', 'note'];
  // The note is split at '; ' into lines of a multi-line cell, so the table stays narrow.
  const rows = figures.flatMap((f) => {
    const [first = '', ...more] = (f.note ?? '').split('; ');
    return [
      [f.name, formatNumber(f.value), f.unit, formatNumber(f.baseline), `(${f.baselineLabel})`, `${formatNumber(f.ratio)}×`, formatTarget(f), first],
      ...more.map((noteLine) => ['', '', '', '', '', '', '', noteLine]),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const rightAligned = new Set([1, 3, 5]);
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : rightAligned.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w, c) => (c === widths.length - 1 ? '-'.repeat(4) : '-'.repeat(w))).join('  '), ...rows.map(line)];
  if (quick) out.push('', '(--quick: smaller workloads, figures are only indicative)');
  out.push('', 'Ratios compare with a baseline measured in the same run; timings are never pass/fail.');
  process.stdout.write(out.join('\n') + '\n');
}

async function main(): Promise<number> {
  await loadAllLabModels();
  const options = parseArgs(process.argv.slice(2));
  const ctx: BenchContext = { quick: options.quick, log: (message) => process.stderr.write(`[bench] ${message}\n`) };
  const selected = FIGURES.filter((f) => (options.only === null ? f.onDemand !== true : options.only.includes(f.id)));
  const figures: Figure[] = [];
  let crashed = false;
  for (const { id, run } of selected) {
    try {
      const produced = await run(ctx);
      figures.push(...(Array.isArray(produced) ? produced : [produced]));
    } catch (error) {
      crashed = true;
      process.stderr.write(`[bench] figure ${id} crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }
  if (options.json) {
    const slim = figures.map(({ name, value, unit, baseline, ratio }) => ({ name, value, unit, baseline, ratio }));
    process.stdout.write(JSON.stringify({ figures: slim }, null, 2) + '\n');
  } else printTable(figures, options.quick);
  return crashed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[bench] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
