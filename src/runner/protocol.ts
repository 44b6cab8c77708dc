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

/**
 * The speed the clock really kept (simulated ms per wall ms) over the last seconds of play.
 * `limitedBy` says why it is below the speed asked for: 'database' when the run spent much of that
 * time waiting for PGlite to answer real statements, 'machine' when the simulation itself could
 * not go faster; null when it kept up (or, at 'max', when nothing but the machine set the pace).
 */
export interface AchievedSpeed {
  speed: number;
  /** Share of wall time spent waiting for real statements (0–1). */
  waitingShare: number;
  limitedBy: 'database' | 'machine' | null;
}

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
   * How fast the simulated clock really moved over the last seconds of play, and what held it
   * back when slower than asked; null while paused or before enough play to tell.
   */
  achieved: AchievedSpeed | null;
  /**
   * Playing, but the clock has stood still for a while waiting for a real statement (PGlite busy,
   * a node just booted answering its first statements slowly): the page says so rather than
   * "Playing at 1×" over a frozen clock (issue 18, item 7).
   */
  waitingForSql: boolean;
  /**
   * The run plays while its database nodes boot: true until real SQL joins it (a lab whose real
   * statements only read sends its next ones to the nodes; any other is replayed onto them). The
   * page keeps the boot's progress line up and says the run plays meanwhile from this alone.
   */
  sqlJoining: boolean;
  /**
   * The parameters in force now (start values, scripted changes and live edits applied): the one
   * source of truth the page's parameter panel shows. The same object until a parameter changes.
   */
  params: ParamValues;
}

/**
 * What long work a progress message is about, so the page routes it without reading its label:
 * the database cluster booting or resetting, a seek replaying the run to the chosen time, or a run
 * that played model-only being replayed onto its booted nodes.
 */
export type ProgressKind = 'cluster' | 'seek' | 'join';

/** The progress label while a seek replays the run from 0 s to the chosen time. */
export const SEEK_LABEL = 'Replaying to the chosen time';

/** The progress label while a run that played model-only is replayed onto its booted nodes. */
export const JOINING_LABEL = 'Real SQL joins: replaying the run so far on PostgreSQL';

/** Messages the page sends to the simulation worker. */
export type ToWorker =
  /**
   * Load a scenario as run `runId` (the page's number for it): every snapshot says which run it
   * shows, so the page can ignore those of a run it has left (another lab, or before a reset).
   */
  | { type: 'load'; scenario: unknown; runId: number }
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
  | { type: 'loaded'; runId: number; scenario: Scenario; params: ParamValues }
  /** A snapshot of run `runId` (the load it came from). */
  | { type: 'snapshot'; runId: number; snapshot: LabSnapshot; status: PlaybackStatus }
  /** `runId`: the load this error ends (refused with `issues`, or failed); absent for errors of the run. */
  | { type: 'error'; message: string; issues?: ValidationIssue[]; runId?: number }
  | { type: 'progress'; kind: ProgressKind; label: string; fraction: number }
  /** Something the learner should know that is not an error (a run that stays model-only, and why). */
  | { type: 'notice'; message: string }
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
