import type { LabViewProps } from '../../../lab/view';
import type { CachingDetail } from '../detail';
import type { CachingParams } from '../params';

export default function CachingView({ api }: LabViewProps<CachingParams, CachingDetail>) {
  const detail = api.useDetail();
  if (detail?.kind !== 'caching') return null;
  return <section className="panel lab-view caching-view" data-testid="caching-view" />;
}
