import { useEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import type { Particle, SlotState, TopologyNode } from '../lab/snapshot';
import { chooseParticle, openSqlConsole } from '../app/labTools';
import { selectNode } from '../store/selectionSlice';
import { useAppStore } from '../store/store';
import { HIT_RADIUS, ParticleLayer } from './particleLayer';
import { sharedLayout, type NodeBox, type TopologyLayout } from './topologyLayout';
import { TopologyEdges } from './TopologyEdges';
import { useElementSize } from './useElementSize';

/** Over a node, a click this close (px) to a request still means the request: dots sit on node edges. */
const NEAR_NODE_HIT_RADIUS = 2 * HIT_RADIUS;

/** A press and its click count as one click on what was under the press when they are this close (px). */
const SAME_PLACE = 6;

/**
 * The lab's topology: nodes and edges as SVG rendered by React (d3-style maths in
 * topologyLayout.ts), with the particle canvas layered on top. Clicking a node selects it;
 * clicking a particle selects that request, also where the particle sits on a node's edge; from
 * the keyboard, the request picker in the stage's corner does the same.
 */
export function TopologyView({ title, consoleNodes = false }: { title: string; consoleNodes?: boolean }) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layerRef = useRef<ParticleLayer | null>(null);
  const { width, height } = useElementSize(wrapRef);
  const topology = useAppStore((s) => s.snapshot.calm?.topology ?? null);
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

  // What was under the pointer when it went down: a request keeps moving while the button is
  // pressed, so the click would otherwise test where the dot has gone since.
  const pressed = useRef<{ x: number; y: number; hit: Particle | null } | null>(null);
  const requestAt = (x: number, y: number, target: EventTarget): Particle | null => {
    const layer = layerRef.current;
    if (layer === null) return null;
    const overNode = target instanceof Element && target.closest('[data-node-id]') !== null;
    return layer.hitTest(x, y) ?? (overNode ? layer.hitTest(x, y, NEAR_NODE_HIT_RADIUS) : null);
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    pressed.current = { x, y, hit: requestAt(x, y, event.target) };
  };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const press = pressed.current;
    pressed.current = null;
    const pressedHere = press !== null && Math.hypot(press.x - x, press.y - y) <= SAME_PLACE ? press.hit : null;
    const hit = pressedHere ?? requestAt(x, y, event.target);
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
    <div className="topology" ref={wrapRef} onClick={onClick} onPointerDown={onPointerDown}>
      {layout !== null && (
        <svg className="topology-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="group" aria-label={`${title} topology. ${description}`}>
          <TopologyEdges edges={topology!.edges} layout={layout} markerId="arrow" withLabels />
          {[...layout.boxes.values()].map((box) => (
            <NodeShape key={box.node.id} box={box} layout={layout} selected={box.node.id === selectedNode} hasConsole={consoleNodes && box.node.kind === 'database'} />
          ))}
        </svg>
      )}
      <canvas ref={canvasRef} className="particles" aria-hidden="true" />
      <RequestPicker />
    </div>
  );
}

const NO_PARTICLES: readonly Particle[] = [];

/**
 * The requests on screen from the keyboard: Tab reaches this button (drawn in the stage's corner
 * when focused); Enter opens the story of the selected request, or the first; ← and → (or ↑ ↓)
 * move to the previous or next request and open its story. Playback pauses, as for a click.
 */
function RequestPicker() {
  const particles = useAppStore((s) => s.snapshot.calm?.particles ?? NO_PARTICLES);
  const selected = useAppStore((s) => s.selection.particleId);
  const at = particles.findIndex((p) => p.id === selected);
  const open = (index: number) => {
    const p = particles[(index + particles.length) % particles.length];
    if (p !== undefined) chooseParticle(p);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const move = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (move === undefined) return;
    // The page steps the simulation with →: here the arrows move between requests instead.
    event.preventDefault();
    event.stopPropagation();
    open(at < 0 ? (move > 0 ? 0 : -1) : at + move);
  };
  const count = particles.length;
  const label =
    count === 0
      ? 'No request on screen now: play the run, then come back here to open a request’s story'
      : `${count} request${count === 1 ? '' : 's'} on screen${at >= 0 ? `, request ${particles[at]!.id} selected` : ''}. Enter opens ${at >= 0 ? 'its' : 'the first one’s'} story; ← and → move to the previous or next request.`;
  return (
    <button
      type="button"
      className="topology-requests"
      aria-label={label}
      onClick={(event) => {
        event.stopPropagation();
        open(at < 0 ? 0 : at);
      }}
      onKeyDown={onKeyDown}
      data-testid="request-picker"
    >
      {count === 0 ? 'No request on screen' : `Requests: ${count}${at >= 0 ? ` · #${particles[at]!.id}` : ''} · Enter opens its story, ← → choose`}
    </button>
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

/** A node's badges, one line each (a value too wide for its line goes under its label). Shared with the comparison's stages. */
export function NodeBadges({ box, layout }: { box: NodeBox; layout: TopologyLayout }) {
  return box.node.badges.map((badge, i) => (
    <text key={badge.label} className="node-badge" x={12} y={box.badgeY[i]} fontSize={layout.fontBadge}>
      <tspan className="node-badge-label">{badge.label} </tspan>
      {box.badgeWrapped[i] ? (
        <tspan className="node-badge-value" x={12} dy={layout.badgeLineH}>
          {badge.value}
        </tspan>
      ) : (
        <tspan className="node-badge-value">{badge.value}</tspan>
      )}
    </text>
  ));
}

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
      <NodeBadges box={box} layout={layout} />
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
