import type { LatencyHistogram } from '../../engine';
import { capParticles, figure, type SampleValues, type SampleWindow } from '../../lab/kit';
import type { ChartData, HeadlineFigure, MetricTree, Particle, Topology, TopologyEdge, TopologyNode } from '../../lab/snapshot';
import { ConsistentHashRing, RING_SPACE } from '../../models/sharding/consistentHashRing';
import { DirectoryMap } from '../../models/sharding/directoryMap';
import { RangeMap } from '../../models/sharding/rangeMap';
import { metricAt } from '../../scenario/expectations';
import type { MapView, ShardingDetail, ShardView } from './detail';
import type { ShardingModel } from './model';
import type { ShardPlacement } from './placement';
import { REQUEST_KINDS } from './requestTypes';

// What the screen and the CLI show of the sharding model: plain functions of its state.

/** Shards drawn in the load chart (more would be unreadable; the metrics list them all). */
const CHARTED_SHARDS = 8;
/** Ring points sent to the view at most. */
const RING_POINTS = 2400;
/** Customers up to which the view gets every customer's shard for its key lookup. */
const LOOKUP_CUSTOMERS = 5000;

/** One chart sample: each shard's load over the window, latency p99 per kind, the transfers' state. */
export function shardingSample(model: ShardingModel, w: SampleWindow, t: number): SampleValues {
  void t;
  const values: SampleValues = {};
  for (const n of model.nodes) {
    n.loadPerS = (n.recent * 1000) / w.lengthMs;
    n.recent = 0;
    if (n.index < CHARTED_SHARDS && (n.active || n.loadPerS > 0)) values[`load:${n.index}`] = n.loadPerS;
  }
  for (const kind of REQUEST_KINDS) values[`p99:${kind}`] = w.recorded(kind) > 0 ? w.percentile(kind, 99) : null;
  values.inDoubt = model.coordinator.inDoubtBranches;
  values.lockWaiters = model.locks.waitingTotal;
  values.drift = balanceDrift(model) / 100;
  const r = model.resharding;
  values.reshard = r.rowsToMove === 0 ? null : (100 * (r.rowsCopied + r.rowsDeleted)) / (2 * r.rowsToMove);
  return values;
}

function latency(h: LatencyHistogram): MetricTree {
  const s = h.summary();
  return { mean: s.mean, p50: s.p50, p95: s.p95, p99: s.p99, max: s.max };
}

/** Sum of balances now (with money in flight between a transfer's two steps) minus at the start, cents. */
export function balanceDrift(model: ShardingModel): number {
  return model.data.balanceSum() + model.inFlightCents - model.data.startBalanceCents;
}

/** The shards the metrics list: every shard in the map, and the ones a reshard is filling. */
function listedShards(model: ShardingModel): number[] {
  const count = Math.max(model.placement.shardCount, model.resharding.running ? model.resharding.to : 0);
  return Array.from({ length: count }, (_, i) => i);
}

const maxOverMean = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
  return mean === 0 ? 0 : Math.max(...xs) / mean;
};

/** A list as a metric (the CLI prints it as a JSON array; expectations address items as `shards.rows.0`). */
const list = (xs: number[]) => xs as unknown as MetricTree;

export function shardingMetrics(model: ShardingModel): MetricTree {
  const { stats, data, resharding: r, coordinator } = model;
  const c = stats.counts;
  const shards = listedShards(model);
  const rows = shards.map((s) => data.rowsOn(s));
  const requests = shards.map((s) => model.nodes[s]!.statements);
  const writes = shards.map((s) => model.nodes[s]!.writes);
  const totalRequests = requests.reduce((a, b) => a + b, 0);
  const totalWrites = writes.reduce((a, b) => a + b, 0);
  const lat: MetricTree = latency(model.latency.all);
  for (const kind of REQUEST_KINDS) lat[kind] = latency(model.latency[kind]);
  return {
    requests: { arrived: c.arrived, completed: c.completed, failed: c.failed, inFlight: model.inFlight.size },
    latencyMs: lat,
    shards: { count: model.placement.shardCount, rows: list(rows), requests: list(requests) },
    rowsImbalance: maxOverMean(rows),
    loadImbalance: maxOverMean(requests),
    hottestShardShare: totalRequests === 0 ? 0 : Math.max(...requests) / totalRequests,
    hottestShardWriteShare: totalWrites === 0 ? 0 : Math.max(...writes) / totalWrites,
    pointReadFanout: c.pointReads === 0 ? 0 : c.pointReadFanout / c.pointReads,
    scatter: { queries: c.scatters, meanFanout: c.scatters === 0 ? 0 : c.scatterFanout / c.scatters, resultsMatch: c.scatterMismatches === 0, verified: c.scattersVerified },
    resharding: {
      keysMoved: r.keysMoved,
      movedFraction: r.keysMoved / data.data.customers,
      rowsMoved: r.rowsCopied,
      rowsLost: r.missedWrites,
      rowsDuplicated: r.rowsDuplicated,
      checksumsMatch: r.checksumsMatch,
      durationS: (r.totalDurationMs + (r.running ? model.env.now - r.startedAt : 0)) / 1000,
    },
    crossShard: { started: c.started, committed: c.committed, aborted: c.aborted, inDoubt: coordinator.inDoubtBranches, partial: c.partial, compensated: c.compensated, anomalies: c.anomalies, lockWaits: c.lockWaits, recovered: coordinator.recovered },
    invariants: { balanceSumDrift: balanceDrift(model) / 100 },
    sql: {
      statementsRun: model.sql.statementsRun,
      reportsChecked: model.sql.scattersChecked,
      reportMismatches: model.sql.scatterMismatches,
      checksumsChecked: model.sql.checksumsChecked,
      checksumMismatches: model.sql.checksumMismatches,
      errors: model.sql.errors.length,
    },
  };
}

/** Shard nodes drawn in the diagram at most (the view's table lists them all). */
const DRAWN_SHARDS = 12;

const compactCount = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Rows of shard nodes per column: a fourth would not fit a 720 px screen's diagram. */
const PER_COLUMN = 3;

/** Columns of shards drawn: past two, the router moves left so that they spread wider. */
const shardColumns = (count: number) => Math.ceil(Math.min(count, DRAWN_SHARDS) / PER_COLUMN);

/**
 * A shard's place: columns of up to three on the right, filled left to right, far enough apart
 * that each node's "click for the SQL console" hint clears its neighbour's.
 */
function shardPlace(i: number, count: number): { x: number; y: number } {
  const columns = shardColumns(count);
  const column = Math.floor(i / PER_COLUMN);
  const inColumn = Math.min(PER_COLUMN, count - column * PER_COLUMN);
  const row = i % PER_COLUMN;
  const first = columns > 2 ? 0.4 : 0.56;
  const x = columns === 1 ? 0.74 : first + ((0.92 - first) * column) / (columns - 1);
  return { x, y: inColumn === 1 ? 0.5 : 0.1 + (0.8 * row) / (inColumn - 1) };
}

/** Clients and router sit a little below the middle: the reference node (with real SQL) above them, the coordinator below. */
const ROUTER_Y = 0.5;

export function shardingTopology(model: ShardingModel): Topology {
  const p = model.params.values;
  const shown = model.nodes.slice(0, DRAWN_SHARDS);
  const wide = shardColumns(shown.length) > 2;
  const routerX = wide ? 0.22 : 0.28;
  const mean = model.nodes.reduce((s, n) => s + n.loadPerS, 0) / Math.max(model.activeShards().length, 1);
  const nodes: TopologyNode[] = [
    { id: 'clients', label: 'Clients', kind: 'clients', x: 0.06, y: ROUTER_Y, status: 'up', badges: [{ label: 'rate', value: `${p.arrivalRate} req/s` }] },
    { id: 'router', label: 'Router', kind: 'router', x: routerX, y: ROUTER_Y, status: 'up', badges: [{ label: 'map', value: `${model.placement.strategy} · ${model.placement.shardCount}` }, { label: 'key', value: p.shardKey }] },
    {
      id: 'coordinator',
      label: 'Coordinator',
      kind: 'server',
      // Three columns start close to the router: the coordinator moves left, clear of the first.
      x: wide ? 0.15 : routerX,
      y: 0.85,
      status: model.coordinator.up ? 'up' : 'down',
      badges: [{ label: 'txns', value: p.txnProtocol }, ...(model.coordinator.inDoubtBranches > 0 ? [{ label: 'in doubt', value: String(model.coordinator.inDoubtBranches) }] : [])],
    },
  ];
  const edges: TopologyEdge[] = [
    { from: 'clients', to: 'router' },
    { from: 'router', to: 'coordinator' },
  ];
  shown.forEach((n, i) => {
    const hot = n.active && mean > 0 && n.loadPerS > 1.5 * mean;
    nodes.push({
      id: n.id,
      label: n.active ? n.id : `${n.id} (spare)`,
      kind: 'database',
      ...shardPlace(i, shown.length),
      status: !n.up ? 'down' : hot ? 'degraded' : n.active ? 'up' : 'starting',
      badges: [
        // Short, so that a node stays one badge line wide beside its neighbour column (the table has the exact rows).
        { label: `${compactCount.format(model.data.rowsOn(n.index))} rows`, value: `${Math.round(n.loadPerS)}/s` },
        ...(n.prepared.size > 0 ? [{ label: 'prepared', value: String(n.prepared.size) }] : []),
      ],
    });
    edges.push({ from: 'router', to: n.id });
  });
  if (model.sql.backend !== null) {
    nodes.push({ id: 'reference', label: 'Reference (all rows)', kind: 'database', x: 0.08, y: 0.1, status: 'up', badges: [{ label: 'checks', value: String(model.sql.scattersChecked) }] });
  }
  return { nodes, edges };
}

/** Requests on the wire from the router to their shards (one particle per shard of a fan-out). */
export function shardingParticles(model: ShardingModel, durationMs: number): Particle[] {
  const out: Particle[] = [];
  const now = model.env.now;
  for (const r of model.inFlight.values()) {
    r.shards.forEach((s, i) => {
      // Shards past the drawn ones have no place in the diagram to fly to.
      const to = s < DRAWN_SHARDS ? model.nodes[s]?.id : undefined;
      if (to === undefined) return;
      if (r.phase === 'waiting') out.push({ id: r.id * 64 + i, from: 'router', to: 'router', t0: r.phaseStart, t1: r.phaseStart, state: 'waiting' });
      else out.push({ id: r.id * 64 + i, from: 'router', to, t0: r.phaseStart, t1: Math.max(r.phaseEnd, r.phaseStart), state: 'ok' });
    });
  }
  const batch = model.resharding.batch;
  if (batch && batch.from !== batch.to) out.push({ id: -1, from: model.nodes[batch.from]!.id, to: model.nodes[batch.to]!.id, t0: batch.startedAt, t1: batch.endsAt, state: 'slow' });
  const horizon = now - Math.max(250, durationMs / 200);
  for (const r of model.recentFailures) {
    const at = model.nodes[r.shards[0] ?? -1]?.id ?? 'router';
    if (r.endedAt >= horizon) out.push({ id: r.id * 64 + 63, from: at, to: at, t0: r.endedAt, t1: r.endedAt, state: 'failed' });
  }
  return capParticles(out);
}

export function shardingCharts(model: ShardingModel): ChartData[] {
  const { sampler } = model;
  // Lines whose series was never sampled (no transfer yet, a shard not in the map) are left out.
  const sampled = (lines: Record<string, string>) => Object.fromEntries(Object.entries(lines).filter(([, key]) => sampler.has(key)));
  const shards = Object.fromEntries(model.nodes.slice(0, CHARTED_SHARDS).map((n) => [n.id, `load:${n.index}`]));
  return [
    sampler.chart({ id: 'load', title: 'Load per shard', unit: 'statements/s' }, sampled(shards)),
    sampler.chart(
      { id: 'latency', title: 'p99 latency by request kind', unit: 'ms' },
      sampled({ 'point read': 'p99:pointRead', write: 'p99:write', 'report (scatter)': 'p99:scatter', transfer: 'p99:crossShardTxn' }),
    ),
    sampler.chart({ id: 'txns', title: 'Transfers: in doubt and waiting', unit: 'count' }, sampled({ 'prepared in doubt': 'inDoubt', 'waiting for a row lock': 'lockWaiters' })),
    sampler.chart({ id: 'money', title: 'Money created or lost (balance drift)', unit: 'units' }, sampled({ drift: 'drift' })),
    sampler.chart({ id: 'reshard', title: 'Resharding progress', unit: '%' }, sampled({ 'rows moved': 'reshard' })),
  ];
}

export function shardingHeadline(m: MetricTree): HeadlineFigure[] {
  const get = (path: string) => Number(metricAt(m, path) ?? 0);
  return [
    figure('hottestShardShare', 'Busiest shard’s share', get('hottestShardShare') * 100, '%'),
    figure('loadImbalance', 'Load max/mean', get('loadImbalance'), '×'),
    figure('latencyMs.p99', 'p99 latency', get('latencyMs.p99'), 'ms'),
    figure('scatter.meanFanout', 'Report fan-out', get('scatter.meanFanout'), 'shards'),
    figure('crossShard.inDoubt', 'In doubt', get('crossShard.inDoubt'), 'txns'),
    figure('invariants.balanceSumDrift', 'Money drift', get('invariants.balanceSumDrift'), 'units'),
    figure('resharding.rowsMoved', 'Rows moved', get('resharding.rowsMoved'), 'rows'),
    figure('sql.statementsRun', 'Statements run for real', get('sql.statementsRun'), '', 'real'),
  ];
}

/** The map as the view draws it. */
export function mapView(placement: ShardPlacement): MapView {
  const first = [...placement.maps.values()][0]!;
  if (first instanceof ConsistentHashRing) {
    const step = Math.max(1, Math.ceil(first.points.length / RING_POINTS));
    return { kind: 'ring', vnodes: first.vnodes, shards: first.shardCount, points: first.points.filter((_, i) => i % step === 0).map((pt) => ({ at: pt.position / RING_SPACE, shard: pt.shard })) };
  }
  if (first instanceof RangeMap) {
    return { kind: 'range', shards: placement.shardCount, spaces: [...placement.maps].map(([space, map]) => ({ space, ranges: (map as RangeMap).ranges.map((r) => ({ from: r.from, to: r.to === Infinity ? null : r.to, shard: r.shard })) })) };
  }
  if (first instanceof DirectoryMap) {
    return {
      kind: 'directory',
      shards: placement.shardCount,
      spaces: [...placement.maps].map(([space, map]) => {
        const perShard = new Array<number>(placement.shardCount).fill(0);
        for (const [, shard] of (map as DirectoryMap).entries()) perShard[shard]!++;
        return { space, size: (map as DirectoryMap).size, perShard };
      }),
    };
  }
  return { kind: 'hash', strategy: first.strategy as 'modulo' | 'hash-modulo' | 'jump', shards: placement.shardCount };
}

function shardViews(model: ShardingModel): ShardView[] {
  const inDoubt = new Set(model.coordinator.inDoubt.map((t) => t.id));
  const held = model.locks.held();
  return model.nodes.map((n) => {
    const prepared = [...n.prepared].map(([gid, transfer]) => ({ gid, transfer, inDoubt: inDoubt.has(transfer) }));
    const mine = held.filter((l) => prepared.some((p) => p.inDoubt && p.transfer === l.holder) && model.data.customer(l.key).owner === n.index);
    return {
      id: n.id,
      index: n.index,
      active: n.active,
      up: n.up,
      rows: model.data.rowsOn(n.index),
      byTable: { ...model.data.held[n.index]! },
      requests: n.statements,
      loadPerS: n.loadPerS,
      writes: n.writes,
      prepared,
      lockedRows: mine.map((l) => l.key),
      waiting: mine.reduce((s, l) => s + l.waiting, 0),
    };
  });
}

/** Each customer's shard under a placement (for the view's key lookup). */
function customerShards(model: ShardingModel, placement: ShardPlacement | null): number[] | null {
  const { data } = model;
  if (placement === null || data.data.customers > LOOKUP_CUSTOMERS) return null;
  const out = [-1];
  for (let c = 1; c <= data.data.customers; c++) {
    const u = data.customer(c);
    out.push(placement.mapOf(u.space).shardOf(u.key));
  }
  return out;
}

export function shardingViewDetail(model: ShardingModel): ShardingDetail {
  const { data, resharding: r, coordinator, stats, sql } = model;
  const p = model.params.values;
  const batch = r.batch && r.batch.from !== r.batch.to ? { from: model.nodes[r.batch.from]!.id, to: model.nodes[r.batch.to]!.id, rows: r.batch.rows } : null;
  return {
    kind: 'sharding',
    strategy: model.placement.strategy,
    shardKey: p.shardKey,
    txnProtocol: p.txnProtocol,
    shardCount: model.placement.shardCount,
    customers: data.data.customers,
    map: mapView(model.placement),
    nextShardCount: r.running && r.target ? r.target.shardCount : model.lookahead?.shardCount ?? model.placement.shardCount,
    customerShard: customerShards(model, model.placement),
    customerShardNext: customerShards(model, r.running ? r.target : model.lookahead),
    customerKey: data.data.customers > LOOKUP_CUSTOMERS ? null : [0, ...Array.from({ length: data.data.customers }, (_, i) => data.customer(i + 1).key)],
    shards: shardViews(model),
    resharding: { phase: r.phase, what: r.what, from: r.from, to: r.to, rowsCopied: r.rowsCopied, rowsToMove: r.rowsToMove, rowsDeleted: r.rowsDeleted, keysMoved: r.keysMoved, batch },
    coordinator: {
      up: coordinator.up,
      crashedAt: Number.isNaN(coordinator.crashedAt) ? null : coordinator.crashedAt,
      inDoubt: coordinator.inDoubt.slice(0, 50).map((t) => ({ transfer: t.id, from: t.from, to: t.to, amount: t.amountCents / 100, shards: t.branches.filter((b) => b.prepared).map((b) => model.nodes[b.shard]!.id), decision: t.decision })),
    },
    scatter: { lastFanout: model.activeShards().length, lastRows: 0, verified: stats.counts.scattersVerified, mismatches: stats.counts.scatterMismatches, sqlChecked: sql.scattersChecked, sqlMismatches: sql.scatterMismatches, lastMismatch: sql.lastMismatch },
    money: { driftCents: balanceDrift(model), inFlightCents: model.inFlightCents, anomalies: stats.counts.anomalies },
    events: model.events.slice(-30),
    sql: { statementsRun: sql.statementsRun, errors: sql.errors.slice(), reference: sql.backend !== null, checksumsChecked: sql.checksumsChecked, checksumMismatches: sql.checksumMismatches },
  };
}
