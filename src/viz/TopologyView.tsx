import { useEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { SlotState, TopologyNode } from '../lab/snapshot';
import { chooseParticle, openSqlConsole } from '../app/labTools';
import { selectNode } from '../store/selectionSlice';
import { useAppStore } from '../store/store';
import { ParticleLayer } from './particleLayer';
import { edgeSegment, sharedLayout, type NodeBox, type TopologyLayout } from './topologyLayout';
import { useElementSize } from './useElementSize';

/**
 * The lab's topology: nodes and edges as SVG rendered by React (d3-style maths in
 * topologyLayout.ts), with the particle canvas layered on top. Clicking a node selects it;
 * clicking a particle selects that request.
 */
export function TopologyView({ title, consoleNodes = false }: { title: string; consoleNodes?: boolean }) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layerRef = useRef<ParticleLayer | null>(null);
  const { width, height } = useElementSize(wrapRef);
  const topology = useAppStore((s) => s.snapshot.latest?.topology ?? null);
  const selectedNode = useAppStore((s) => s.selection.nodeId);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    const layer = new ParticleLayer(canvas);
    layerRef.current = layer;
    return () => {
      layer.destroy();
      layerRef.current = null;
    };
  }, []);

  useEffect(() => {
    layerRef.current?.resize(width, height);
  }, [width, height]);

  const layout = useMemo(() => (topology === null || width === 0 ? null : sharedLayout(topology, width, height)), [topology, width, height]);

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const hit = layerRef.current?.hitTest(event.clientX - rect.left, event.clientY - rect.top) ?? null;
    if (hit !== null) {
      chooseParticle(hit);
      return;
    }
    const nodeEl = (event.target as Element).closest('[data-node-id]');
    const nodeId = nodeEl?.getAttribute('data-node-id') ?? null;
    selectNode(nodeId);
    if (nodeId !== null && consoleNodes && nodeEl?.getAttribute('data-kind') === 'database') openSqlConsole(nodeId);
  };

  const description = topology === null ? 'Loading' : topology.nodes.map((n) => `${n.label}: ${n.badges.map((b) => `${b.label} ${b.value}`).join(', ')}`).join('. ');

  return (
    <div className="topology" ref={wrapRef} onClick={onClick}>
      {layout !== null && (
        <svg className="topology-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="group" aria-label={`${title} topology. ${description}`}>
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" className="edge-arrow" />
            </marker>
          </defs>
          {topology!.edges.map((edge) => {
            const a = layout.boxes.get(edge.from);
            const b = layout.boxes.get(edge.to);
            if (a === undefined || b === undefined) return null;
            const s = edgeSegment(a, b);
            return (
              <g key={`${edge.from}-${edge.to}`} className={edge.cut ? 'edge edge--cut' : 'edge'}>
                <line x1={s.x1} y1={s.y1} x2={s.x2} y2={s.y2} markerEnd="url(#arrow)" />
                {edge.label !== undefined && (
                  // Above the band the particles spread over (±11 px × scale), so moving requests never hide it.
                  <text x={(s.x1 + s.x2) / 2} y={(s.y1 + s.y2) / 2 - Math.round(11 * layout.scale) - 6} textAnchor="middle" fontSize={layout.fontBadge}>
                    {edge.label}
                  </text>
                )}
              </g>
            );
          })}
          {[...layout.boxes.values()].map((box) => (
            <NodeShape key={box.node.id} box={box} layout={layout} selected={box.node.id === selectedNode} hasConsole={consoleNodes && box.node.kind === 'database'} />
          ))}
        </svg>
      )}
      <canvas ref={canvasRef} className="particles" aria-hidden="true" />
    </div>
  );
}

const SLOT_TEXT: Record<SlotState, string> = { idle: 'idle', busy: 'busy', opening: 'opening', leaked: 'leaked', closed: 'closed' };

function slotSummary(slots: readonly SlotState[]): string {
  const counts = new Map<SlotState, number>();
  for (const s of slots) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${SLOT_TEXT[s]}`).join(', ');
}

function nodeLabel(node: TopologyNode): string {
  const parts = [node.label, `status ${node.status}`, ...node.badges.map((b) => `${b.label} ${b.value}`)];
  if (node.slots !== undefined) parts.push(`slots: ${slotSummary(node.slots)}`);
  if (node.queueLength !== undefined) parts.push(`${node.queueLength} waiting`);
  return parts.join('; ');
}

/** The console hint sits centred under its node, or aligned to the node's edge where centring would leave the canvas. */
function hintPlacement(box: NodeBox, layout: TopologyLayout): { x: number; textAnchor: 'start' | 'middle' | 'end' } {
  const half = (HINT_CHARS * layout.fontBadge * 0.55) / 2;
  const centre = box.left + box.w / 2;
  if (centre + half > layout.width) return { x: box.w, textAnchor: 'end' };
  if (centre - half < 0) return { x: 0, textAnchor: 'start' };
  return { x: box.w / 2, textAnchor: 'middle' };
}

const HINT_CHARS = '▸ click for the SQL console'.length;

function NodeShape({ box, layout, selected, hasConsole }: { box: NodeBox; layout: TopologyLayout; selected: boolean; hasConsole: boolean }) {
  const { node } = box;
  const { fontLabel, fontBadge } = layout;
  const dotR = Math.round(fontLabel * 0.3);
  const onKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    if ((event.key === 'Enter' || event.key === ' ') && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      event.stopPropagation();
      selectNode(selected && !hasConsole ? null : node.id);
      if (hasConsole) openSqlConsole(node.id);
    }
  };
  return (
    <g
      className={`node node--${node.kind} node--${node.status}${selected ? ' node--selected' : ''}`}
      transform={`translate(${box.left},${box.top})`}
      data-node-id={node.id}
      data-kind={node.kind}
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      aria-label={hasConsole ? `${nodeLabel(node)}. Opens the SQL console.` : nodeLabel(node)}
      onKeyDown={onKeyDown}
    >
      <rect className="node-box" width={box.w} height={box.h} rx={10} />
      <circle className="node-status" cx={12 + dotR} cy={box.labelY - fontLabel * 0.35} r={dotR}>
        <title>{`status: ${node.status}`}</title>
      </circle>
      <text className="node-label" x={12 + dotR * 2 + 7} y={box.labelY} fontSize={fontLabel}>
        {node.label}
      </text>
      {node.badges.map((badge, i) => (
        <text key={badge.label} className="node-badge" x={12} y={box.badgeY[i]} fontSize={fontBadge}>
          <tspan className="node-badge-label">{badge.label} </tspan>
          <tspan className="node-badge-value">{badge.value}</tspan>
        </text>
      ))}
      {hasConsole && (
        <text className="node-hint" {...hintPlacement(box, layout)} y={box.h + Math.round(fontBadge * 1.4)} fontSize={fontBadge}>
          ▸ click for the SQL console
        </text>
      )}
      {node.slots?.map((slot, i) => {
        const at = box.slots[i]!;
        return <rect key={i} className={`slot slot--${slot}`} x={at.x} y={at.y} width={box.slotSize} height={box.slotSize} rx={2} />;
      })}
      {node.queueLength !== undefined && (
        <text
          className="node-queue"
          x={layout.portrait ? box.lane.left - box.left : box.w}
          y={box.lane.top - box.top - Math.round(fontBadge * 0.55)}
          textAnchor={layout.portrait ? 'start' : 'end'}
          fontSize={fontBadge}
        >
          {node.queueLength === 0 ? 'queue empty' : layout.portrait ? `${node.queueLength} waiting` : `queue: ${node.queueLength} waiting`}
        </text>
      )}
    </g>
  );
}
