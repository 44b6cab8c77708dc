import type { LabViewApi } from '../../../lab/view';
import type { CachingDetail, StaleReadSummary } from '../detail';
import type { CachingParams } from '../params';
import type { StaleCause } from '../request';
import { ColumnHeads } from '../../../lab/kit/view/ColumnHeads';

type Api = LabViewApi<CachingParams, CachingDetail>;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const version = (writeId: number) => (writeId === 0 ? 'the original row' : `write #${writeId}`);

/** A stale read's cause as a badge. */
export const CAUSE_LABEL: Record<StaleCause, string> = {
  'no-invalidation': 'no invalidation',
  race: 'race',
  'write-around': 'write-around',
  'invalidation-in-flight': 'delete in flight',
  other: 'stale',
};

/** The badge of a stale read: write-through updates the entry where the others delete it. */
function causeLabel(cause: StaleCause, detail: CachingDetail): string {
  return cause === 'invalidation-in-flight' && detail.strategy === 'write-through' ? 'update in flight' : CAUSE_LABEL[cause];
}

/** The writes a crash lost: acknowledged to their clients, never flushed. Each row opens its story. */
export function LostWrites({ detail, api }: { detail: CachingDetail; api: Api }) {
  const shown = detail.lostWrites.slice(-50).reverse();
  return (
    <div className="lab-alert" role="alert" data-testid="lost-writes">
      <h3>
        {detail.lostTotal} acknowledged write{detail.lostTotal === 1 ? '' : 's'} lost in the crash
      </h3>
      <p>Their clients were told the write was done; the cache crashed before flushing them, so the database never got them.</p>
      <div className="cache-lost-scroll">
        <table className="cache-table">
          <ColumnHeads columns={['write', 'key', 'acknowledged', 'lost']} />
          <tbody>
            {shown.map((w) => (
              <tr key={w.writeId}>
                <td>
                  <button type="button" className="cache-link" onClick={() => void api.openRequest(w.requestId)} title="Show this write's story">
                    #{w.writeId}
                  </button>
                </td>
                <td>{w.key}</td>
                <td>{seconds(w.acknowledgedAt)}</td>
                <td>{seconds(w.lostAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {detail.lostWrites.length > shown.length && <p className="cache-muted">and {detail.lostWrites.length - shown.length} more (all in the event log)</p>}
    </div>
  );
}

/** " after the 10 s warm-up" when the counts leave out a warm-up. */
export function sinceWarmup(detail: CachingDetail): string {
  return detail.warmupMs > 0 ? ` after the ${detail.warmupMs / 1000} s warm-up` : '';
}

/** Reads that got an older row than the database had committed, newest first, with their cause. */
export function StaleReads({ detail, api }: { detail: CachingDetail; api: Api }) {
  const share = detail.readsTotal === 0 ? 0 : (detail.staleTotal / detail.readsTotal) * 100;
  const open = (s: StaleReadSummary) => void api.openRequest(s.id);
  return (
    <div className="lab-problems" data-testid="stale-reads">
      <h3>
        Stale reads: <span className="lab-problems-count cache-stale-count">{detail.staleTotal}</span>
        <span className="cache-muted">
          {' '}
          of {detail.readsTotal.toLocaleString('en-US')} reads{sinceWarmup(detail)} ({share.toFixed(1)}%) returned an older row than the database had committed
        </span>
      </h3>
      {detail.staleReads.length === 0 ? (
        <p className="cache-muted">None yet.</p>
      ) : (
        <ul className="lab-problems-list">
          {detail.staleReads.slice(0, 6).map((s) => (
            <li key={s.id}>
              <button type="button" className="lab-problems-item cache-stale-item" onClick={() => open(s)} title="Show this read's story: where its row came from and why it was old">
                <span className={`lab-problem-badge cache-badge--${s.cause}`}>{causeLabel(s.cause, detail)}</span> {seconds(s.t)} · key {s.key} returned {version(s.sawWriteId)}; the database had <strong>write #{s.dbWriteId}</strong>
                {s.t < detail.warmupMs && <span className="cache-muted"> · in the warm-up, not counted</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
