import type { ChartData, HeadlineFigure, Particle, Topology, TopologyEdge, TopologyNode } from '../../lab/snapshot';
import { capParticles, figure, type LabProjection, type SampleValues, type SampleWindow } from '../../lab/kit';
import type { CachingDetail } from './detail';
import type { CachingSystem } from './model';
import { cachingTheory } from './theory';
import { cachingDetail } from './viewDetail';

type LatencyFigures = { mean: number; p50: number; p95: number; p99: number; max: number };

/** The lab's metrics, as the CLI's `--json` prints them. */
export type CachingMetrics = {
  hitRatio: number;
  reads: { total: number; hits: number; misses: number; stale: number };
  staleReadFraction: number;
  staleCauses: { noInvalidation: number; race: number; writeAround: number; invalidationInFlight: number; other: number };
  db: { reads: number; writes: number; readsSaved: number; cpuUtilization: number };
  latencyMs: LatencyFigures;
  writeLatencyMs: LatencyFigures;
  writeBehind: { acknowledged: number; flushed: number; pending: number; maxPending: number; lostOnCrash: number };
  stampede: { maxConcurrentLoads: number };
  cache: { entries: number; evictions: number; expirations: number };
  requests: { arrived: number; completed: number; failed: number; inFlight: number };
  sql: { statementsRun: number };
  theory?: { hitRatio: number };
};

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function cachingMetrics(s: CachingSystem): CachingMetrics {
  const c = s.stats.counts;
  const l = s.readLatency.summary();
  const w = s.writeLatency.summary();
  const metrics: CachingMetrics = {
    hitRatio: ratio(c.hits, c.reads),
    reads: { total: c.reads, hits: c.hits, misses: c.misses, stale: c.stale },
    staleReadFraction: ratio(c.stale, c.reads),
    staleCauses: { noInvalidation: c.staleNoInvalidation, race: c.staleRace, writeAround: c.staleWriteAround, invalidationInFlight: c.staleInvalidationInFlight, other: c.staleOther },
    db: { reads: c.dbReads, writes: c.dbWrites, readsSaved: c.readsSaved, cpuUtilization: s.cpu.utilization() },
    latencyMs: { mean: l.mean, p50: l.p50, p95: l.p95, p99: l.p99, max: l.max },
    writeLatencyMs: { mean: w.mean, p50: w.p50, p95: w.p95, p99: w.p99, max: w.max },
    writeBehind: { acknowledged: c.acknowledged, flushed: s.queue.flushed, pending: s.queue.pending, maxPending: s.queue.maxPending, lostOnCrash: c.lostOnCrash },
    stampede: { maxConcurrentLoads: s.book.maxConcurrentLoads },
    cache: { entries: s.cache.liveCount(s.env.now), evictions: s.cache.evictions, expirations: s.cache.expirations },
    requests: { arrived: c.arrived, completed: c.completed, failed: c.failed, inFlight: s.inFlight.size },
    sql: { statementsRun: s.sql.backend?.statementsRun ?? 0 },
  };
  const theory = cachingTheory(s);
  if (theory !== null) metrics.theory = { hitRatio: theory };
  return metrics;
}

/** One sample of the charts' series: rates and latencies over the window, the queue and CPU now. */
export function cachingSample(s: CachingSystem, w: SampleWindow, t: number): SampleValues {
  const cores = s.cpu.cores;
  const busy = s.cpu.utilization() * (t - s.stats.since) * cores;
  const previous = s.cpuBusyAtSample;
  const cpu = t > previous.t ? (busy - previous.busy) / (t - previous.t) / cores : 0;
  s.cpuBusyAtSample = { t, busy };
  const loads = s.book.windowMaxLoads;
  s.book.windowMaxLoads = Math.max(0, ...s.book.busiestLoads(1).map((b) => b.loads));
  const reads = w.total('reads');
  return {
    hitRatio: reads > 0 ? (100 * w.total('hits')) / reads : null,
    dbReads: w.perSecond('dbReads'),
    reads: w.perSecond('reads'),
    dbWrites: w.perSecond('dbWrites'),
    readP50: w.recorded('read') > 0 ? w.percentile('read', 50) : null,
    readP99: w.recorded('read') > 0 ? w.percentile('read', 99) : null,
    writeP99: w.recorded('write') > 0 ? w.percentile('write', 99) : null,
    pending: s.queue.pending,
    flushed: w.perSecond('flushed'),
    cpu: 100 * Math.max(0, cpu),
    loads,
  };
}

export function cachingCharts(s: CachingSystem): ChartData[] {
  const theory = cachingTheory(s);
  const charts: ChartData[] = [
    s.sampler.chart({ id: 'hit-ratio', title: 'Hit ratio', unit: '%', references: theory === null ? [] : [{ name: 'theory', value: 100 * theory }] }, { 'hit ratio': 'hitRatio' }),
    s.sampler.chart(
      { id: 'database-load', title: 'Database reads: with the cache, and without one', unit: 'per s' },
      { 'database reads': 'dbReads', 'without a cache (every read)': 'reads', 'database writes': 'dbWrites' },
    ),
    s.sampler.chart({ id: 'latency', title: 'Read and write latency', unit: 'ms' }, { 'read p50': 'readP50', 'read p99': 'readP99', 'write p99': 'writeP99' }),
    s.sampler.chart({ id: 'database-cpu', title: 'Database CPU busy', unit: '%' }, { CPU: 'cpu' }),
    s.sampler.chart({ id: 'stampede', title: 'Most database loads of one key at once', unit: 'loads' }, { 'concurrent loads': 'loads' }),
  ];
  if (s.strategy === 'write-behind') {
    charts.push(
      s.sampler.chart({ id: 'write-behind', title: 'Write-behind queue: pending writes', unit: 'writes', references: [{ name: 'flushBatch', value: s.params.values.flushBatch }] }, { pending: 'pending' }),
    );
  }
  return charts;
}

export function cachingHeadline(m: CachingMetrics): HeadlineFigure[] {
  const figures = [
    figure('hitRatio', 'Hit ratio', m.hitRatio * 100, '%'),
    figure('latencyMs.p99', 'p99 read', m.latencyMs.p99, 'ms'),
    figure('writeLatencyMs.p99', 'p99 write', m.writeLatencyMs.p99, 'ms'),
    figure('db.readsSaved', 'Reads saved', m.db.readsSaved, 'reads'),
    figure('reads.stale', 'Stale reads', m.reads.stale, 'reads'),
    figure('stampede.maxConcurrentLoads', 'Most loads of a key', m.stampede.maxConcurrentLoads, 'loads'),
  ];
  if (m.writeBehind.acknowledged > 0 || m.writeBehind.lostOnCrash > 0) figures.push(figure('writeBehind.lostOnCrash', 'Lost writes', m.writeBehind.lostOnCrash, 'writes'));
  if (m.theory) figures.push(figure('theory.hitRatio', 'Theory: hit ratio', m.theory.hitRatio * 100, '%', 'theory'));
  figures.push(figure('sql.statementsRun', 'Statements run for real', m.sql.statementsRun, '', 'real'));
  return figures;
}

export function cachingTopology(s: CachingSystem): Topology {
  const p = s.params.values;
  const c = s.stats.counts;
  const nodes: TopologyNode[] = [
    { id: 'clients', label: 'Clients', kind: 'clients', x: 0.07, y: 0.68, status: 'up', badges: [{ label: 'rate', value: `${p.arrivalRate} req/s` }] },
    { id: 'app', label: 'Application', kind: 'app', x: 0.28, y: 0.68, status: 'up', badges: [{ label: 'in flight', value: String(s.inFlight.size) }] },
    {
      id: 'primary',
      label: 'Primary (PostgreSQL)',
      kind: 'database',
      x: 0.84,
      y: 0.68,
      status: 'up',
      badges: [
        { label: 'running', value: `${s.cpu.running} on ${s.cpu.cores} cores` },
        { label: 'reads', value: String(c.dbReads) },
        { label: 'writes', value: String(c.dbWrites) },
      ],
    },
  ];
  const edges: TopologyEdge[] = [{ from: 'clients', to: 'app' }];
  if (s.strategy === 'none') {
    edges.push({ from: 'app', to: 'primary', label: 'every read and write' });
    return { nodes, edges };
  }
  const capacity = p.capacity > 0 ? `/${p.capacity}` : '';
  nodes.push({
    id: 'cache',
    label: `Cache (${s.strategy})`,
    kind: 'cache',
    // Write-behind puts its queue to the right of the cache: leave room for the "writes" label between them.
    x: s.strategy === 'write-behind' ? 0.42 : 0.5,
    y: 0.2,
    status: s.cacheUp ? 'up' : 'down',
    badges: [
      { label: 'hit ratio', value: `${(100 * ratio(c.hits, c.reads)).toFixed(1)}%` },
      { label: 'entries', value: `${s.cache.size}${capacity}` },
      ...(s.cacheUp ? [] : [{ label: 'state', value: 'crashed' }]),
    ],
  });
  edges.push({ from: 'app', to: 'cache', label: s.cacheInPath ? 'reads, writes' : 'get, set, delete' });
  switch (s.strategy) {
    case 'cache-aside':
    case 'write-around':
      edges.push({ from: 'app', to: 'primary', label: 'misses, writes' });
      break;
    case 'read-through':
      edges.push({ from: 'cache', to: 'primary', label: 'misses' }, { from: 'app', to: 'primary', label: 'writes' });
      break;
    case 'write-through':
      edges.push({ from: 'cache', to: 'primary', label: 'misses, writes' });
      break;
    case 'write-behind':
      nodes.push({ id: 'queue', label: 'Write-behind queue', kind: 'queue', x: 0.84, y: 0.2, status: s.cacheUp ? 'up' : 'down', badges: [{ label: 'pending', value: String(s.queue.pending) }] });
      edges.push({ from: 'cache', to: 'queue', label: 'writes' }, { from: 'queue', to: 'primary', label: 'flush' }, { from: 'cache', to: 'primary', label: 'misses' });
      break;
  }
  return { nodes, edges };
}

export function cachingParticles(s: CachingSystem): Particle[] {
  const out: Particle[] = [];
  for (const r of s.inFlight.values()) {
    const waiting = r.from === r.to;
    const toDatabase = r.from === 'primary' || r.to === 'primary';
    out.push({ id: r.id, from: r.from, to: r.to, t0: r.legStart, t1: r.legEnd, state: waiting ? 'waiting' : toDatabase ? 'slow' : 'ok' });
  }
  return capParticles(out);
}

/** What the screen and the CLI show of the caching system. */
export const cachingProjection: LabProjection<CachingSystem, CachingDetail, CachingMetrics> = {
  metrics: cachingMetrics,
  topology: cachingTopology,
  particles: cachingParticles,
  charts: cachingCharts,
  headline: (_s, m) => cachingHeadline(m),
  detail: cachingDetail,
};
