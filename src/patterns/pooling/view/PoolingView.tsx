import './pooling.css';
import type { LabViewProps } from '../../../lab/view';
import { poolingParams, type PoolingParams } from '../params';
import { PasteSettings } from './PasteSettings';
import { SettingsCode } from './SettingsCode';

const DEFAULTS = Object.fromEntries(poolingParams.map((p) => [p.key, p.default])) as PoolingParams;

/** The pooling lab's own panel: its pool as each library's settings, and a learner's settings read back. */
export default function PoolingView({ api }: LabViewProps<PoolingParams>) {
  // The page knows no parameters until the lab's first run is loaded.
  const params: PoolingParams = { ...DEFAULTS, ...api.useParams() };
  return (
    <section className="panel lab-view pooling-view" aria-label="Connection pooling lab">
      {/* Closed at first, so the run's headline figures stay in the first screen under the diagram. */}
      <details className="pooling-code" data-testid="pooling-code">
        <summary>
          <h2>Settings as code</h2>
          <span className="pooling-code-summary">this pool as psycopg2, psycopg 3, SQLAlchemy, node-postgres, Go, HikariCP (properties or Spring YAML) or PgBouncer settings; or paste yours</span>
        </summary>
        <p className="panel-note">
          This run&apos;s pool as each library configures it. Libraries do not mean the same thing by the same words; what one cannot say is said in a comment.
        </p>
        <SettingsCode params={params} />
        <PasteSettings />
      </details>
    </section>
  );
}
