import { useState } from 'react';
import { SnippetTabs } from '../../../settings/SnippetTabs';
import type { CachingParams } from '../params';
import { strategySnippets } from './strategyCode';

/** The run's caching strategy as code (closed at first: the figures come first; written only once opened). */
export function StrategyCode({ params }: { params: CachingParams }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="cache-code" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="caching-code">
      <summary>
        <h3>Strategy as code</h3>
        <span className="cache-muted">this run&apos;s reads, writes, TTL and stampede protection in Python with redis-py, and its eviction in redis.conf</span>
      </summary>
      {open && <SnippetTabs snippets={strategySnippets(params)} label="Form" testId="caching-code" />}
    </details>
  );
}
