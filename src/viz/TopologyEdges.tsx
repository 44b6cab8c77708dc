import type { TopologyEdge } from '../lab/snapshot';
import { edgeSegment, type TopologyLayout } from './topologyLayout';

/**
 * The edges of a laid-out topology as SVG arrows (a cut link dashed), with the arrowhead marker
 * they point with. `markerId` must be unique in the page (two stages side by side draw their own);
 * `withLabels` writes each edge's label above it.
 */
export function TopologyEdges({ edges, layout, markerId, withLabels }: { edges: readonly TopologyEdge[]; layout: TopologyLayout; markerId: string; withLabels: boolean }) {
  return (
    <>
      <defs>
        <marker id={markerId} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="edge-arrow" />
        </marker>
      </defs>
      {edges.map((edge) => {
        const a = layout.boxes.get(edge.from);
        const b = layout.boxes.get(edge.to);
        if (a === undefined || b === undefined) return null;
        const s = edgeSegment(a, b);
        return (
          <g key={`${edge.from}-${edge.to}`} className={edge.cut ? 'edge edge--cut' : 'edge'}>
            <line x1={s.x1} y1={s.y1} x2={s.x2} y2={s.y2} markerEnd={`url(#${markerId})`} />
            {withLabels && edge.label !== undefined && (
              // Above the band the particles spread over (±11 px × scale), so moving requests never hide it.
              <text x={(s.x1 + s.x2) / 2} y={(s.y1 + s.y2) / 2 - Math.round(11 * layout.scale) - 6} textAnchor="middle" fontSize={layout.fontBadge}>
                {edge.label}
              </text>
            )}
          </g>
        );
      })}
    </>
  );
}
