import type { LabSnapshot, Particle } from '../lab/snapshot';
import { extrapolatedNow } from '../store/playbackSlice';
import { appStore, type AppState } from '../store/store';
import { onFrame, requestFrame } from './frameLoop';
import { edgeSegment, queueOverflowText, sharedLayout, type TopologyLayout } from './topologyLayout';

/**
 * Requests in flight, painted on a canvas over the topology SVG. This is a hot path, so it
 * bypasses React: it subscribes to the store (zustand transient updates) and paints from the
 * shared frame loop. Positions are interpolated from simulated time: a particle goes from its
 * `from` node to its `to` node as time goes from t0 to t1; a waiting particle (from === to)
 * sits in its node's queue lane. Work per frame is one pass over the particles, batched by
 * colour, so thousands stay smooth.
 */

type ParticleState = Particle['state'];
const STATES: readonly ParticleState[] = ['ok', 'slow', 'waiting', 'failed'];

interface Moving {
  p: Particle;
  x1: number;
  y1: number;
  dx: number;
  dy: number;
}

interface Prepared {
  snapshot: LabSnapshot;
  layout: TopologyLayout;
  moving: Moving[];
  /** Waiting particles with fixed positions, by state. */
  waiting: Map<ParticleState, Float32Array>;
  waitingIds: { id: number; x: number; y: number; p: Particle }[];
  /** Requests that just failed at a node: drawn as crosses above it (x, y pairs). */
  failed: Float32Array;
  /** Per node with failures: how many just failed there (drawn above the crosses). */
  failCaptions: { x: number; y: number; count: number }[];
  /** Per node: the caption for the waiting requests the lane has no room for. */
  overflow: { x: number; y: number; text: string }[];
  /** Per edge: particles in flight (shown as a count when motion is reduced). */
  edgeCounts: { x: number; y: number; count: number }[];
  dot: number;
}

/** Above this many particles they are drawn as squares (arcs are costly to raster). */
const ROUND_DOTS_UP_TO = 1500;

/** Particles further apart than this (px) from a click do not count as hit. */
export const HIT_RADIUS = 10;

/** The layer on screen, for the test hook's particle positions. */
let activeLayer: { layer: ParticleLayer; canvas: HTMLCanvasElement } | null = null;

/** Where the particles are drawn now, in page (client) pixels; empty when no lab is on screen. */
export function particlePositions(): { id: number; state: ParticleState; x: number; y: number }[] {
  if (activeLayer === null) return [];
  const rect = activeLayer.canvas.getBoundingClientRect();
  return activeLayer.layer.positions().map((p) => ({ ...p, x: p.x + rect.left, y: p.y + rect.top }));
}

export class ParticleLayer {
  private readonly ctx: CanvasRenderingContext2D | null;
  private width = 0;
  private height = 0;
  private dpr = 1;
  private prepared: Prepared | null = null;
  private colors: Record<ParticleState, string> & { ring: string; text: string } = {
    ok: '#3fb950',
    slow: '#bc8cff',
    waiting: '#e3b341',
    failed: '#f85149',
    ring: '#ffffff',
    text: '#e6edf3',
  };
  private dirty = true;
  private lastSimNow = 0;
  private lastPaintWall = -Infinity;
  private readonly unsubscribeStore: () => void;
  private readonly unsubscribeFrame: () => void;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.ctx = canvas.getContext('2d');
    this.readColors();
    this.unsubscribeStore = appStore.subscribe((state, previous) => this.onStore(state, previous));
    this.unsubscribeFrame = onFrame((wall) => this.paint(wall), 10);
    activeLayer = { layer: this, canvas };
  }

  destroy(): void {
    this.unsubscribeStore();
    this.unsubscribeFrame();
    if (activeLayer?.layer === this) activeLayer = null;
  }

  /** Every particle's position as last painted, in CSS pixels of the canvas. */
  positions(): { id: number; state: ParticleState; x: number; y: number }[] {
    const prep = this.prepared;
    if (prep === null) return [];
    const out = prep.waitingIds.map((w) => ({ id: w.id, state: w.p.state, x: w.x, y: w.y }));
    if (!appStore.getState().ui.reducedMotion) {
      for (const m of prep.moving) {
        const f = progress(m.p, this.lastSimNow);
        out.push({ id: m.p.id, state: m.p.state, x: m.x1 + m.dx * f, y: m.y1 + m.dy * f });
      }
    }
    return out;
  }

  /** The canvas's CSS size changed. */
  resize(width: number, height: number): void {
    const dpr = window.devicePixelRatio || 1;
    if (width === this.width && height === this.height && dpr === this.dpr) return;
    this.width = width;
    this.height = height;
    this.dpr = dpr;
    this.canvas.width = Math.max(1, Math.round(width * dpr));
    this.canvas.height = Math.max(1, Math.round(height * dpr));
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.prepared = null;
    this.invalidate();
  }

  /** The particle under (x, y) in CSS pixels (within `radius` px of its centre), if any. */
  hitTest(x: number, y: number, radius = HIT_RADIUS): Particle | null {
    const prep = this.prepared;
    if (prep === null) return null;
    let best: Particle | null = null;
    let bestD = radius * radius;
    const consider = (px: number, py: number, p: Particle) => {
      const d = (px - x) ** 2 + (py - y) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = p;
      }
    };
    if (!appStore.getState().ui.reducedMotion) {
      for (const m of prep.moving) {
        const f = progress(m.p, this.lastSimNow);
        consider(m.x1 + m.dx * f, m.y1 + m.dy * f, m.p);
      }
    }
    for (const w of prep.waitingIds) consider(w.x, w.y, w.p);
    return best;
  }

  private onStore(state: AppState, previous: AppState): void {
    if (state.ui.theme !== previous.ui.theme) {
      // Colours come from CSS custom properties; read them after the theme's styles apply.
      requestAnimationFrame(() => {
        this.readColors();
        this.invalidate();
      });
    }
    if (
      state.snapshot.latest !== previous.snapshot.latest ||
      state.playback !== previous.playback ||
      state.selection.particleId !== previous.selection.particleId ||
      state.ui.reducedMotion !== previous.ui.reducedMotion
    ) {
      this.invalidate();
    }
  }

  private invalidate(): void {
    this.dirty = true;
    requestFrame();
  }

  private readColors(): void {
    const style = getComputedStyle(this.canvas);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    this.colors = {
      ok: read('--p-ok', this.colors.ok),
      slow: read('--p-slow', this.colors.slow),
      waiting: read('--p-waiting', this.colors.waiting),
      failed: read('--p-failed', this.colors.failed),
      ring: read('--text', this.colors.ring),
      text: read('--text', this.colors.text),
    };
  }

  /** The layout of the diagram on screen: React draws the calm snapshot's nodes, so the dots go where those are. */
  private layoutFor(snapshot: LabSnapshot): TopologyLayout {
    const drawn = appStore.getState().snapshot.calm?.topology ?? snapshot.topology;
    return sharedLayout(drawn, this.width, this.height);
  }

  private prepare(snapshot: LabSnapshot): Prepared {
    const layout = this.layoutFor(snapshot);
    const moving: Moving[] = [];
    const waitingByNode = new Map<string, Particle[]>();
    const edgeCount = new Map<string, number>();
    for (const p of snapshot.particles) {
      if (p.from === p.to) {
        let list = waitingByNode.get(p.from);
        if (list === undefined) waitingByNode.set(p.from, (list = []));
        list.push(p);
        continue;
      }
      const a = layout.boxes.get(p.from);
      const b = layout.boxes.get(p.to);
      if (a === undefined || b === undefined) continue;
      const seg = edgeSegment(a, b);
      // Spread particles across the edge's width so concurrent requests do not hide each other.
      const len = Math.hypot(seg.x2 - seg.x1, seg.y2 - seg.y1) || 1;
      const nx = -(seg.y2 - seg.y1) / len;
      const ny = (seg.x2 - seg.x1) / len;
      const offset = (((p.id * 2654435761) >>> 0) % 11) - 5;
      const spread = offset * 2.2 * layout.scale;
      moving.push({ p, x1: seg.x1 + nx * spread, y1: seg.y1 + ny * spread, dx: seg.x2 - seg.x1, dy: seg.y2 - seg.y1 });
      const key = `${p.from}→${p.to}`;
      edgeCount.set(key, (edgeCount.get(key) ?? 0) + 1);
    }
    const dot = Math.max(7, Math.round(9 * layout.scale));
    const waiting = new Map<ParticleState, number[]>();
    const waitingIds: Prepared['waitingIds'] = [];
    const overflow: Prepared['overflow'] = [];
    const failed: number[] = [];
    const failCaptions: Prepared['failCaptions'] = [];
    for (const [nodeId, all] of waitingByNode) {
      const box = layout.boxes.get(nodeId);
      if (box === undefined) continue;
      // Requests that just failed here do not queue: they are crossed out above the node.
      const list = all.filter((p) => p.state !== 'failed');
      const fails = all.filter((p) => p.state === 'failed').sort((x, y) => y.t0 - x.t0 || y.id - x.id);
      const fl = box.failLane;
      const failShown = Math.min(fails.length, fl.rows * fl.cols);
      for (let i = 0; i < failShown; i++) {
        const p = fails[i]!;
        // Newest at the right end of the bottom row (nearest the node), older ones further out.
        const row = fl.rows - 1 - Math.floor(i / fl.cols);
        const col = i % fl.cols;
        const x = fl.left + fl.width - (col + 0.5) * (fl.dot + fl.gap);
        const y = fl.top + (row + 0.5) * (fl.dot + fl.gap);
        failed.push(x, y);
        waitingIds.push({ id: p.id, x, y, p });
      }
      if (fails.length > 0) failCaptions.push({ x: fl.left, y: fl.top - layout.fontBadge * 0.6, count: fails.length });
      const { lane } = box;
      const capacity = lane.rows * lane.cols;
      // Oldest first: the front of the queue sits at the right end of the first row.
      list.sort((x, y) => x.t0 - y.t0 || x.id - y.id);
      const shown = Math.min(list.length, capacity);
      for (let i = 0; i < shown; i++) {
        const p = list[i]!;
        const row = Math.floor(i / lane.cols);
        const col = i % lane.cols;
        const x = lane.left + lane.width - (col + 0.5) * (lane.dot + lane.gap);
        const y = lane.top + (row + 0.5) * (lane.dot + lane.gap);
        let coords = waiting.get(p.state);
        if (coords === undefined) waiting.set(p.state, (coords = []));
        coords.push(x, y);
        waitingIds.push({ id: p.id, x, y, p });
      }
      const more = queueOverflowText(box.node.queueLength, list.length, shown);
      // Under the lane, but never below the canvas's edge (a lane near the bottom had its count cut off).
      const moreY = Math.min(lane.top + lane.rows * (lane.dot + lane.gap) + layout.fontBadge, layout.height - layout.fontBadge * 0.6);
      if (more !== null) overflow.push({ x: lane.left + lane.width, y: moreY, text: more });
    }
    const edgeCounts: Prepared['edgeCounts'] = [];
    for (const [key, count] of edgeCount) {
      const [from, to] = key.split('→') as [string, string];
      const a = layout.boxes.get(from)!;
      const b = layout.boxes.get(to)!;
      const seg = edgeSegment(a, b);
      edgeCounts.push({ x: (seg.x1 + seg.x2) / 2, y: (seg.y1 + seg.y2) / 2 + layout.fontBadge * 1.3, count });
    }
    const waitingArrays = new Map<ParticleState, Float32Array>();
    for (const [state, coords] of waiting) waitingArrays.set(state, Float32Array.from(coords));
    return { snapshot, layout, moving, waiting: waitingArrays, waitingIds, failed: Float32Array.from(failed), failCaptions, overflow, edgeCounts, dot };
  }

  private paint(wallNow: number): boolean {
    const ctx = this.ctx;
    const state = appStore.getState();
    const snapshot = state.snapshot.latest;
    const reduced = state.ui.reducedMotion;
    const playing = state.playback.playing;
    if (ctx === null || this.width === 0) return false;
    if (!this.dirty && (reduced || !playing)) return false;
    // With reduced motion nothing moves, so a few repaints a second show the counts.
    if (reduced && wallNow - this.lastPaintWall < 250) return true;
    this.dirty = false;
    this.lastPaintWall = wallNow;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    if (snapshot === null) {
      this.prepared = null;
      return false;
    }
    let prep = this.prepared;
    if (prep === null || prep.snapshot !== snapshot || prep.layout !== this.layoutFor(snapshot)) {
      prep = this.prepare(snapshot);
      this.prepared = prep;
    }
    const simNow = reduced ? state.playback.now : extrapolatedNow(state.playback, wallNow);
    this.lastSimNow = simNow;
    const r = prep.dot / 2;
    // Round dots read better; squares raster several times faster, which matters past a few thousand.
    const round = snapshot.particles.length <= ROUND_DOTS_UP_TO;
    const selected = state.selection.particleId;
    let selectedAt: { x: number; y: number } | null = null;

    for (const s of STATES) {
      const coords = prep.waiting.get(s);
      if (coords === undefined) continue;
      ctx.fillStyle = this.colors[s];
      ctx.beginPath();
      for (let i = 0; i < coords.length; i += 2) {
        dot(ctx, coords[i]!, coords[i + 1]!, r, round);
      }
      ctx.fill();
    }
    for (const w of prep.waitingIds) if (w.id === selected) selectedAt = { x: w.x, y: w.y };
    if (prep.failed.length > 0) {
      // Crosses: a shape as well as a colour, so failures read without colour vision.
      ctx.strokeStyle = this.colors.failed;
      ctx.lineWidth = Math.max(2.5, r * 0.6);
      ctx.lineCap = 'round';
      ctx.beginPath();
      const k = r * 0.95;
      for (let i = 0; i < prep.failed.length; i += 2) {
        const x = prep.failed[i]!;
        const y = prep.failed[i + 1]!;
        ctx.moveTo(x - k, y - k);
        ctx.lineTo(x + k, y + k);
        ctx.moveTo(x + k, y - k);
        ctx.lineTo(x - k, y + k);
      }
      ctx.stroke();
    }

    if (!reduced) {
      for (const s of STATES) {
        ctx.fillStyle = this.colors[s];
        ctx.beginPath();
        let any = false;
        for (const m of prep.moving) {
          if (m.p.state !== s) continue;
          const f = progress(m.p, simNow);
          const x = m.x1 + m.dx * f;
          const y = m.y1 + m.dy * f;
          dot(ctx, x, y, r, round);
          any = true;
          if (m.p.id === selected) selectedAt = { x, y };
        }
        if (any) ctx.fill();
      }
    }

    ctx.fillStyle = this.colors.text;
    ctx.font = `600 ${prep.layout.fontBadge}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    for (const o of prep.overflow) ctx.fillText(o.text, o.x, o.y);
    ctx.textAlign = 'left';
    for (const o of prep.failCaptions) ctx.fillText(`✕ ${o.count} just failed`, o.x, o.y);
    if (reduced) {
      ctx.textAlign = 'center';
      for (const e of prep.edgeCounts) ctx.fillText(`${e.count} in progress`, e.x, e.y);
    }

    if (selectedAt !== null) {
      ctx.strokeStyle = this.colors.ring;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.arc(selectedAt.x, selectedAt.y, r + 5, 0, Math.PI * 2);
      ctx.stroke();
    }
    // Keep painting while requests are visibly moving.
    return !reduced && playing && prep.moving.length > 0;
  }
}

function dot(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, round: boolean): void {
  if (round) {
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, Math.PI * 2);
  } else ctx.rect(x - r, y - r, 2 * r, 2 * r);
}

function progress(p: Particle, simNow: number): number {
  const span = p.t1 - p.t0;
  if (span <= 0) return 1;
  const f = (simNow - p.t0) / span;
  return f < 0 ? 0 : f > 1 ? 1 : f;
}
