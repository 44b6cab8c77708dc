import { useMemo, useRef } from 'react';
import type { LabSnapshot, Particle } from '../../lab/snapshot';
import { edgeSegment, sharedLayout, type NodeBox, type TopologyLayout } from '../../viz/topologyLayout';
import { useElementSize } from '../../viz/useElementSize';
import { NodeBadges } from '../../viz/TopologyView';
import { TopologyEdges } from '../../viz/TopologyEdges';

/** At most this many requests are drawn per stage (two stages share one frame). */
const MAX_DRAWN = 300;

/**
 * One side's topology, nodes and requests in flight, drawn as SVG from its snapshot: a lighter
 * cousin of the lab page's stage (no clicks, no canvas layer), so two fit side by side.
 */
export function CompareStage({ side, snapshot, title }: { side: 'A' | 'B'; snapshot: LabSnapshot | null; title: string }) {
  const wrap = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(wrap);
  const topology = snapshot?.topology ?? null;
  const layout = useMemo(() => (topology === null || width === 0 ? null : sharedLayout(topology, width, height)), [topology, width, height]);
  const description = topology === null ? 'Loading' : topology.nodes.map((n) => `${n.label}: ${n.badges.map((b) => `${b.label} ${b.value}`).join(', ')}`).join('. ');
  return (
    <div className="compare-stage-body" ref={wrap}>
      {layout !== null && snapshot !== null && (
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${side}: ${title}. ${description}`} className="topology-svg">
          <TopologyEdges edges={snapshot.topology.edges} layout={layout} markerId={`compare-arrow-${side}`} withLabels={false} />
          {[...layout.boxes.values()].map((box) => (
            <Node key={box.node.id} box={box} layout={layout} />
          ))}
          <Requests particles={snapshot.particles} layout={layout} t={snapshot.t} />
        </svg>
      )}
    </div>
  );
}

function Node({ box, layout }: { box: NodeBox; layout: TopologyLayout }) {
  const { node } = box;
  return (
    <g className={`node node--${node.kind} node--${node.status}`} transform={`translate(${box.left},${box.top})`} data-node-id={node.id}>
      <rect className="node-box" width={box.w} height={box.h} rx={10} />
      <text className="node-label" x={12} y={box.labelY} fontSize={layout.fontLabel}>
        {node.label}
      </text>
      <NodeBadges box={box} layout={layout} />
      {node.slots?.map((slot, i) => {
        const at = box.slots[i];
        return at === undefined ? null : <rect key={i} className={`slot slot--${slot}`} x={at.x} y={at.y} width={box.slotSize} height={box.slotSize} rx={2} />;
      })}
      {node.queueLength !== undefined && node.queueLength > 0 && (
        <text className="node-queue" x={box.w} y={box.h + Math.round(layout.fontBadge * 1.3)} textAnchor="end" fontSize={layout.fontBadge}>
          queue: {node.queueLength} waiting
        </text>
      )}
    </g>
  );
}

/** Requests as dots: moving ones between their nodes at the snapshot's time, waiting ones in their node's lane. */
function Requests({ particles, layout, t }: { particles: readonly Particle[]; layout: TopologyLayout; t: number }) {
  const waitingAt = new Map<string, number>();
  const dots: { id: number; x: number; y: number; state: Particle['state'] }[] = [];
  for (const p of particles.slice(0, MAX_DRAWN)) {
    const from = layout.boxes.get(p.from);
    const to = layout.boxes.get(p.to);
    if (from === undefined || to === undefined) continue;
    if (p.from === p.to) {
      const n = waitingAt.get(p.from) ?? 0;
      waitingAt.set(p.from, n + 1);
      const lane = from.lane;
      if (n >= lane.rows * lane.cols) continue;
      const col = n % lane.cols;
      const row = Math.floor(n / lane.cols);
      dots.push({ id: p.id, x: lane.left + lane.width - (col + 0.5) * (lane.dot + lane.gap), y: lane.top + (row + 0.5) * (lane.dot + lane.gap), state: p.state });
      continue;
    }
    const s = edgeSegment(from, to);
    const f = p.t1 <= p.t0 ? 1 : Math.max(0, Math.min(1, (t - p.t0) / (p.t1 - p.t0)));
    dots.push({ id: p.id, x: s.x1 + (s.x2 - s.x1) * f, y: s.y1 + (s.y2 - s.y1) * f, state: p.state });
  }
  const r = Math.max(2.5, 3.5 * layout.scale);
  return (
    <g className="compare-requests" aria-hidden="true">
      {dots.map((d) => (
        <circle key={d.id} cx={d.x} cy={d.y} r={r} className={`compare-dot compare-dot--${d.state}`} />
      ))}
    </g>
  );
}
