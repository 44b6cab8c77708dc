import { useState } from 'react';
import { SnippetTabs } from '../../../settings/SnippetTabs';
import type { ReplicationParams } from '../params';
import { routingSnippets } from './routingCode';

/** The run's routing and read-your-writes rule as code (closed at first: the figures come first; written only once opened). */
export function RoutingCode({ params }: { params: ReplicationParams }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="repl-code" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="replication-code">
      <summary>
        <h2>Routing as code</h2>
        <span className="repl-muted">this run&apos;s read routing and read-your-writes rule in Python, and its synchronous_commit</span>
      </summary>
      {open && <SnippetTabs snippets={routingSnippets(params)} label="Form" testId="replication-code" />}
    </details>
  );
}
