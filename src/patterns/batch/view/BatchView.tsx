import './batch.css';
import type { LabViewProps } from '../../../lab/view';
import type { BatchDetail } from '../detail';
import { batchParams, type BatchParams } from '../params';
import { DriverPanel } from './DriverPanel';
import { LoadTimeline } from './LoadTimeline';
import { MethodComparison } from './MethodComparison';
import { OutcomePanel } from './OutcomePanel';
import { RoundTripUpClose } from './RoundTripUpClose';
import { SeedTable } from './SeedTable';

const DEFAULTS = Object.fromEntries(batchParams.map((p) => [p.key, p.default])) as BatchParams;

/** The batch lab's own panel: the run's timeline, what it left in the table, the methods compared, what drivers send. */
export default function BatchView({ api }: LabViewProps<BatchParams, BatchDetail>) {
  // The page knows no parameters until the lab's first run is loaded.
  const params: BatchParams = { ...DEFAULTS, ...api.useParams() };
  const detail = api.useDetail();
  const now = api.useTime();
  return (
    <section className="panel lab-view batch-view" aria-label="Batch operations lab">
      <LoadTimeline detail={detail} params={params} now={now} />
      <RoundTripUpClose params={params} />
      <OutcomePanel api={api} detail={detail} params={params} />
      <MethodComparison params={params} />
      <DriverPanel method={params.method} batchSize={params.batchSize} />
      <SeedTable />
    </section>
  );
}
