import { figure, type BenchContext, type Figure } from '../figure';
import { runMmcOurs } from '../models/mmcOurs';
import { measure } from '../timing';
import { parseScenario } from '../../src/scenario/parseScenario';
import { SimulationRun } from '../../src/runner/simulationRun';
import { metricAt } from '../../src/scenario/expectations';
import { bootLabSql } from '../../src/db/labSql';
import { poolingLab } from '../../src/patterns/pooling/lab';

/** A fixed pool of 10 at 90% load: the lab doing what the bare M/M/10 benchmark does, plus everything else. */
const LOAD = { poolMin: 10, poolMax: 10, arrivalRate: 450, serviceMs: 20, borrowTimeoutMs: 0, dbCores: 16, connectMs: 0 };

function scenario(durationS: number, parameters: Record<string, unknown>) {
  const parsed = parseScenario({ name: 'bench', title: 'bench', lab: 'pooling', seed: 1, durationS, warmupS: 0, parameters });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

/**
 * The cost of the lab's realism: simulated requests per wall-clock second through the pooling
 * lab, model-only and with real SQL on a PGlite primary, against the engine's bare M/M/10
 * (one generator per customer, nothing else) measured in the same run.
 */
export async function poolingLabThroughput(ctx: BenchContext): Promise<Figure[]> {
  const scale = ctx.quick ? 0.1 : 1;
  const customers = Math.round(200_000 * scale);
  ctx.log(`pooling lab: bare engine M/M/10, ${customers} customers`);
  const bare = await measure(() => runMmcOurs({ servers: 10, utilisation: 0.9, meanService: 10, customers, seed: 1 }), { warmup: 2 });
  const barePerS = customers / (bare.best.ms / 1000);

  const modelOnlyS = Math.round(customers / LOAD.arrivalRate);
  ctx.log(`pooling lab: model-only, ${modelOnlyS} simulated s at ${LOAD.arrivalRate} req/s`);
  const modelOnly = await measure(async () => {
    const run = new SimulationRun(scenario(modelOnlyS, LOAD), { traceLimit: 0 });
    const m = await run.runToEnd();
    return metricAt(m, 'requests.arrived') as number;
  });
  const modelOnlyPerS = modelOnly.best.result / (modelOnly.best.ms / 1000);

  ctx.log('pooling lab: booting a PGlite primary with the demo dataset');
  const withSqlParams = { ...LOAD, query: 'point-lookup' };
  const sql = await bootLabSql(poolingLab, scenario(1, withSqlParams).params);
  const sqlS = Math.max(6, Math.round(60 * scale));
  let statements = 0; // per run
  ctx.log(`pooling lab: with real SQL, ${sqlS} simulated s`);
  const withSql = await measure(async () => {
    const before = sql?.statementsRun ?? 0;
    const run = new SimulationRun(scenario(sqlS, withSqlParams), { sql, traceLimit: 0 });
    const m = await run.runToEnd();
    statements = (sql?.statementsRun ?? 0) - before;
    return metricAt(m, 'requests.arrived') as number;
  });
  await sql?.close();
  const withSqlPerS = withSql.best.result / (withSql.best.ms / 1000);

  const baselineLabel = 'bare engine M/M/10';
  return [
    figure({
      name: 'pooling.modelOnly.throughput',
      value: modelOnlyPerS,
      unit: 'requests/s',
      baseline: barePerS,
      better: 'higher',
      baselineLabel,
      note: `${modelOnly.best.result} requests: pool, CPU contention, statistics, charts`,
    }),
    figure({
      name: 'pooling.realSql.throughput',
      value: withSqlPerS,
      unit: 'requests/s',
      baseline: barePerS,
      better: 'higher',
      baselineLabel,
      note: `${withSql.best.result} requests; ${statements} statements ran on PGlite (a sample: at most 20 per simulated second)`,
    }),
  ];
}
