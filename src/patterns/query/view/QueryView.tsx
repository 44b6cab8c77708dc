import './query.css';
import type { LabViewProps } from '../../../lab/view';
import type { QueryDetail } from '../detail';
import type { QueryParams } from '../params';
import { IndexLab } from './IndexLab';
import { StrategyPanel } from './StrategyPanel';

/** The query lab's own panel: the three strategies to scale, then indexes and real plans. */
export default function QueryView({ api }: LabViewProps<QueryParams, QueryDetail>) {
  return (
    <section className="panel lab-view query-view" aria-label="Query lab">
      <StrategyPanel api={api} />
      <IndexLab api={api} />
    </section>
  );
}
