import type { DenormDetail } from '../detail';
import { duration, READ_MODEL_WORDS } from './format';

/** What each way of reading costs in staleness, in words, the one in force first. */
const EVERY_MODEL: { key: string; label: string; staleness: string }[] = [
  { key: 'normalized', label: 'normalized join', staleness: 'never stale' },
  { key: 'trigger-maintained', label: 'copy kept by triggers', staleness: 'never stale: in the write\'s transaction' },
  { key: 'same-transaction', label: 'copy, same transaction', staleness: 'never stale, unless the application forgets' },
  { key: 'after-commit', label: 'copy, after the commit', staleness: 'a round trip after each write; forgotten copies for good' },
  { key: 'async-queue', label: 'copy through a queue', staleness: 'the queue delay after each write' },
  { key: 'scheduled', label: 'view, scheduled refresh', staleness: 'half the interval plus the refresh, on average' },
  { key: 'on-write', label: 'view, refreshed on write', staleness: 'about 0, paid by every write' },
  { key: 'manual', label: 'view, refreshed by hand', staleness: 'grows until someone refreshes' },
];

/** The row of {@link EVERY_MODEL} the run is in. */
function current(d: DenormDetail): string {
  if (d.readModel === 'denormalized-table') return d.syncMode;
  if (d.readModel === 'materialized-view') return d.refresh === 'concurrently' ? 'scheduled' : d.refresh;
  return d.readModel;
}

/**
 * How far behind the truth the read model is: now (the oldest committed change it does not show),
 * and over the reads so far (mean, p99), against what theory expects when it says something.
 */
export function StalenessGauge({ detail: d }: { detail: DenormDetail }) {
  const s = d.staleness;
  // Headroom above the largest figure, so a gauge at its maximum still reads as a level, not as "full".
  const scale = Math.max(s.maxS, s.nowS, (s.expectedS ?? 0) * 2, 1e-3) * 1.25;
  const at = (x: number) => `${Math.min(100, (x / scale) * 100)}%`;
  return (
    <figure className="denorm-card denorm-gauge" aria-label="Staleness">
      <h3>
        Staleness <span className="origin origin--simulated">simulated</span>
      </h3>
      <p className="denorm-muted">Reads from {READ_MODEL_WORDS[d.readModel]}.</p>
      <p className={s.nowS > 0 ? 'denorm-big denorm-danger' : 'denorm-big'} data-testid="staleness-now">
        {d.readModel === 'normalized' ? 'always 0 s behind' : `${duration(s.nowS)} behind now`}
      </p>
      <div className="denorm-gauge-track" role="meter" aria-label="Staleness now" aria-valuemin={0} aria-valuemax={scale} aria-valuenow={s.nowS}>
        <div className="denorm-gauge-fill" style={{ width: at(s.nowS) }} />
        {s.expectedS !== null && <div className="denorm-gauge-mark denorm-gauge-mark--theory" style={{ left: at(s.expectedS) }} title={`theory: ${duration(s.expectedS)}`} />}
        <div className="denorm-gauge-mark" style={{ left: at(s.meanS) }} title={`mean ${duration(s.meanS)}`} />
      </div>
      <dl className="denorm-figures">
        <dt>mean over reads</dt>
        <dd>{duration(s.meanS)}</dd>
        <dt>p99</dt>
        <dd>{duration(s.p99S)}</dd>
        <dt>stale reads</dt>
        <dd>{(s.staleReadFraction * 100).toFixed(1)}%</dd>
        {s.expectedS !== null && (
          <>
            <dt>
              <span className="origin origin--theory">theory</span>
            </dt>
            <dd title={s.expectedWhy ?? undefined}>
              {duration(s.expectedS)}: {s.expectedWhy}
            </dd>
          </>
        )}
      </dl>
      <ul className="denorm-models" aria-label="Staleness of each read model">
        {EVERY_MODEL.map((m) => (
          <li key={m.key} aria-current={m.key === current(d) ? 'true' : undefined}>
            <span>{m.label}</span> <span className="denorm-muted">{m.staleness}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
