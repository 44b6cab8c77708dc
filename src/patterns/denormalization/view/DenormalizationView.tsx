import type { LabViewProps } from '../../../lab/view';
import type { DenormDetail } from '../detail';
import type { DenormParams } from '../params';

/** The denormalization lab's own panel. */
export default function DenormalizationView({ api }: LabViewProps<DenormParams, DenormDetail>) {
  const detail = api.useDetail();
  if (detail?.kind !== 'denormalization') return null;
  return <section className="panel lab-view denorm-view" aria-label="Denormalization" data-testid="denormalization-view" />;
}
