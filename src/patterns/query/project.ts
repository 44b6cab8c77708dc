import type { ChartData, HeadlineFigure, MetricTree, Particle, Topology } from '../../lab/snapshot';
import { capParticles, figure, type LabProjection } from '../../lab/kit';
import { metricAt } from '../../scenario/expectations';
import type { QueryRequest, QueryWorkload } from './model';
import type { QueryDetail } from './detail';

// A request's particle ids: one per statement (request id × 1000 + statement number, mod 1000),
// so each round trip is a new particle and a click on any of them finds its request.
const PARTICLE_IDS_PER_REQUEST = 1000;

/** The request a clicked particle belongs to. */
export function requestIdOfParticle(particleId: number): number {
  return Math.floor(particleId / PARTICLE_IDS_PER_REQUEST);
}

function particleIdOf(r: QueryRequest): number {
  return r.id * PARTICLE_IDS_PER_REQUEST + (r.current % PARTICLE_IDS_PER_REQUEST);
}

/** What one request takes alone: its round trips on the network and its statements' costs in the database, ms. */
function unloadedLatency(w: QueryWorkload): { network: number; database: number } {
  return {
    network: w.plan.roundTrips * w.params.values.networkRttMs,
    database: w.plan.statementMs.reduce((s, x) => s + x, 0),
  };
}

export function queryMetrics(w: QueryWorkload): MetricTree {
  const { plan, stats, cpu } = w;
  const { arrived, completed, statementsSent } = stats.counts;
  const l = w.latency.summary();
  const { network, database } = unloadedLatency(w);
  const tree: MetricTree = {
    statements: plan.statements,
    roundTrips: plan.roundTrips,
    rowsTransferred: plan.rowsTransferred,
    latencyMs: { mean: l.mean, p50: l.p50, p95: l.p95, p99: l.p99, max: l.max },
    unloadedLatencyMs: { network, database, total: network + database },
    requests: { arrived, completed, inFlight: w.inFlight.size },
    statementsSent,
    throughputPerS: stats.perSecond(completed),
    db: { cpuUtilization: cpu.utilization() },
    sql: { statementsRun: w.sql?.statementsRun ?? 0 },
  };
  // Only a run that executed SQL has compared real results; a model-only run reports nothing rather than a guess.
  if (w.check.comparison !== null) tree.resultsMatch = w.check.comparison.match;
  return tree;
}

/**
 * One particle per request in flight, on its current round trip (a new id per statement):
 * N+1 requests shuttle back and forth hundreds of times while a JOIN crosses once.
 */
export function queryParticles(w: QueryWorkload): Particle[] {
  const { cpu } = w;
  const out: Particle[] = [];
  for (const r of w.inFlight.values()) {
    const id = particleIdOf(r);
    if (r.phase === 'out') out.push({ id, from: 'app', to: 'primary', t0: r.phaseStart, t1: r.phaseEnd, state: 'ok' });
    else if (r.phase === 'executing') out.push({ id, from: 'app', to: 'primary', t0: r.phaseStart, t1: r.phaseStart, state: cpu.running > cpu.cores ? 'slow' : 'ok' });
    else if (r.phase === 'back') out.push({ id, from: 'primary', to: 'app', t0: r.phaseStart, t1: r.phaseEnd, state: 'ok' });
  }
  return capParticles(out);
}

export function queryTopology(w: QueryWorkload): Topology {
  const { plan, cpu } = w;
  const p = w.params.values;
  return {
    nodes: [
      { id: 'clients', label: 'Clients', kind: 'clients', x: 0.1, y: 0.5, status: 'up', badges: [{ label: 'rate', value: `${p.arrivalRate} req/s` }] },
      {
        id: 'app',
        label: 'Application',
        kind: 'app',
        x: 0.46,
        y: 0.5,
        status: 'up',
        badges: [
          { label: 'strategy', value: p.strategy },
          { label: 'statements', value: String(plan.statements) },
          { label: 'in flight', value: String(w.inFlight.size) },
        ],
      },
      {
        id: 'primary',
        label: 'Primary (PostgreSQL)',
        kind: 'database',
        x: 0.85,
        y: 0.5,
        status: cpu.running > cpu.cores ? 'degraded' : 'up',
        badges: [
          { label: 'running', value: `${cpu.running} on ${cpu.cores} cores` },
          { label: 'orders.customer_id', value: p.ordersIndex ? 'indexed' : 'no index' },
        ],
      },
    ],
    edges: [
      { from: 'clients', to: 'app' },
      { from: 'app', to: 'primary', label: `${plan.roundTrips} × ${p.networkRttMs} ms` },
    ],
  };
}

export function queryCharts(w: QueryWorkload): ChartData[] {
  const { network, database } = unloadedLatency(w);
  return [
    w.sampler.chart(
      { id: 'latency', title: 'Request latency', unit: 'ms', references: [{ name: 'unloaded: round trips × RTT + statement costs', value: network + database }] },
      { p50: 'p50', p99: 'p99' },
    ),
    w.sampler.chart({ id: 'statements', title: 'Statements sent to the database', unit: 'statements/s' }, { statements: 'statementsPerS' }),
    w.sampler.chart({ id: 'cpu', title: 'Database CPU', unit: '%' }, { busy: 'cpu' }),
  ];
}

export function queryHeadline(m: MetricTree): HeadlineFigure[] {
  const get = (path: string) => metricAt(m, path) as number;
  return [
    figure('statements', 'Statements per request', get('statements'), ''),
    figure('roundTrips', 'Round trips', get('roundTrips'), ''),
    figure('rowsTransferred', 'Rows transferred', get('rowsTransferred'), 'rows', 'real'),
    figure('latencyMs.p50', 'p50 latency', get('latencyMs.p50'), 'ms'),
    figure('latencyMs.p99', 'p99 latency', get('latencyMs.p99'), 'ms'),
    figure('db.cpuUtilization', 'Database CPU', get('db.cpuUtilization') * 100, '%'),
    figure('sql.statementsRun', 'Statements run for real', get('sql.statementsRun'), '', 'real'),
  ];
}

/** What the screen and the CLI show of the query workload. */
export const queryProjection: LabProjection<QueryWorkload, QueryDetail> = {
  metrics: queryMetrics,
  topology: queryTopology,
  particles: queryParticles,
  charts: queryCharts,
  headline: (_w, metrics) => queryHeadline(metrics),
  detail: (w) => w.check.detail(),
};
