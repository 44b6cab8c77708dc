import type { LabViewApi } from '../../../lab/view';
import type { ShardingDetail, ShardView } from '../detail';
import type { ShardingParams } from '../params';
import { shardColor } from './ShardMapDrawing';
import { ColumnHeads } from '../../../lab/kit/view/ColumnHeads';

type Api = LabViewApi<ShardingParams, ShardingDetail>;

const n = (x: number) => Math.round(x).toLocaleString('en-US');

/** Each shard: its rows and its load as bars (hot when well above the mean), its state, its buttons. */
export function ShardBars({ detail, api, disabled }: { detail: ShardingDetail; api: Api; disabled: boolean }) {
  const shown = detail.shards.filter((s) => s.active || s.rows > 0 || detail.resharding.phase !== 'idle' || s.index === detail.shardCount);
  const active = detail.shards.filter((s) => s.active);
  const maxRows = Math.max(...shown.map((s) => s.rows), 1);
  const maxLoad = Math.max(...shown.map((s) => s.loadPerS), 1);
  const meanLoad = active.reduce((a, s) => a + s.loadPerS, 0) / Math.max(active.length, 1);
  const totalWrites = active.reduce((a, s) => a + s.writes, 0);
  const canSplit = detail.strategy === 'range' || detail.strategy === 'directory';
  return (
    <div className="shard-bars" data-testid="shard-bars">
      <h3>
        Shards <span className="shard-muted">— rows held (real rows on each PGlite node when SQL runs) and load (simulated statements/s)</span>
      </h3>
      <table className="shard-table">
        <ColumnHeads columns={['shard', 'rows', 'load', 'state', 'actions']} />
        <tbody>
          {shown.map((s) => (
            <ShardRow
              key={s.id}
              s={s}
              maxRows={maxRows}
              maxLoad={maxLoad}
              hot={s.active && meanLoad > 0 && s.loadPerS > 1.5 * meanLoad}
              // A time key can leave the load even while every new order lands on one shard: hot for writes.
              writeShare={s.active && active.length > 1 && totalWrites > 0 && s.writes / totalWrites > 1.5 / active.length ? s.writes / totalWrites : null}
              api={api}
              disabled={disabled}
              canSplit={canSplit && s.active}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ShardRow({ s, maxRows, maxLoad, hot, writeShare, api, disabled, canSplit }: { s: ShardView; maxRows: number; maxLoad: number; hot: boolean; writeShare: number | null; api: Api; disabled: boolean; canSplit: boolean }) {
  const inDoubt = s.prepared.filter((p) => p.inDoubt);
  return (
    <>
      <tr className={s.up ? undefined : 'shard-row--down'} data-testid={`shard-row-${s.index}`}>
        <th scope="row">
          <span className="shard-swatch" style={{ background: shardColor(s.index) }} aria-hidden="true" />
          {s.id}
          {/* A node outside the map that holds rows is taking its keys during a reshard. */}
          {!s.active && <span className="shard-muted">{s.rows > 0 ? ' (joining)' : ' (spare)'}</span>}
        </th>
        <td>
          <Bar value={s.rows} max={maxRows} label={`${n(s.rows)} rows`} tone="rows" />
        </td>
        <td>
          <Bar value={s.loadPerS} max={maxLoad} label={`${n(s.loadPerS)}/s${hot ? ' · hot' : ''}`} tone={hot ? 'hot' : 'load'} />
          {writeShare !== null && <span className="shard-bad shard-write-share">{Math.round(writeShare * 100)}% of new orders · hot for writes</span>}
        </td>
        <td>
          {s.up ? 'running' : <strong className="shard-bad">stopped</strong>}
          {inDoubt.length === 0 && s.prepared.length > 0 && <span className="shard-muted"> · {s.prepared.length} prepared</span>}
        </td>
        <td className="shard-actions">
          <button type="button" className="button button--small" disabled={disabled} onClick={() => api.runAction(s.up ? 'stopShard' : 'startShard', { node: s.id })}>
            {s.up ? 'Stop' : 'Start'}
          </button>
          {canSplit && (
            <button type="button" className="button button--small" disabled={disabled} onClick={() => api.runAction('splitShard', { node: s.id })}>
              Split
            </button>
          )}
        </td>
      </tr>
      {/* On a row of its own under the shard: the state column stays narrow. */}
      {inDoubt.length > 0 && (
        <tr className="shard-doubt-row" data-testid={`shard-doubt-${s.index}`}>
          <td colSpan={5}>
            <span className="shard-doubt" title={inDoubt.map((p) => p.gid).join(', ')}>
              ⚠ {s.id}: {inDoubt.length} in doubt, locking account{s.lockedRows.length === 1 ? '' : 's'} {s.lockedRows.slice(0, 8).join(', ')}
              {s.lockedRows.length > 8 ? '…' : ''}
              {s.waiting > 0 ? ` (${s.waiting} transfer${s.waiting === 1 ? '' : 's'} waiting for them)` : ''}
            </span>
          </td>
        </tr>
      )}
    </>
  );
}

function Bar({ value, max, label, tone }: { value: number; max: number; label: string; tone: 'rows' | 'load' | 'hot' }) {
  return (
    <span className="shard-bar" role="meter" aria-valuemin={0} aria-valuemax={Math.round(max)} aria-valuenow={Math.round(value)} aria-label={label}>
      <span className="shard-bar-text">{label}</span>
      <span className="shard-bar-track" aria-hidden="true">
        <span className={`shard-bar-fill shard-bar-fill--${tone}`} style={{ width: `${Math.min(100, (value / max) * 100)}%` }} />
      </span>
    </span>
  );
}

/** Resharding: the phase, rows copied and cleaned up, the batch on the wire, and the button to add a shard. */
export function ReshardPanel({ detail, api, disabled }: { detail: ShardingDetail; api: Api; disabled: boolean }) {
  const r = detail.resharding;
  const total = Math.max(r.rowsToMove, 1);
  const progress = r.phase === 'idle' ? 0 : (r.rowsCopied + r.rowsDeleted) / (2 * total);
  const phases = ['copying', 'cutover', 'cleanup', 'done'] as const;
  return (
    <div className="shard-reshard" data-testid="reshard-panel">
      <h3>
        Resharding{' '}
        {r.phase === 'idle' ? (
          <span className="shard-muted">— not started (“Reshard at”, or add a shard)</span>
        ) : (
          <span className="shard-muted">
            — {r.what}: {r.from} → {r.to} shards, {n(r.keysMoved)} customers ({n(r.rowsToMove)} rows) move
          </span>
        )}
      </h3>
      {r.phase !== 'idle' && (
        <>
          <ol className="shard-phases" aria-label="Resharding phases">
            {phases.map((p) => (
              <li key={p} className={p === r.phase ? 'shard-phase--now' : phases.indexOf(p) < phases.indexOf(r.phase as (typeof phases)[number]) ? 'shard-phase--done' : undefined}>
                {p === 'copying' ? '1 copy + forward writes' : p === 'cutover' ? '2 cutover (locks, switch map)' : p === 'cleanup' ? '3 delete old copies' : 'done'}
              </li>
            ))}
          </ol>
          <Bar value={progress * 100} max={100} label={`${n(r.rowsCopied)} of ${n(r.rowsToMove)} rows copied, ${n(r.rowsDeleted)} deleted (${Math.round(progress * 100)}%)`} tone="rows" />
          {r.batch && (
            <p className="shard-batch" data-testid="reshard-batch">
              <span aria-hidden="true">⇢</span> {r.batch.rows} rows flying {r.batch.from} → {r.batch.to}
            </p>
          )}
        </>
      )}
      <button type="button" className="button" disabled={disabled || (r.phase !== 'idle' && r.phase !== 'done')} onClick={() => api.runAction('addShard', {})}>
        Add a shard now
      </button>
    </div>
  );
}

/** The coordinator, its in-doubt transactions, the money invariant and what readers saw. */
export function TransactionsPanel({ detail, api, disabled }: { detail: ShardingDetail; api: Api; disabled: boolean }) {
  const c = detail.coordinator;
  const drift = detail.money.driftCents / 100;
  return (
    <div className="shard-txns" data-testid="txn-panel">
      <h3>
        Cross-shard transfers <span className="shard-muted">— {detail.txnProtocol === '2pc' ? 'two-phase commit' : detail.txnProtocol === 'saga' ? 'saga (compensation)' : 'no protocol (two commits)'}</span>
      </h3>
      <p>
        Coordinator: {c.up ? 'up' : <strong className="shard-bad">down since {(c.crashedAt! / 1000).toFixed(1)} s</strong>}{' '}
        <button type="button" className="button button--small" disabled={disabled} onClick={() => api.runAction(c.up ? 'crashCoordinator' : 'recoverCoordinator', {})}>
          {c.up ? 'Crash it' : 'Recover it'}
        </button>
      </p>
      <p className={drift !== 0 ? 'shard-bad' : undefined} data-testid="money-drift">
        Money drift: <strong>{drift.toFixed(2)}</strong> {drift === 0 ? '(none created or lost)' : drift < 0 ? 'lost' : 'created'} · in flight between steps {(detail.money.inFlightCents / 100).toFixed(2)} · intermediate states seen by readers: {n(detail.money.anomalies)}
      </p>
      {c.inDoubt.length > 0 && (
        <div className="lab-alert shard-alert" role="alert" data-testid="in-doubt">
          <strong>
            {c.inDoubt.length} transfer{c.inDoubt.length === 1 ? '' : 's'} in doubt
          </strong>{' '}
          — prepared on their shards (PREPARE TRANSACTION; see pg_prepared_xacts in a shard’s console), holding their rows’ locks until the coordinator recovers:
          <ul>
            {c.inDoubt.slice(0, 8).map((t) => (
              <li key={t.transfer}>
                #{t.transfer}: {t.amount.toFixed(2)} from customer {t.from} to {t.to}, prepared on {t.shards.join(' and ')}
                {t.decision === 'commit' ? ' (decided: commit)' : ' (no decision logged: will roll back)'}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
