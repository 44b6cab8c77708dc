import type { Topology, TopologyNode } from '../lab/snapshot';

/**
 * Pixel layout of a topology for a canvas of `width` × `height`. Pure, so the SVG (React) and the
 * particle canvas compute the same boxes from the same snapshot without talking to each other.
 */
export interface NodeBox {
  node: TopologyNode;
  /** Centre. */
  cx: number;
  cy: number;
  left: number;
  top: number;
  w: number;
  h: number;
  /** Baselines of the label and of each badge, from the box top. */
  labelY: number;
  badgeY: number[];
  /** Badges too wide for the node on one line: their value goes on the next line (baseline + `badgeLineH`). */
  badgeWrapped: boolean[];
  /** Slot grid (pool connections, servers). */
  slots: { x: number; y: number }[];
  slotSize: number;
  /** Where waiting requests line up: under the node, filled from the right (front of the queue). */
  lane: { left: number; top: number; width: number; rows: number; cols: number; dot: number; gap: number };
  /** Where requests that just failed here are drawn (as crosses): above the node, filled from the right. */
  failLane: { left: number; top: number; width: number; rows: number; cols: number; dot: number; gap: number };
}

export interface TopologyLayout {
  width: number;
  height: number;
  /** Multiplier for fonts and sizes (larger on large canvases, for projectors). */
  scale: number;
  fontLabel: number;
  fontBadge: number;
  /** Distance between two badge lines, px. */
  badgeLineH: number;
  /** Narrow canvas: the flow runs top to bottom and queues sit to the right of their nodes. */
  portrait: boolean;
  boxes: Map<string, NodeBox>;
}

const PAD = 12;
const MARGIN = 10;

/** Below this width the diagram is turned on its side: the flow runs top to bottom. */
export const PORTRAIT_BELOW = 560;

/**
 * The layout of `topology` at this size, computed once per snapshot: the SVG diagram and the
 * particle canvas both draw from it, so they ask here instead of laying it out each.
 */
export function sharedLayout(topology: Topology, width: number, height: number): TopologyLayout {
  const cached = layouts.get(topology);
  if (cached !== undefined && cached.width === width && cached.height === height) return cached.layout;
  const layout = layoutTopology(topology, width, height);
  layouts.set(topology, { width, height, layout });
  return layout;
}

const layouts = new WeakMap<Topology, { width: number; height: number; layout: TopologyLayout }>();

/** Room under a database node for its "click for the SQL console" hint, in badge font sizes. */
const HINT_ROOM = 1.8;

/** Where a badge's text may end: this far from the node's right edge (it starts PAD from the left). */
const BADGE_RIGHT = 4;

/** The text of the queue's overflow caption: the waiting requests the lane has no room to draw. */
export function queueOverflowText(queueLength: number | undefined, waitingParticles: number, drawn: number): string | null {
  // The snapshot carries a capped list of particles; the node's queue length is the true count.
  const more = Math.max(queueLength ?? 0, waitingParticles) - drawn;
  if (more <= 0) return null;
  // A stage too short for the lane draws no dot: "more" than none would say there were some.
  return drawn === 0 ? `${more.toLocaleString('en-US')} waiting` : `+${more.toLocaleString('en-US')} more waiting`;
}

export function layoutTopology(topology: Topology, width: number, height: number): TopologyLayout {
  // Widths are fitted across a row; nodes stacked in a column (badges that grow, a console hint
  // under each) can still collide on a short canvas: then everything is drawn a little smaller.
  // Smaller type cannot help nodes placed on top of each other: then the full size is kept.
  const full = layoutAtScale(topology, width, height, 1);
  if (full.portrait || !stackedBoxes(full)) return full;
  for (let shrink = 0.9; shrink > 0.55; shrink -= 0.1) {
    const smaller = layoutAtScale(topology, width, height, shrink);
    if (!stackedBoxes(smaller)) return smaller;
  }
  return full;
}

/** Whether two nodes' boxes (with a database node's console hint under it) overlap. */
function stackedBoxes(layout: TopologyLayout): boolean {
  const below = Math.round(layout.fontBadge * HINT_ROOM);
  const rects = [...layout.boxes.values()].map((b) => ({ left: b.left, right: b.left + b.w, top: b.top, bottom: b.top + b.h + (b.node.kind === 'database' ? below : 0) }));
  return rects.some((a, i) => rects.slice(i + 1).some((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
}

function layoutAtScale(topology: Topology, width: number, height: number, shrink: number): TopologyLayout {
  const portrait = width < PORTRAIT_BELOW;
  const scale = portrait ? 0.85 : Math.max(0.8, Math.min(1.45, width / 850, height / 290)) * shrink;
  let fontLabel = Math.round(19 * scale);
  let fontBadge = Math.round(16 * scale);
  // Each node wide enough for its label and badges (measured), within the room the canvas has;
  // nodes side by side shrink (the wider first) until the arrow between them has room.
  const widths = new Map<string, number>();
  for (const n of topology.nodes) {
    const content = Math.max(textWidth(n.label, fontLabel, true) + fontLabel * 0.6 + 7, ...n.badges.map((b) => textWidth(`${b.label} ${b.value}`, fontBadge, true)));
    widths.set(n.id, portrait ? Math.min(250, width * 0.56) : Math.min(width * 0.3, Math.max(140, width * 0.19, content + 2 * PAD)));
  }
  if (!portrait) {
    for (let guard = 0; guard < 200; guard++) {
      const pair = crowded(topology, width, widths);
      if (pair === null) break;
      const [a, b] = pair;
      const wider = widths.get(a)! >= widths.get(b)! ? a : b;
      if (widths.get(wider)! <= 110) break;
      widths.set(wider, widths.get(wider)! - 4);
    }
  }
  // A label that still does not fit its node gets a smaller font (all labels alike, for a calm look).
  let labelScale = 1;
  for (const n of topology.nodes) {
    const room = widths.get(n.id)! - 2 * PAD - fontLabel * 0.6 - 7;
    labelScale = Math.min(labelScale, room / Math.max(1, textWidth(n.label, fontLabel, true)));
  }
  if (labelScale < 1) fontLabel = Math.max(11, Math.floor(fontLabel * labelScale));
  // A badge that does not fit its node on one line puts its value on the next; a part that still
  // does not fit makes every badge smaller (all alike, as labels).
  let badgeScale = 1;
  for (const n of topology.nodes) {
    const room = widths.get(n.id)! - PAD - BADGE_RIGHT;
    for (const b of n.badges) {
      if (textWidth(`${b.label} ${b.value}`, fontBadge, true) <= room) continue;
      badgeScale = Math.min(badgeScale, room / Math.max(1, textWidth(b.label, fontBadge, false), textWidth(b.value, fontBadge, true)));
    }
  }
  if (badgeScale < 1) fontBadge = Math.max(10, Math.floor(fontBadge * badgeScale));
  const lineH = Math.round(fontBadge * 1.4);
  const wrapped = (n: Topology['nodes'][number]) => n.badges.map((b) => textWidth(`${b.label} ${b.value}`, fontBadge, true) > widths.get(n.id)! - PAD - BADGE_RIGHT);
  const baseSlot = Math.round(15 * scale);
  const baseGap = Math.max(3, Math.round(4 * scale));
  /** Slot size and gap for `count` slots in a node `nodeW` wide: smaller when many, so the grid stays under a third of the canvas. */
  const slotFit = (count: number, nodeW: number): { size: number; gap: number } => {
    const room = Math.max(40, (portrait ? 0.5 : 0.3) * height);
    for (let size = baseSlot; size > 4; size--) {
      const gap = size >= 10 ? baseGap : 2;
      const cols = Math.max(1, Math.floor((nodeW - 2 * PAD + gap) / (size + gap)));
      if (Math.ceil(count / cols) * (size + gap) <= room) return { size, gap };
    }
    return { size: 4, gap: 1 };
  };
  const boxes = new Map<string, NodeBox>();
  const dot = Math.max(7, Math.round(9 * scale));
  const gap = Math.max(2, Math.round(3 * scale));
  const geometry = new Map<string, { labelY: number; badgeY: number[]; badgeWrapped: boolean[]; slots: { x: number; y: number }[]; slotSize: number; h: number }>();
  for (const node of topology.nodes) {
    const nodeW = widths.get(node.id)!;
    const labelY = PAD + fontLabel;
    const badgeWrapped = wrapped(node);
    const badgeY: number[] = [];
    let lastLine = labelY;
    for (const wraps of badgeWrapped) {
      badgeY.push(lastLine + lineH);
      lastLine += (wraps ? 2 : 1) * lineH;
    }
    let bottom = lastLine + Math.round(lineH * 0.45);
    const slots: { x: number; y: number }[] = [];
    const { size: slotSize, gap: slotGap } = slotFit(node.slots?.length ?? 0, nodeW);
    if (node.slots !== undefined && node.slots.length > 0) {
      const cols = Math.max(1, Math.floor((nodeW - 2 * PAD + slotGap) / (slotSize + slotGap)));
      const top = bottom + 4;
      node.slots.forEach((_, i) => {
        slots.push({ x: PAD + (i % cols) * (slotSize + slotGap), y: top + Math.floor(i / cols) * (slotSize + slotGap) });
      });
      bottom = top + Math.ceil(node.slots.length / cols) * (slotSize + slotGap);
    }
    geometry.set(node.id, { labelY, badgeY, badgeWrapped, slots, slotSize, h: bottom + PAD - 4 });
  }
  // Landscape diagrams with a queue sit as high as the failure crosses above them allow, so the
  // queue lane under them gets the rows that would otherwise be empty space above.
  let lift = 0;
  if (!portrait && topology.nodes.some((n) => n.queueLength !== undefined)) {
    const reserve = MARGIN + Math.round(fontBadge * 1.2) + 3 * (dot + gap) + 4;
    let minTop = Infinity;
    for (const node of topology.nodes) {
      const { h } = geometry.get(node.id)!;
      minTop = Math.min(minTop, clamp(node.y * height, MARGIN + h / 2, Math.max(MARGIN + h / 2, height - MARGIN - h / 2)) - h / 2);
    }
    lift = Math.max(0, minTop - reserve);
  }
  for (const node of topology.nodes) {
    const nodeW = widths.get(node.id)!;
    const { labelY, badgeY, badgeWrapped, slots, slotSize, h } = geometry.get(node.id)!;
    // A database node's console hint sits under it: keep room for it above the canvas's bottom.
    const below = node.kind === 'database' ? Math.round(fontBadge * HINT_ROOM) : 0;
    // Portrait: x and y swap, so a left-to-right flow reads top to bottom; nodes keep to the left
    // and their queues line up on their right.
    const fx = portrait ? 0.5 * node.y : node.x;
    const fy = portrait ? node.x : node.y;
    const cx = clamp(fx * width, MARGIN + nodeW / 2, width - MARGIN - nodeW / 2);
    const cy = clamp(fy * height, MARGIN + h / 2, Math.max(MARGIN + h / 2, height - MARGIN - below - h / 2)) - lift;
    const left = cx - nodeW / 2;
    const top = cy - h / 2;
    let lane: NodeBox['lane'];
    if (portrait) {
      const laneLeft = left + nodeW + 12;
      const laneWidth = Math.max(dot + gap, width - MARGIN - laneLeft);
      const laneTop = top + Math.round(fontBadge * 1.6);
      lane = {
        left: laneLeft,
        top: laneTop,
        width: laneWidth,
        cols: Math.max(1, Math.floor((laneWidth + gap) / (dot + gap))),
        rows: Math.max(1, Math.floor((h - fontBadge * 1.6) / (dot + gap))),
        dot,
        gap,
      };
    } else {
      const laneTop = top + h + Math.round(fontBadge * 1.9);
      lane = {
        left,
        top: laneTop,
        width: nodeW,
        cols: Math.max(1, Math.floor((nodeW + gap) / (dot + gap))),
        rows: Math.max(0, Math.min(8, Math.floor((height - MARGIN - laneTop - fontBadge * 1.4) / (dot + gap)))),
        dot,
        gap,
      };
    }
    // Failures sit above the box: up to three rows in the room between the box and the canvas top.
    const failRows = Math.max(1, Math.min(3, Math.floor((top - MARGIN - 2) / (dot + gap))));
    const failLane = {
      left,
      top: top - 4 - failRows * (dot + gap),
      width: nodeW,
      rows: failRows,
      cols: Math.max(1, Math.floor((nodeW + gap) / (dot + gap))),
      dot,
      gap,
    };
    boxes.set(node.id, { node, cx, cy, left, top, w: nodeW, h, labelY, badgeY, badgeWrapped, slots, slotSize, lane, failLane });
  }
  return { width, height, scale, fontLabel, fontBadge, badgeLineH: lineH, portrait, boxes };
}

export const UI_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

let measurer: CanvasRenderingContext2D | null | undefined;

/** A text's width in the UI font: measured on a canvas in the browser, estimated elsewhere. */
function textWidth(text: string, fontSize: number, bold: boolean): number {
  if (measurer === undefined) measurer = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (measurer === null) return text.length * fontSize * (bold ? 0.6 : 0.55);
  measurer.font = `${bold ? 700 : 400} ${fontSize}px ${UI_FONT}`;
  return measurer.measureText(text).width;
}

/** Minimum gap between boxes on the same row, px. */
const MIN_GAP = 44;

/** Two nodes on the same row that sit too close for an arrow between them, or null. */
function crowded(topology: Topology, width: number, widths: Map<string, number>): [string, string] | null {
  const centre = (x: number, w: number) => clamp(x * width, MARGIN + w / 2, width - MARGIN - w / 2);
  const nodes = topology.nodes;
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i]!;
      const b = nodes[j]!;
      if (Math.abs(a.y - b.y) > 0.2) continue;
      const wa = widths.get(a.id)!;
      const wb = widths.get(b.id)!;
      if (Math.abs(centre(a.x, wa) - centre(b.x, wb)) < (wa + wb) / 2 + MIN_GAP) return [a.id, b.id];
    }
  }
  return null;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

/** Where the segment from the centre of `a` towards the centre of `b` leaves box `a`. */
export function boxExit(a: NodeBox, b: NodeBox): { x: number; y: number } {
  const dx = b.cx - a.cx;
  const dy = b.cy - a.cy;
  if (dx === 0 && dy === 0) return { x: a.cx, y: a.cy };
  const tx = dx === 0 ? Infinity : a.w / 2 / Math.abs(dx);
  const ty = dy === 0 ? Infinity : a.h / 2 / Math.abs(dy);
  const t = Math.min(tx, ty);
  return { x: a.cx + dx * t, y: a.cy + dy * t };
}

/** The visible part of an edge: from the border of `from` to the border of `to`. */
export function edgeSegment(from: NodeBox, to: NodeBox): { x1: number; y1: number; x2: number; y2: number } {
  const a = boxExit(from, to);
  const b = boxExit(to, from);
  return { x1: a.x, y1: a.y, x2: b.x, y2: b.y };
}
