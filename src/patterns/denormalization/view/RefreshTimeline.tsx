import type { LabViewApi } from '../../../lab/view';
import type { DenormDetail } from '../detail';
import type { DenormParams } from '../params';
import type { RefreshRecord } from '../refresher';
import { duration } from './format';
import { ColumnHeads } from '../../../lab/kit/view/ColumnHeads';

type Api = LabViewApi<DenormParams, DenormDetail>;

const W = 640;
const H = 104;
const ROW_Y = 56;
/** Refreshes drawn on the timeline. */
const SHOWN = 10;

const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

/** The span drawn: from the oldest refresh shown (or 10 s back) to now. */
function span(refreshes: RefreshRecord[], now: number): [number, number] {
  const from = refreshes.length > 0 ? Math.min(refreshes[0]!.askedAt, now - 1000) : now - 10_000;
  return [Math.max(0, from - (now - from) * 0.05), Math.max(now, 1)];
}

/**
 * Refreshes on a timeline: the wait for the view's lock, the refresh itself (its form's colour),
 * the readers it blocked stacked above it, a refusal in red; then the view's lock queue now, as
 * pg_locks would list it, and the buttons that act on the run.
 */
export function RefreshTimeline({ detail: d, api, disabled }: { detail: DenormDetail; api: Api; disabled: boolean }) {
  const shown = d.refreshes.slice(-SHOWN);
  const [from, to] = span(shown, d.now);
  const x = (t: number) => ((t - from) / (to - from)) * (W - 20) + 10;
  const isView = d.readModel === 'materialized-view';
  return (
    <section className="denorm-card denorm-refreshes" aria-label="Refreshes">
      <h3>
        Refreshes and the view&apos;s lock <span className="origin origin--simulated">simulated</span>
      </h3>
      <div className="denorm-actions">
        <button type="button" disabled={disabled || !isView} onClick={() => api.runAction('refreshNow')} title={isView ? 'REFRESH the view now, in the form in force' : 'only the materialized-view read model has a view to refresh'}>
          Refresh now
        </button>
        <button type="button" disabled={disabled} onClick={() => api.runAction('renameCustomer', { customer: 1 })}>
          Rename customer 1
        </button>
        <button type="button" disabled={disabled} onClick={() => api.runAction('changePrice', { product: 1 })}>
          Raise product 1&apos;s price
        </button>
      </div>
      {!isView ? (
        <p className="denorm-muted">No materialized view in this read model: nothing is refreshed, and readers never wait for a lock.</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${W} ${H}`} className="denorm-timeline" role="img" aria-label={`${shown.length} recent refreshes`}>
            <line x1={10} x2={W - 10} y1={ROW_Y + 14} y2={ROW_Y + 14} className="denorm-axis" />
            <text x={10} y={H - 4} className="denorm-axis-label">
              {duration(from / 1000)}
            </text>
            <text x={W - 10} y={H - 4} textAnchor="end" className="denorm-axis-label">
              now {duration(to / 1000)}
            </text>
            {shown.map((r) => (
              <RefreshMark key={r.id} r={r} x={x} now={d.now} />
            ))}
          </svg>
          <LockQueue detail={d} />
          <RecentTable refreshes={shown} />
        </>
      )}
      {d.refreshError !== null && (
        <p className="denorm-alert" role="alert" data-testid="refresh-error">
          PostgreSQL refused the refresh: <code>{d.refreshError}</code>
        </p>
      )}
    </section>
  );
}

function RefreshMark({ r, x, now }: { r: RefreshRecord; x: (t: number) => number; now: number }) {
  const started = Number.isNaN(r.startedAt) ? now : r.startedAt;
  const ended = Number.isNaN(r.endedAt) ? now : r.endedAt;
  const cls = r.error !== null ? 'denorm-refresh--refused' : r.form === 'plain' ? 'denorm-refresh--plain' : 'denorm-refresh--concurrently';
  const runX = x(started);
  const runW = Math.max(4, x(ended) - runX);
  const dots = Math.min(r.readersBlocked, 12);
  return (
    <g>
      <title>{`${r.form} refresh (${r.cause}) at ${duration(started / 1000)}: ${r.error ?? `${ms(ended - started)}, ${r.readersBlocked} readers blocked`}`}</title>
      {started > r.askedAt && <rect x={x(r.askedAt)} y={ROW_Y + 4} width={Math.max(2, runX - x(r.askedAt))} height={20} className="denorm-refresh-wait" />}
      {r.error !== null ? (
        <text x={runX} y={ROW_Y + 22} textAnchor="middle" className="denorm-refused-mark">
          ✕
        </text>
      ) : (
        <rect x={runX} y={ROW_Y} width={runW} height={28} rx={2} className={cls} />
      )}
      {Array.from({ length: dots }, (_, i) => (
        <circle key={i} cx={runX + runW / 2} cy={ROW_Y - 6 - i * 5} r={2.2} className="denorm-blocked-dot" />
      ))}
      {r.readersBlocked > 0 && (
        <text x={runX + runW / 2 + 6} y={ROW_Y - 6 - (dots - 1) * 5} className="denorm-blocked-label">
          {r.readersBlocked}
        </text>
      )}
    </g>
  );
}

function LockQueue({ detail: d }: { detail: DenormDetail }) {
  const waiting = d.lock.filter((l) => !l.granted).length;
  return (
    <div className="denorm-lock" aria-label="Locks on the view now">
      <span className="denorm-muted">pg_locks on customer_orders_mv now:</span>
      {d.lock.length === 0 && <span className="denorm-muted"> none</span>}
      {d.lock.slice(0, 14).map((l, i) => (
        <span key={`${l.owner}-${i}`} className={l.granted ? 'denorm-lock-chip' : 'denorm-lock-chip denorm-lock-chip--waiting'} title={`${l.owner}: ${l.mode} ${l.granted ? 'granted' : 'waiting'}`}>
          {l.owner} {l.mode.replace('Lock', '')} {l.granted ? '✓' : '⏳'}
        </span>
      ))}
      {d.lock.length > 14 && <span className="denorm-muted"> … {d.lock.length - 14} more</span>}
      {waiting > 0 && <strong className="denorm-danger"> {waiting} waiting</strong>}
    </div>
  );
}

function RecentTable({ refreshes }: { refreshes: RefreshRecord[] }) {
  if (refreshes.length === 0) return <p className="denorm-muted">No refresh yet.</p>;
  return (
    <table className="denorm-table-list">
      <ColumnHeads columns={['at', 'form', 'why', 'waited', 'ran', 'readers blocked']} />
      <tbody>
        {refreshes
          .slice(-4)
          .reverse()
          .map((r) => (
            <tr key={r.id} className={r.error !== null ? 'denorm-danger' : undefined}>
              <td>{duration(r.askedAt / 1000)}</td>
              <td>{r.form === 'plain' ? 'REFRESH (AccessExclusiveLock)' : 'CONCURRENTLY (ExclusiveLock)'}</td>
              <td>{r.cause}</td>
              <td>{Number.isNaN(r.startedAt) ? 'waiting' : ms(r.startedAt - r.askedAt)}</td>
              <td>{r.error !== null ? 'refused' : Number.isNaN(r.endedAt) ? 'running' : ms(r.endedAt - r.startedAt)}</td>
              <td>{r.readersBlocked}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
