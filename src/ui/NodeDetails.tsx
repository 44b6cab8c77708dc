import type { ReactNode } from 'react';
import { formatSeconds } from '../app/format';
import { clearSelection } from '../store/selectionSlice';
import { useAppStore } from '../store/store';

function Pair({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="details-pair">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Details of the clicked node or request. */
export function NodeDetails() {
  const nodeId = useAppStore((s) => s.selection.nodeId);
  const particle = useAppStore((s) => s.selection.particle);
  const node = useAppStore((s) => (nodeId === null ? undefined : s.snapshot.latest?.topology.nodes.find((n) => n.id === nodeId)));
  if (node === undefined && particle === null) {
    return <p className="details-hint">Click a node or a moving request for its details.</p>;
  }
  const waiting = particle !== null && particle.from === particle.to;
  return (
    <section className="panel details" aria-labelledby="details-title">
      <div className="details-head">
        <h2 id="details-title">{node !== undefined ? node.label : `Request #${particle!.id}`}</h2>
        <button type="button" className="icon-button" onClick={clearSelection} aria-label="Close details">
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {node !== undefined ? (
        <>
          <dl className="details-list">
            <Pair term="Kind">{node.kind}</Pair>
            <Pair term="Status">{node.status}</Pair>
            {node.badges.map((b) => (
              <Pair key={b.label} term={b.label}>
                {b.value}
              </Pair>
            ))}
            {node.queueLength !== undefined && <Pair term="Waiting">{node.queueLength}</Pair>}
            {node.slots !== undefined && (
              <Pair term="Slots">
                {node.slots.length} ({node.slots.filter((s) => s === 'busy').length} busy)
              </Pair>
            )}
          </dl>
          <p className="panel-note">The SQL console for each node arrives with the cluster labs.</p>
        </>
      ) : (
        <dl className="details-list">
          <Pair term="State">{particle!.state}</Pair>
          <Pair term={waiting ? 'Waiting at' : 'From → to'}>{waiting ? particle!.from : `${particle!.from} → ${particle!.to}`}</Pair>
          <Pair term={waiting ? 'Since' : 'Leaves → arrives'}>
            {waiting ? `${formatSeconds(particle!.t0)} s` : `${formatSeconds(particle!.t0)} s → ${formatSeconds(particle!.t1)} s`}
          </Pair>
        </dl>
      )}
    </section>
  );
}
