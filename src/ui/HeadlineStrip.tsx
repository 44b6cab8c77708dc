import { formatFigure, unitAfter } from '../app/format';
import type { HeadlineFigure } from '../lab/snapshot';
import { useAppStore } from '../store/store';
import { shownHeadline } from '../store/snapshotSlice';

const ORIGIN_TEXT: Record<HeadlineFigure['origin'], { tag: string; meaning: string }> = {
  simulated: { tag: 'simulated', meaning: 'measured in the simulated run (engine time, modelled behaviour)' },
  real: { tag: 'real', meaning: 'from a real PostgreSQL (PGlite) in your browser' },
  theory: { tag: 'theory', meaning: 'predicted by a formula (e.g. Erlang C)' },
};

/** The lab's headline figures, large, each labelled with where it comes from. */
export function HeadlineStrip() {
  const figures = useAppStore((s) => shownHeadline(s.snapshot));
  const origins = new Set(figures.map((f) => f.origin));
  return (
    <section className="headline" aria-labelledby="headline-title">
      <h2 id="headline-title" className="visually-hidden">
        Headline figures
      </h2>
      <ul className="figures">
        {figures.map((f) => (
          <li key={f.key} className={`figure figure--${f.origin}`} data-key={f.key}>
            <span className="figure-label">{f.label}</span>
            <span className="figure-value">
              <span className="figure-number">{formatFigure(f.value)}</span>
              {f.unit !== '' && <span className="figure-unit">{f.unit === '%' ? '%' : `\u00a0${unitAfter(f.value, f.unit)}`}</span>}
            </span>
            <span className={`origin origin--${f.origin}`}>{ORIGIN_TEXT[f.origin].tag}</span>
          </li>
        ))}
      </ul>
      <ul className="origin-legend" aria-label="Where figures come from">
        {(['simulated', 'real', 'theory'] as const).map((o) => (
          <li key={o} className={origins.has(o) ? '' : 'origin-legend--absent'}>
            <span className={`origin origin--${o}`}>{ORIGIN_TEXT[o].tag}</span> {ORIGIN_TEXT[o].meaning}
          </li>
        ))}
      </ul>
    </section>
  );
}
