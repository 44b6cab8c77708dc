import './caching.css';
import type { LabViewProps } from '../../../lab/view';
import type { CachingDetail } from '../detail';
import type { CachingParams } from '../params';
import { CacheControls } from './CacheControls';
import { CacheEntries } from './CacheEntries';
import { LostWrites, sinceWarmup, StaleReads } from './ReadWriteProblems';
import { LoadsInFlight, PendingWrites } from './QueueAndLoads';
import { StrategyCode } from './StrategyCode';

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The caching lab's panel: what a learner must see at a glance. Writes a crash lost and stale
 * reads come first, in the danger colour (each opens its story); then the buttons (the same
 * actions a scenario scripts); then the cache itself, entry by entry (hot ones bright, expiring
 * ones fading), the write-behind queue, and the loads of one key in flight (a stampede).
 */
export default function CachingView({ api }: LabViewProps<CachingParams, CachingDetail>) {
  const detail = api.useDetail();
  const now = api.useTime();
  const { loaded } = api.usePlayback();
  const params = api.useParams();
  // The latest snapshot may still be another lab's for a moment after switching labs.
  if (detail?.kind !== 'caching') return null;
  const hasCache = detail.strategy !== 'none';
  return (
    <section className="panel lab-view caching-view" aria-label="Caching" data-testid="caching-view">
      <header className="cache-head">
        <div className="cache-hit" data-testid="hit-ratio">
          <span className="cache-hit-value">{hasCache ? percent(detail.hitRatio) : '—'}</span>
          <span className="cache-muted"> hit ratio · {detail.readsTotal.toLocaleString('en-US')} reads{sinceWarmup(detail)}</span>
        </div>
        <div className="cache-muted">
          Strategy <strong>{detail.strategy}</strong>
          {hasCache && (
            <>
              {' · '}cache{' '}
              <span className={detail.cacheUp ? 'cache-up' : 'cache-down'} data-testid="cache-state">
                {detail.cacheUp ? 'running' : 'crashed'}
              </span>
            </>
          )}
        </div>
      </header>
      {detail.lostTotal > 0 && <LostWrites detail={detail} api={api} />}
      <StaleReads detail={detail} api={api} />
      <CacheControls detail={detail} api={api} disabled={!loaded} />
      {hasCache && <CacheEntries detail={detail} now={now} />}
      {detail.strategy === 'write-behind' && <PendingWrites detail={detail} now={now} />}
      <LoadsInFlight detail={detail} />
      {detail.events.length > 0 && (
        <div className="cache-events">
          <h3>Cache events</h3>
          <ol>
            {detail.events
              .slice(-6)
              .reverse()
              .map((e, i) => (
                <li key={`${e.t}-${i}`} className={`cache-event cache-event--${e.kind}`}>
                  <span className="cache-time">{(e.t / 1000).toFixed(2)} s</span> {e.what}
                </li>
              ))}
          </ol>
        </div>
      )}
      <StrategyCode params={params} />
    </section>
  );
}
