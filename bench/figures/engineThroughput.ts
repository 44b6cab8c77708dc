import { createRequire } from 'node:module';
import { figure, type BenchContext, type Figure } from '../figure';
import { runMmcOurs } from '../models/mmcOurs';
import { runMmcSimscript } from '../models/mmcSimscript';
import type { MmcParams, MmcResult } from '../models/mmc';
import { meanWait } from '../../src/theory/queueing';
import { measure } from '../timing';

const SERVERS = 10;
const UTILISATION = 0.9;
const MEAN_SERVICE = 10;
const SEED = 1;
/** Our engine: the workload. */
const OURS_CUSTOMERS = 200_000;
/** SimScript scans its whole event list on every step (~15k customers/s here), so it gets fewer. */
const BASELINE_CUSTOMERS = 50_000;

/** Wq of M/M/c at utilisation ρ (the shared theory, in this benchmark's terms). */
function mmcMeanWaitAt(c: number, rho: number, meanService: number): number {
  return meanWait(c, (c * rho) / meanService, meanService);
}

function simscriptVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (require('simscript/package.json') as { version: string }).version;
  } catch {
    return '?';
  }
}

/** "ours Wq 6.09 ± 0.55 (−8.9%, near CI), 200000 done": a sanity check against Erlang C, never pass/fail. */
function describeWait(label: string, r: MmcResult, expected: number, customers: number, quick: boolean): string {
  const deviation = (r.meanWait - expected) / expected;
  const off = Math.abs(r.meanWait - expected);
  // Short --quick runs start empty and are dominated by the warm-up transient: no verdict then.
  const verdict = quick
    ? 'short run'
    : off <= r.meanWaitHalfWidth
      ? 'within 95% CI'
      : off <= 2 * r.meanWaitHalfWidth
        ? 'near CI'
        : 'OUTSIDE 2×CI: check the model';
  const all = r.completed === customers ? `${r.completed} done` : `ONLY ${r.completed}/${customers} DONE`;
  const sign = deviation >= 0 ? '+' : '−';
  return `${label} Wq ${r.meanWait.toFixed(2)} ± ${r.meanWaitHalfWidth.toFixed(2)} (${sign}${Math.abs(deviation * 100).toFixed(1)}%, ${verdict}), ${all}`;
}

/**
 * Engine throughput: customers per second of wall time through an M/M/10 queue at ρ = 0.9,
 * one generator process per customer, against SimScript running the identical model in the
 * same process. Best of 3 after warm-up (two runs of ours, one of SimScript).
 */
export async function engineThroughput(ctx: BenchContext): Promise<Figure> {
  const scale = ctx.quick ? 0.1 : 1;
  const base = { servers: SERVERS, utilisation: UTILISATION, meanService: MEAN_SERVICE, seed: SEED };
  const ours: MmcParams = { ...base, customers: Math.round(OURS_CUSTOMERS * scale) };
  const theirs: MmcParams = { ...base, customers: Math.round(BASELINE_CUSTOMERS * scale) };

  ctx.log(`engine throughput: our engine, ${ours.customers} customers × (2 warm-ups + 3 runs)`);
  // Two warm-ups for ours: a 0.2 s run is still climbing V8's tiers after the first.
  const o = await measure(() => runMmcOurs(ours), { warmup: 2 });
  ctx.log(`engine throughput: simscript, ${theirs.customers} customers × (1 warm-up + 3 runs)`);
  const s = await measure(() => runMmcSimscript(theirs));

  const rates = (runs: { ms: number }[], n: number) => runs.map((r) => Math.round(n / (r.ms / 1000)).toLocaleString('en-US')).join(', ');
  ctx.log(`engine throughput: ours ${rates(o.runs, ours.customers)}; simscript ${rates(s.runs, theirs.customers)} customers/s`);
  const oursRate = ours.customers / (o.best.ms / 1000);
  const theirsRate = theirs.customers / (s.best.ms / 1000);
  const expected = mmcMeanWaitAt(SERVERS, UTILISATION, MEAN_SERVICE);

  return figure({
    name: 'engine.mm10.throughput',
    value: oursRate,
    unit: 'customers/s',
    baseline: theirsRate,
    better: 'higher',
    baselineLabel: `simscript ${simscriptVersion()}`,
    target: { value: 1_000_000, ratio: 50 },
    note: [
      `M/M/10 ρ=0.9, best of 3 after warm-up (median ${Math.round(ours.customers / (o.median.ms / 1000)).toLocaleString('en-US')} vs ${Math.round(theirs.customers / (s.median.ms / 1000)).toLocaleString('en-US')}/s)`,
      `Erlang C Wq ${expected.toFixed(2)} (E[S]=${MEAN_SERVICE})`,
      describeWait(`ours (${ours.customers})`, o.best.result, expected, ours.customers, ctx.quick),
      describeWait(`simscript (${theirs.customers})`, s.best.result, expected, theirs.customers, ctx.quick),
    ].join('; '),
  });
}
