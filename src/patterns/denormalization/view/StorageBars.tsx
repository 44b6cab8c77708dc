import type { DenormDetail } from '../detail';
import { megabytes } from './format';

/** What the copy costs on disk, beside the five tables it copies (pg_total_relation_size). */
export function StorageBars({ detail: d }: { detail: DenormDetail }) {
  const { baseBytes, copyBytes, origin } = d.storage;
  const max = Math.max(baseBytes, copyBytes, 1);
  const bars = [
    { label: 'the five tables', bytes: baseBytes },
    { label: d.drift.relation ?? 'no copy', bytes: copyBytes },
  ];
  return (
    <figure className="denorm-card denorm-storage" aria-label="Storage">
      <h3>
        Storage <span className={`origin origin--${origin === 'real' ? 'real' : 'simulated'}`}>{origin === 'real' ? 'real' : 'measured earlier'}</span>
      </h3>
      <div className="denorm-bars">
        {bars.map((b) => (
          <div key={b.label} className="denorm-bar">
            <span className="denorm-bar-label">{b.label}</span>
            <span className="denorm-bar-track">
              <span className="denorm-bar-fill" style={{ width: `${(b.bytes / max) * 100}%` }} />
            </span>
            <span className="denorm-bar-value">{megabytes(b.bytes)}</span>
          </div>
        ))}
      </div>
      <p className="denorm-muted">
        {copyBytes > 0 ? `The copy adds ${Math.round((copyBytes / baseBytes) * 100)}% to the tables it copies: customer and product columns repeated on every order line, plus its own indexes.` : 'The normalized read stores nothing twice.'}
      </p>
    </figure>
  );
}
