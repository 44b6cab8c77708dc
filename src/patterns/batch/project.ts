import type { ChartData, HeadlineFigure, MetricTree, Particle, Topology } from '../../lab/snapshot';
import { capParticles, figure, type LabProjection } from '../../lab/kit';
import type { BatchDetail } from './detail';
import { METHOD_NAMES } from './methods';
import type { BatchLoad } from './model';

/** The load's time so far: to its last answer once over. */
function elapsedMs(l: BatchLoad): number {
  return l.finishedAt ?? l.env.now;
}

/**
 * The metrics, keyed as `--json` prints them. `rowsInserted` is counted in PGlite once the load
 * is over (until then, and in model-only runs, it is the rows the model has committed: the same
 * number, as `resultsMatch` proves); `resultsMatch` exists only when the table was counted.
 */
export function batchMetrics(l: BatchLoad): MetricTree {
  const { counts } = l.stats;
  const totalMs = elapsedMs(l);
  const writerMs = l.time.network + l.time.statements + l.time.commits;
  const share = (ms: number) => (writerMs > 0 ? ms / writerMs : 0);
  const tree: MetricTree = {
    statements: counts.statements,
    roundTrips: counts.roundTrips,
    commits: counts.commits,
    totalMs,
    rowsPerS: totalMs > 0 ? (counts.rowsCommitted * 1000) / totalMs : 0,
    rowsInserted: l.check?.loaded ?? counts.rowsCommitted,
    rowsExpected: l.plan.keptRows,
    rowsRolledBack: counts.rowsRolledBack,
    timeShare: { network: share(l.time.network), statements: share(l.time.statements), commits: share(l.time.commits) },
  };
  if (l.real.match !== null) tree.resultsMatch = l.real.match;
  return tree;
}

export function batchTopology(l: BatchLoad): Topology {
  const p = l.params.values;
  const busy = [...l.inFlight.values()].filter((t) => t.phase === 'server').length;
  return {
    nodes: [
      {
        id: 'app',
        label: `Application (${l.shares.length} writer${l.shares.length === 1 ? '' : 's'})`,
        kind: 'app',
        x: 0.14,
        y: 0.5,
        status: 'up',
        badges: [
          { label: 'method', value: METHOD_NAMES[p.method] },
          { label: 'round trips', value: l.stats.counts.roundTrips.toLocaleString('en-US') },
        ],
      },
      {
        id: 'primary',
        label: `PostgreSQL primary (${l.cpu.cores} cores)`,
        kind: 'database',
        x: 0.84,
        y: 0.5,
        status: l.real.mismatch !== null ? 'degraded' : 'up',
        badges: [
          { label: 'rows landed', value: `${l.stats.counts.rowsCommitted.toLocaleString('en-US')} / ${l.plan.keptRows.toLocaleString('en-US')}` },
          { label: 'commits', value: l.stats.counts.commits.toLocaleString('en-US') },
        ],
        slots: Array.from({ length: l.cpu.cores }, (_, i) => (i < busy ? 'busy' : 'idle')),
      },
    ],
    edges: [{ from: 'app', to: 'primary', label: `${p.networkRttMs} ms round trip` }],
  };
}

export function batchParticles(l: BatchLoad): Particle[] {
  const out: Particle[] = [];
  for (const t of l.inFlight.values()) {
    const state = t.trip.failed && t.phase === 'back' ? 'failed' : 'ok';
    if (t.phase === 'out') out.push({ id: t.id, from: 'app', to: 'primary', t0: t.phaseStart, t1: t.phaseEnd, state });
    else if (t.phase === 'server') out.push({ id: t.id, from: 'primary', to: 'primary', t0: t.phaseStart, t1: t.phaseStart, state: 'waiting' });
    else out.push({ id: t.id, from: 'primary', to: 'app', t0: t.phaseStart, t1: t.phaseEnd, state });
  }
  return capParticles(out);
}

export function batchCharts(l: BatchLoad): ChartData[] {
  return [
    l.sampler.chart({ id: 'rows', title: 'Rows in the table', unit: 'rows', references: [{ name: 'expected at the end', value: l.plan.keptRows }] }, { committed: 'rows' }),
    l.sampler.chart({ id: 'rates', title: 'Round trips and rows per second', unit: '/s' }, { 'round trips/s': 'roundTripsPerS', 'rows/s': 'rowsPerS' }),
  ];
}

export function batchHeadline(l: BatchLoad, m: MetricTree): HeadlineFigure[] {
  const share = m.timeShare as MetricTree;
  return [
    figure('totalMs', l.finishedAt === null ? 'Load so far' : 'Load took', m.totalMs as number, 'ms'),
    figure('rowsPerS', 'Rows per second', m.rowsPerS as number, 'rows/s'),
    figure('roundTrips', 'Round trips', m.roundTrips as number, ''),
    figure('statements', 'Statements', m.statements as number, ''),
    figure('commits', 'Commits', m.commits as number, ''),
    figure('timeShare.network', 'Time on the network', (share.network as number) * 100, '%'),
    figure('rowsInserted', l.check !== null ? 'Rows in the table (counted)' : 'Rows committed', m.rowsInserted as number, 'rows', l.check !== null ? 'real' : 'simulated'),
  ];
}

/** What the screen and the CLI show of a load. */
export const batchProjection: LabProjection<BatchLoad, BatchDetail> = {
  metrics: batchMetrics,
  topology: batchTopology,
  particles: batchParticles,
  charts: batchCharts,
  headline: batchHeadline,
  detail: (l) => l.detail(),
};
