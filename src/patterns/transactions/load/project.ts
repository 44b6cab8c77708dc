import { capParticles, figure } from '../../../lab/kit';
import type { ChartData, HeadlineFigure, MetricTree, Particle, Topology } from '../../../lab/snapshot';
import { metricAt } from '../../../scenario/expectations';
import type { TransactionsLoadDetail } from './detail';
import type { TransactionsLoad } from './model';
import { ROW_STATEMENT_MS } from './statementCost';

/** The lab has always drawn at most this many transfers at once. */
const PARTICLES_DRAWN = 400;

export function transactionsMetrics(load: TransactionsLoad): MetricTree {
  const { env, stats, sql, real, lostUpdates, initialTotal } = load;
  const { started, committed, insufficient, injected, gaveUp, otherErrors, retries, serializationFailures, deadlockAborts, statements } = stats.counts;
  const elapsedS = stats.elapsedMs() / 1000;
  const l = load.latency.summary();
  const w = load.lockWait.summary();
  const s = load.sessionWait.summary();
  const drift = load.modelTotal() - initialTotal;
  return {
    transfers: {
      started,
      committed,
      failed: insufficient + injected + gaveUp + otherErrors,
      inFlight: load.inFlight.size,
      insufficientFunds: insufficient,
      injectedFailures: injected,
      gaveUp,
      errors: otherErrors,
    },
    throughputPerS: committed / elapsedS,
    latencyMs: { mean: l.mean, p50: l.p50, p95: l.p95, p99: l.p99, max: l.max },
    lockWaitMs: { count: w.count, mean: w.mean, p50: w.p50, p95: w.p95, p99: w.p99, max: w.max },
    sessionWaitMs: { mean: s.mean, p95: s.p95, max: s.max },
    meanBlockedSessions: load.blockedAvg.mean(env.now),
    aborts: { serializationFailures, deadlocks: deadlockAborts, perS: (serializationFailures + deadlockAborts) / elapsedS },
    retries: { count: retries, perS: retries / elapsedS },
    lostUpdates,
    invariant: { openingTotal: initialTotal, total: drift + initialTotal, drift, holds: drift === 0 && lostUpdates === 0 },
    statements,
    sql: {
      statementsRun: sql?.statementsRun ?? 0,
      transfersRun: real.run,
      transfersCommitted: real.committed,
      transfersRolledBack: real.insufficientFunds + real.injectedFailures,
      sumChanged: real.sumChanged,
    },
  };
}

/** Transfers waiting for a session, blocked on a lock in the database, or on their way there. */
export function transactionsParticles(load: TransactionsLoad): Particle[] {
  const out: Particle[] = [];
  const travelMs = Math.max(1, ROW_STATEMENT_MS + load.params.values.rttMs);
  for (const t of load.inFlight.values()) {
    if (t.phase === 'waiting for a session') out.push({ id: t.id, from: 'sessions', to: 'sessions', t0: t.startedAt, t1: t.startedAt, state: 'waiting' });
    else if (t.phase === 'blocked') out.push({ id: t.id, from: 'primary', to: 'primary', t0: t.phaseStart, t1: t.phaseStart, state: 'slow' });
    else out.push({ id: t.id, from: 'sessions', to: 'primary', t0: t.phaseStart, t1: t.phaseStart + travelMs, state: 'ok' });
  }
  return capParticles(out, PARTICLES_DRAWN);
}

export function transactionsTopology(load: TransactionsLoad): Topology {
  const { sessions, blockedNow } = load;
  const p = load.params.values;
  return {
    nodes: [
      { id: 'clients', label: 'Transfers', kind: 'clients', x: 0.08, y: 0.5, status: 'up', badges: [{ label: 'rate', value: `${p.arrivalRate}/s` }] },
      {
        id: 'sessions',
        label: 'Sessions (pool)',
        kind: 'pool',
        x: 0.45,
        y: 0.5,
        status: sessions.waiting > 0 ? 'degraded' : 'up',
        badges: [
          { label: 'in use', value: `${sessions.inUse}/${sessions.names.length}` },
          { label: 'waiting', value: String(sessions.waiting) },
        ],
        slots: sessions.names.map((n) => (sessions.isFree(n) ? 'idle' : 'busy')),
        queueLength: sessions.waiting,
      },
      {
        id: 'primary',
        label: 'PostgreSQL (model)',
        kind: 'database',
        x: 0.85,
        y: 0.5,
        status: blockedNow > 0 ? 'degraded' : 'up',
        badges: [
          { label: 'blocked on a lock', value: String(blockedNow) },
          { label: p.isolation, value: p.strategy },
        ],
      },
    ],
    edges: [
      { from: 'clients', to: 'sessions', label: 'borrow' },
      { from: 'sessions', to: 'primary', label: 'transfer' },
    ],
  };
}

export function transactionsCharts(load: TransactionsLoad): ChartData[] {
  return [
    load.sampler.chart({ id: 'lock-wait', title: 'Lock wait (statements that blocked)', unit: 'ms' }, { p50: 'p50', p95: 'p95', p99: 'p99' }),
    load.sampler.chart({ id: 'throughput', title: 'Committed, aborted (40001/40P01) and retried', unit: 'transfers/s' }, { committed: 'throughput', aborted: 'aborts', retried: 'retries' }),
    load.sampler.chart(
      { id: 'invariant', title: 'Lost updates and money created or destroyed', unit: 'count / amount', references: [{ name: 'invariant', value: 0 }] },
      { 'lost updates': 'lost', 'sum of balances − opening sum': 'drift' },
    ),
    load.sampler.chart({ id: 'blocked', title: 'Sessions blocked on a lock, transfers waiting for a session', unit: 'sessions' }, { blocked: 'blocked', 'waiting for a session': 'waitingForSession' }),
  ];
}

export function transactionsHeadline(load: TransactionsLoad, m: MetricTree): HeadlineFigure[] {
  const get = (path: string) => Number(metricAt(m, path));
  const figures = [
    figure('throughputPerS', 'Committed', get('throughputPerS'), 'transfers/s'),
    figure('lockWaitMs.p99', 'p99 lock wait', get('lockWaitMs.p99'), 'ms'),
    figure('aborts.perS', 'Aborts', get('aborts.perS'), '/s'),
    figure('lostUpdates', 'Lost updates', get('lostUpdates'), 'updates'),
    figure('invariant.drift', 'Money created (−destroyed)', get('invariant.drift'), ''),
  ];
  if (load.sql !== null) figures.push(figure('sql.transfersRun', 'Transfers run on PGlite', get('sql.transfersRun'), '', 'real'));
  return figures;
}

/** The accounts (committed balance beside the expected one), the lock waits and the real transfers, for the lab's own view. */
export function transactionsDetail(load: TransactionsLoad): TransactionsLoadDetail {
  const rows = load.driver.model.committedRows().accounts ?? [];
  const p = load.params.values;
  return {
    kind: 'transactions-load',
    accounts: rows.map((r) => ({ id: Number(r.id), balance: Number(r.balance), expected: load.expected[Number(r.id)] ?? 0 })).sort((a, b) => a.id - b.id),
    waits: load.driver.model.waitEdges(),
    real: { ...load.real, executed: load.sql !== null },
    strategy: p.strategy,
    isolation: p.isolation,
    recentAborts: load.recentAborts.slice(),
  };
}
