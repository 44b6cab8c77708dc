import type { LabSnapshot, MetricTree } from '../lab/snapshot';
import type { ParamValues } from '../lab/params';
import type { Scenario } from '../scenario/schema';
import type { ValidationIssue } from '../scenario/formatIssues';
import type { ExpectationResult } from '../scenario/expectations';
import type { RequestDetail } from '../lab/labDefinition';
import type { DbErrorInfo } from '../db/dbWorkerProtocol';
import type { Row } from '../db/dbNode';
import type { ClusterNodeStatus } from '../cluster/nodeStatus';

/** One point of a parameter sweep: the value tried and the chosen metrics of its run. */
export interface SweepPoint {
  value: number;
  metrics: Record<string, number>;
}

/** Playback speed: simulated ms per wall ms, or as fast as the machine allows. */
export type Speed = number | 'max';

/** Slowest and fastest paced speeds. */
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 1000;
/** The speed ladder used by the +/- keys and the speed menu. */
export const SPEED_STEPS: readonly Speed[] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 'max'];

/** Where the run is, sent with every snapshot. */
export interface PlaybackStatus {
  playing: boolean;
  speed: Speed;
  /** Simulated ms. */
  now: number;
  durationMs: number;
  finished: boolean;
  eventsProcessed: number;
  seed: number;
  /** Statements executed for real (PGlite) in this run; 0 in model-only runs. */
  statementsRun: number;
  /**
   * The parameters in force now (start values, scripted changes and live edits applied): the one
   * source of truth the page's parameter panel shows. The same object until a parameter changes.
   */
  params: ParamValues;
}

/** Messages the page sends to the simulation worker. */
export type ToWorker =
  | { type: 'load'; scenario: unknown }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step'; unit: 'event' | 'instant' }
  | { type: 'speed'; speed: Speed }
  | { type: 'reset' }
  | { type: 'seek'; toMs: number }
  | { type: 'set'; key: string; value: unknown }
  /** Run a lab action now ("stopNode", "burst"…), as a scripted event would. */
  | { type: 'action'; name: string; args: Record<string, unknown> }
  /** The page painted the last snapshot and can take another (keeps snapshots ≤ 1 per frame). */
  | { type: 'frame' }
  /** Run a scenario headless to `untilS` (default: its end) without disturbing the loaded run. */
  | { type: 'runScenario'; requestId: number; scenario: unknown; untilS?: number }
  /** What happened to one request (a clicked particle). */
  | { type: 'inspect'; requestId: number; particleId: number }
  /** Run SQL on one node of the lab's cluster (the SQL console; default: its primary); boots the cluster if needed. */
  | { type: 'sql'; requestId: number; sql: string; node?: string }
  /** Run the scenario model-only once per value of `param`, reporting `metrics` for each. */
  | { type: 'sweep'; requestId: number; scenario: unknown; param: string; values: number[]; metrics: string[] };

/** Messages the worker sends back. */
export type FromWorker =
  | { type: 'loaded'; scenario: Scenario; params: ParamValues }
  | { type: 'snapshot'; snapshot: LabSnapshot; status: PlaybackStatus }
  | { type: 'error'; message: string; issues?: ValidationIssue[] }
  | { type: 'progress'; label: string; fraction: number }
  | { type: 'scenarioResult'; requestId: number; ok: true; metrics: MetricTree; expectations: ExpectationResult[]; simulatedMs: number }
  | { type: 'scenarioResult'; requestId: number; ok: false; issues: ValidationIssue[] }
  | { type: 'inspection'; requestId: number; detail: RequestDetail | null }
  | { type: 'sqlResult'; requestId: number; ok: true; fields: string[]; rows: Row[]; rowCount: number; truncated: boolean }
  | { type: 'sqlResult'; requestId: number; ok: false; error: DbErrorInfo }
  /** The loaded lab's database nodes: role, state (booting, running, stopped…), applied LSN, memory. */
  | { type: 'cluster'; nodes: ClusterNodeStatus[] }
  | { type: 'sweepProgress'; requestId: number; done: number; total: number; points: SweepPoint[] }
  | { type: 'sweepResult'; requestId: number; ok: true; points: SweepPoint[] }
  | { type: 'sweepResult'; requestId: number; ok: false; message: string };
