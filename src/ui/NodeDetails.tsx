import type { ReactNode } from 'react';
import { openSqlConsole } from '../app/labTools';
import type { AnyLab } from '../lab/defineLab';
import { clearSelection } from '../store/selectionSlice';
import { useAppStore } from '../store/store';
import { RequestDetails } from './RequestDetails';
import { describeNode, useNodeStatus } from '../cluster/clusterStatusStore';

function Pair({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="details-pair">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Details of the clicked node or request. */
export function NodeDetails({ lab }: { lab: AnyLab }) {
  const nodeId = useAppStore((s) => s.selection.nodeId);
  const particle = useAppStore((s) => s.selection.particle);
  const node = useAppStore((s) => (nodeId === null ? undefined : s.snapshot.calm?.topology.nodes.find((n) => n.id === nodeId)));
  const consoleOpen = useAppStore((s) => s.console.open);
  const db = useNodeStatus(node?.kind === 'database' ? node.id : null);
  const params = useAppStore((s) => s.scenario.params);
  if (particle !== null) return <RequestDetails />;
  if (node === undefined) {
    return (
      <p className="details-hint">
        Click a node for its details{lab.dataset !== undefined ? ' (a database node opens its SQL console)' : ''}, or a request (a dot or a red cross) for its story; clicking
        a request pauses playback.
      </p>
    );
  }
  const hasConsole = lab.dataset !== undefined && node.kind === 'database';
  const ownLab = lab.nodeLab?.(node.id, params) ?? null;
  return (
    <section className="panel details" aria-labelledby="details-title">
      <div className="details-head">
        <h2 id="details-title">{node.label}</h2>
        <button type="button" className="icon-button" onClick={clearSelection} aria-label="Close details">
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <dl className="details-list">
        <Pair term="Kind">{node.kind}</Pair>
        <Pair term="Status">{node.status}</Pair>
        {node.badges.map((b) => (
          <Pair key={b.label} term={b.label}>
            {b.value}
          </Pair>
        ))}
        {db !== undefined && (
          <Pair term="PostgreSQL">
            <span data-testid="node-db-status">{describeNode(db)}</span>
          </Pair>
        )}
        {node.queueLength !== undefined && !node.badges.some((b) => b.label === 'waiting') && <Pair term="Waiting">{node.queueLength}</Pair>}
        {node.slots !== undefined && (
          <Pair term="Slots">
            {node.slots.length} ({node.slots.filter((s) => s === 'busy').length} busy)
          </Pair>
        )}
      </dl>
      {ownLab !== null && (
        <p>
          <a href={ownLab.href} data-testid="node-own-lab">
            {ownLab.label} →
          </a>
        </p>
      )}
      {hasConsole && !consoleOpen && (
        <button type="button" className="button" onClick={() => openSqlConsole(node.id)}>
          Open the SQL console
        </button>
      )}
    </section>
  );
}
