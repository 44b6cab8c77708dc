import './query.css';
import type { LabViewProps } from '../../../lab/view';
import { IndexLab } from './IndexLab';
import { StrategyPanel } from './StrategyPanel';

/** The query lab's own panel: the three strategies to scale, then indexes and real plans. */
export default function QueryView(_props: LabViewProps) {
  return (
    <section className="panel lab-view query-view" aria-label="Query lab">
      <StrategyPanel />
      <IndexLab />
    </section>
  );
}
