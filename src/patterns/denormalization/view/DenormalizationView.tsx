import './denormalization.css';
import type { LabViewProps } from '../../../lab/view';
import type { DenormDetail } from '../detail';
import type { DenormParams } from '../params';
import { DriftList } from './DriftList';
import { PlansSideBySide } from './PlansSideBySide';
import { RefreshTimeline } from './RefreshTimeline';
import { SchemaDiagram } from './SchemaDiagram';
import { StalenessGauge } from './StalenessGauge';
import { StorageBars } from './StorageBars';

/**
 * The denormalization lab's panel: the five tables and the copy with the writes that must follow
 * them, how stale the copy is, its refreshes (and the readers a plain one blocks), the lines that
 * drifted, what it costs on disk, and the two real plans side by side.
 */
export default function DenormalizationView({ api }: LabViewProps<DenormParams, DenormDetail>) {
  const detail = api.useDetail();
  const { loaded } = api.usePlayback();
  // The latest snapshot may still be another lab's for a moment after switching labs.
  if (detail?.kind !== 'denormalization') return null;
  return (
    <section className="panel lab-view denorm-view" aria-label="Denormalization" data-testid="denormalization-view">
      {detail.setupError !== null && (
        <p className="denorm-alert" role="alert">
          Building the copy on PGlite failed: {detail.setupError}
        </p>
      )}
      <div className="denorm-row">
        <SchemaDiagram detail={detail} />
        <StalenessGauge detail={detail} />
      </div>
      <RefreshTimeline detail={detail} api={api} disabled={!loaded} />
      <div className="denorm-row">
        <DriftList detail={detail} api={api} />
        <StorageBars detail={detail} />
      </div>
      <PlansSideBySide detail={detail} api={api} />
    </section>
  );
}
