import type { TraceEntry } from '../engine';

/**
 * What the screen shows of a run at one instant: plain data, structured-cloneable, so the
 * simulation worker can post it to the page. Published at most once per animation frame.
 */
export interface LabSnapshot<D = unknown> {
  /** Simulated time, ms. */
  t: number;
  topology: Topology;
  /** Requests in flight, for the canvas particle layer. */
  particles: Particle[];
  /** Time series for the charts. */
  charts: ChartData[];
  /** The lab's metrics so far, nested by dotted key (`latencyMs.p99`). */
  metrics: MetricTree;
  /** Headline figures for the metrics strip. */
  headline: HeadlineFigure[];
  /** Trace entries since the previous snapshot (the event log appends them). */
  log: TraceEntry[];
  /**
   * What only this lab's own view draws (replication lag gauges, a plan, swimlanes…): plain,
   * structured-cloneable data, typed by the lab (`defineLab<…, D>`) for its own view.
   */
  detail?: D;
}

/** A nested metrics object; leaves are numbers or booleans. */
export interface MetricTree {
  [key: string]: number | boolean | MetricTree;
}

/** A node of the topology diagram. Positions are fractions of the canvas (0–1). */
export interface TopologyNode {
  id: string;
  label: string;
  kind: 'clients' | 'app' | 'pool' | 'router' | 'database' | 'cache' | 'queue' | 'server';
  x: number;
  y: number;
  /** 'up' | 'down' | 'degraded' etc.; drawn as the node's status colour. */
  status: 'up' | 'down' | 'degraded' | 'starting';
  /** Small figures drawn on the node (e.g. "in use 8/10"). */
  badges: { label: string; value: string }[];
  /** Slots drawn inside the node (pool connections, servers). */
  slots?: SlotState[];
  /** Requests waiting at this node (drawn as a queue). */
  queueLength?: number;
}

/** One slot of a pool or server, drawn as a small box. */
export type SlotState = 'idle' | 'busy' | 'opening' | 'leaked' | 'closed';

/** A link between two topology nodes. */
export interface TopologyEdge {
  from: string;
  to: string;
  label?: string;
  /** A cut link is drawn dashed. */
  cut?: boolean;
}

export interface Topology {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

/**
 * A request moving along an edge, or waiting at a node. The canvas interpolates its
 * position from simulated time, so it needs no update between snapshots.
 */
export interface Particle {
  id: number;
  from: string;
  to: string;
  /** Simulated times (ms) of leaving `from` and reaching `to`; `to` equal to `from` means waiting at `from`. */
  t0: number;
  t1: number;
  state: 'ok' | 'waiting' | 'failed' | 'slow';
}

/** One chart: several named series sharing a y unit. */
export interface ChartData {
  id: string;
  title: string;
  unit: string;
  series: { name: string; points: [number, number][] }[];
  /** Horizontal reference lines (e.g. theory). */
  references?: { name: string; value: number }[];
}

/** A headline number with its label, unit and origin. */
export interface HeadlineFigure {
  key: string;
  label: string;
  value: number;
  unit: string;
  /** 'simulated': engine time and modelled behaviour; 'real': from PGlite; 'theory': a formula. */
  origin: 'simulated' | 'real' | 'theory';
}
