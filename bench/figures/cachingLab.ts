import { figure, type BenchContext, type Figure } from '../figure';
import { runMmcOurs } from '../models/mmcOurs';
import { measure } from '../timing';
import { parseScenario } from '../../src/scenario/parseScenario';
import { SimulationRun } from '../../src/runner/simulationRun';
import { metricAt } from '../../src/scenario/expectations';

/** The lab's default workload: cache-aside over 1000 Zipf keys, 90% reads, an LRU cache of 200 entries. */
const LOAD = { strategy: 'cache-aside', arrivalRate: 1000 };

/**
 * The cost of the caching lab's realism: simulated requests per wall-clock second through the lab,
 * model-only (the cache, the database CPU, the write path, stale-read bookkeeping, statistics,
 * charts), against the engine's bare M/M/10 (one generator per customer) measured in the same run.
 */
export async function cachingLabThroughput(ctx: BenchContext): Promise<Figure> {
  const customers = Math.round(200_000 * (ctx.quick ? 0.1 : 1));
  ctx.log(`caching lab: bare engine M/M/10, ${customers} customers`);
  const bare = await measure(() => runMmcOurs({ servers: 10, utilisation: 0.9, meanService: 10, customers, seed: 1 }), { warmup: 2 });
  const barePerS = customers / (bare.best.ms / 1000);
  const durationS = Math.round(customers / LOAD.arrivalRate);
  ctx.log(`caching lab: model-only, ${durationS} simulated s at ${LOAD.arrivalRate} req/s`);
  const parsed = parseScenario({ name: 'bench', title: 'bench', lab: 'caching', seed: 1, durationS, warmupS: 0, parameters: LOAD });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const lab = await measure(async () => {
    const m = await new SimulationRun(parsed.value, { traceLimit: 0 }).runToEnd();
    return metricAt(m, 'requests.arrived') as number;
  });
  return figure({
    name: 'caching.modelOnly.throughput',
    value: lab.best.result / (lab.best.ms / 1000),
    unit: 'requests/s',
    baseline: barePerS,
    better: 'higher',
    baselineLabel: 'bare engine M/M/10',
    note: `${lab.best.result} requests: cache, database CPU, writes and invalidations, stale-read causes, charts`,
  });
}
