import type { DenormDetail } from '../detail';
import { duration, READ_MODEL_WORDS } from './format';

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
    </figure>
  );
}
