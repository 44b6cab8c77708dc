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
      <section className="pooling-code" aria-labelledby="pooling-code-title" data-testid="pooling-code">
        <h2 id="pooling-code-title">Settings as code</h2>
        <p className="panel-note">
          This run&apos;s pool as each library configures it. Libraries do not mean the same thing by the same words; what one cannot say is said in a comment.
        </p>
        <SettingsCode params={params} />
        <PasteSettings />
      </section>
    </section>
  );
}
