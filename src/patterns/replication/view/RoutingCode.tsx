import { CodePanel } from '../../../lab/kit/view/CodePanel';
import type { ReplicationParams } from '../params';
import { routingSnippets } from './routingCode';

/** The run's routing and read-your-writes rule as code. */
export function RoutingCode({ params }: { params: ReplicationParams }) {
  return (
    <CodePanel
      title="Routing as code"
      heading="h2"
      note="this run's read routing and read-your-writes rule in Python, and its synchronous_commit"
      testId="replication-code"
      className="repl-code"
      snippets={() => routingSnippets(params)}
    />
  );
}
