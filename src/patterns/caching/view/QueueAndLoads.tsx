import type { CachingDetail } from '../detail';

/** The write-behind queue: every pending write (acknowledged, not in the database), the batch on its way highlighted. */
export function PendingWrites({ detail, now }: { detail: CachingDetail; now: number }) {
  const oldest = detail.queue.length > 0 ? Math.min(...detail.queue.map((w) => w.acknowledgedAt)) : now;
  return (
    <div className="cache-queue" data-testid="write-behind-queue">
      <h3>
        Write-behind queue: <span className="cache-queue-count">{detail.pending}</span>
        <span className="cache-muted">
          {' '}
          pending (acknowledged, not in the database){detail.pending > 0 ? `, the oldest ${((now - oldest) / 1000).toFixed(2)} s old` : ''} · {detail.flushed.toLocaleString('en-US')} flushed
        </span>
      </h3>
      <div className="cache-queue-bar" aria-label={`${detail.pending} pending writes`}>
        {detail.queue.map((w) => (
          <span key={w.writeId} className={`cache-queue-cell${w.sending ? ' cache-queue-cell--sending' : ''}`} title={`write #${w.writeId} of key ${w.key}${w.sending ? ', on its way to the database' : ''}`} />
        ))}
        {detail.pending > detail.queue.length && <span className="cache-muted"> +{detail.pending - detail.queue.length}</span>}
      </div>
    </div>
  );
}

/** Database loads in flight by key: more than one load of a key at once is a stampede. */
export function LoadsInFlight({ detail }: { detail: CachingDetail }) {
  const most = Math.max(1, ...detail.loadsInFlight.map((l) => l.loads));
  return (
    <div className="cache-loads" data-testid="loads-in-flight">
      <h3>
        Database loads in flight <span className="cache-muted">· most of one key at once so far: </span>
        <span className={detail.maxConcurrentLoads > 1 ? 'cache-bad' : undefined}>{detail.maxConcurrentLoads}</span>
      </h3>
      {detail.loadsInFlight.length === 0 ? (
        <p className="cache-muted">None right now.</p>
      ) : (
        <ul className="cache-load-list">
          {detail.loadsInFlight.map((l) => (
            <li key={l.key}>
              <span className="cache-load-key">key {l.key}</span>
              <span className={`cache-load-bar${l.loads > 1 ? ' cache-load-bar--many' : ''}`} style={{ width: `${(l.loads / most) * 100}%` }} />
              <span className="cache-load-count">{l.loads}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
