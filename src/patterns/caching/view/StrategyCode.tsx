import { CodePanel } from '../../../lab/kit/view/CodePanel';
import type { CachingParams } from '../params';
import { strategySnippets } from './strategyCode';

/** The run's caching strategy as code. */
export function StrategyCode({ params }: { params: CachingParams }) {
  return (
    <CodePanel
      title="Strategy as code"
      heading="h3"
      note="this run's reads, writes, TTL and stampede protection in Python with redis-py, and its eviction in redis.conf"
      testId="caching-code"
      className="cache-code"
      snippets={() => strategySnippets(params)}
    />
  );
}
