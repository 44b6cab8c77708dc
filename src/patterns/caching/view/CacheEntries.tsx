import type { CSSProperties } from 'react';
import type { CachingDetail, EntryView } from '../detail';

/** How long an eviction stays drawn, ms of simulated time. */
const EVICTION_SHOWN_MS = 2000;

function describe(e: EntryView, ttlMs: number): string {
  const parts = [`key ${e.key}`, e.writeId === 0 ? 'original row' : `write #${e.writeId}`, `heat ${(e.heat * 100).toFixed(0)}%`];
  if (e.expired) parts.push('expired (served while revalidating)');
  else if (ttlMs > 0) parts.push(`${Math.round(e.life * 100)}% of its TTL left`);
  if (e.dirty) parts.push('not flushed to the database yet');
  if (e.stale) parts.push('older than the database');
  return parts.join(' · ');
}

/**
 * The cache's entries as cells, by key: the hotter (more hits), the brighter; the nearer its expiry,
 * the fainter. Outlined in red: older than the database; dashed: a write not flushed yet. Recent
 * evictions are listed beside.
 */
export function CacheEntries({ detail, now }: { detail: CachingDetail; now: number }) {
  const evicted = detail.recentEvictions.filter((e) => now - e.t < EVICTION_SHOWN_MS).slice(-8);
  const capacity = detail.capacity > 0 ? ` of ${detail.capacity}` : ' (unbounded)';
  return (
    <div className="cache-entries" data-testid="cache-entries">
      <h3>
        Cache entries <span className="cache-muted">{detail.entryCount.toLocaleString('en-US')}{capacity}{detail.entries.length < detail.entryCount ? `; the ${detail.entries.length} hottest drawn` : ''}</span>
      </h3>
      {!detail.cacheUp ? (
        <p className="cache-down-note">The cache is down: its entries are gone.</p>
      ) : detail.entries.length === 0 ? (
        <p className="cache-muted">Empty.</p>
      ) : (
        <div className="cache-grid" role="list" aria-label="Cached keys">
          {detail.entries.map((e) => (
            <span
              key={e.key}
              role="listitem"
              className={`cache-cell${e.stale ? ' cache-cell--stale' : ''}${e.dirty ? ' cache-cell--dirty' : ''}${e.expired ? ' cache-cell--expired' : ''}`}
              style={{ '--strength': ((0.15 + 0.85 * e.heat) * (0.25 + 0.75 * e.life)).toFixed(3) } as CSSProperties}
              title={describe(e, detail.ttlMs)}
            >
              {e.key}
            </span>
          ))}
        </div>
      )}
      <p className="cache-legend cache-muted">
        Brighter: more hits. Fainter: nearer its TTL. <span className="cache-legend-stale">Red outline</span>: older than the database.{' '}
        {detail.strategy === 'write-behind' && (
          <>
            <span className="cache-legend-dirty">Dashed</span>: written, not flushed yet.{' '}
          </>
        )}
        {evicted.length > 0 && <span data-testid="evictions">Just evicted: {evicted.map((e) => e.key).join(', ')}</span>}
      </p>
    </div>
  );
}
