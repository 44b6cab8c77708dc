import type { Environment, Rng } from '../engine';
import type { ParamSpec, ParamValues } from './params';
import type { LabSnapshot, MetricTree } from './snapshot';

/**
 * Where a lab's real SQL goes. `null` in model-only runs: the lab then yields the same
 * external-call events with no work, so its metrics are identical (DESIGN.md §3).
 */
export interface SqlBackend {
  /** Run a statement on `node` ('primary' unless the lab has more nodes). */
  query(sql: string, params?: unknown[], node?: string): Promise<{ rows: Record<string, unknown>[] }>;
  /** Statements executed for real so far. */
  readonly statementsRun: number;
  /**
   * False while the nodes of a run that plays before they are ready still boot (labs with
   * `realStatementsOnlyRead`): the model then runs each statement modelled only, as in a
   * model-only run. Absent: ready.
   */
  readonly ready?: boolean;
  /**
   * Replicated clusters only (labs with `cluster`): ship to `node` and apply, in LSN order, every
   * change the primary captured up to and including `upToLsn`. Resolves to the node's applied LSN.
   */
  applyChanges?(node: string, upToLsn: number): Promise<number>;
  /** Replicated clusters only: make `node` the primary; changes it had not applied are lost. */
  promote?(node: string): Promise<void>;
}

/** What a lab model gets from the runner. `P` is the lab's parameter values (see `defineLab`). */
export interface LabContext<P extends object = ParamValues> {
  env: Environment;
  /** The run's seeded RNG; fork it per purpose. */
  rng: Rng;
  /** Validated parameters at the start of the run (a copy the model may keep and update). */
  params: P;
  /** Length of the run, ms. */
  durationMs: number;
  /** Statistics before this time are discarded, ms. */
  warmupMs: number;
  sql: SqlBackend | null;
}

/**
 * A running lab: processes on the engine plus the figures it reports. `D` is the shape of
 * `snapshot().detail`, which only the lab's own view reads.
 */
export interface LabModel<P extends object = ParamValues, D = unknown> {
  /** Spawn the lab's processes (called once, at time 0). */
  start(): void;
  /**
   * Change a live parameter mid-run (scripted `set` events, sliders). The value is already
   * validated against the key's spec, so it has the type `P[key]`.
   */
  setParam<K extends keyof P & string>(key: K, value: P[K]): void;
  /** Run a lab-specific action ("stopNode", "burst"…); throws an Error with a clear message if unknown. */
  action?(name: string, args: Record<string, unknown>): void;
  /** Forget statistics gathered so far (end of warm-up). */
  resetStatistics(): void;
  /** The metrics as nested objects keyed as the CLI's `--json` prints them. */
  metrics(): MetricTree;
  /** Everything the screen shows now. `logSince` is the trace total the previous snapshot ended at. */
  snapshot(logSince: number): LabSnapshot<D>;
  /** What happened to one request (a particle the learner clicked), or null if it is forgotten. */
  inspect?(requestId: number): RequestDetail | null;
}

/** The story of one request, for the request details panel. */
export interface RequestDetail {
  id: number;
  /** Outcome in a few words ("completed", "timed out waiting for a connection"). */
  outcome: string;
  /** Timeline: what happened at which simulated time (ms). */
  timeline: { t: number; what: string }[];
  /** The SQL statement it ran, if any. */
  sql?: string;
  /** The values of the statement's $1, $2… parameters, so its plan can be shown for exactly this request. */
  params?: unknown[];
  /** Rows the statement really returned from PGlite (only for requests executed for real). */
  rows?: Record<string, unknown>[];
  /** Whether the statement ran for real or was only modelled. */
  executed?: 'real' | 'modelled';
  /** Why a modelled statement was not run, where the lab's reason is its own (the panel's default speaks of a sample of statements run for real). */
  modelledBecause?: string;
}

/** A metric's meaning, for tables and tooltips. */
export interface MetricSpec {
  key: string;
  label: string;
  unit: string;
  origin: 'simulated' | 'real' | 'theory';
  description: string;
}

/**
 * One database node a lab's cluster boots. The host boots the list a lab asks for, so a lab can
 * ask for four shards, or a primary with replicas, without changes to the runner or the worker.
 */
export interface NodeSpec {
  /** 'primary', 'replica-1', 'shard-0'…: the id the model's statements and the topology use. */
  id: string;
  /**
   * `primary`: the dataset, with change capture. `replica`: a base backup of the primary that
   * receives its captured changes. `shard`: a primary of its own holding one partition.
   */
  role: 'primary' | 'replica' | 'shard';
  /** For shards: which partition of the dataset the node holds (the lab decides what that means). */
  partition?: { index: number; count: number };
  /** What the node must support beyond plain SQL (e.g. prepared transactions for 2PC). */
  capabilities?: readonly NodeCapability[];
  /**
   * SQL run once on a primary or a shard right after it loads the dataset and before change
   * capture is installed, so what it changes is part of the node's starting data (LSN 0): a shard
   * deletes the rows outside its partition here. Ignored for replicas (base backups of their
   * primary). Part of the node's identity: a reset to another `prepareSql` boots the node again.
   */
  prepareSql?: string;
}

/** Features a node is booted with on request. */
export type NodeCapability = 'two-phase-commit';

/** A lab: everything the app, the CLI and the tests need to know about one pattern. Build one with `defineLab`. */
export interface LabDefinition<P extends object = ParamValues, D = unknown> {
  id: string;
  title: string;
  /** One sentence for the home page card. */
  summary: string;
  params: readonly ParamSpec[];
  metrics: readonly MetricSpec[];
  /** Checks between parameters (e.g. poolMin ≤ poolMax); returns issues keyed by parameter. */
  crossCheck?(params: P): { key: string; message: string }[];
  /**
   * Limits of a run that executes SQL, beyond those of every run (more database nodes than a
   * browser tab holds, say): the app refuses such parameters with these reasons; the CLI too,
   * unless `--model-only`. Issues keyed by parameter, as {@link crossCheck}'s.
   */
  realSqlCheck?(params: P): { key: string; message: string }[];
  /** Actions a scenario may script (and buttons run), with one line each and their arguments. */
  actions?: readonly ActionSpec[];
  /**
   * The demo dataset the lab's primary holds. Labs with one run real SQL on PGlite unless
   * model-only; the host (CLI or simulation worker) boots the node and loads it first.
   */
  dataset?: { customers: number; seed: number };
  /**
   * The database nodes the host boots for these parameters (default: one `primary`). Replicas
   * start as a base backup of the loaded primary and receive its changes through `applyChanges`.
   */
  cluster?(params: P): readonly NodeSpec[];
  /** Whether a run with these parameters executes SQL at all (default: when there is a dataset). */
  needsSql?(params: P): boolean;
  /**
   * The lab's real statements only read, and nothing the model computes depends on their results:
   * a run then plays at once, model-only, while its nodes boot, and its statements join when the
   * nodes are ready (`SqlBackend.ready`), with the same numbers whenever that is. A lab that
   * writes must not say so: its later statements would read data its earlier ones never wrote.
   */
  realStatementsOnlyRead?: boolean;
  defaultDurationS: number;
  defaultWarmupS: number;
  /** A parameter sweep the app offers for this lab (runs model-only in a background worker). */
  sweep?: LabSweep<P>;
  /** Sweeps of other parameters the learner can choose instead of {@link sweep} (e.g. TTL beside capacity). */
  otherSweeps?: readonly LabSweep<P>[];
  /** Short "what to notice" text shown beside the lab. */
  lesson: string;
  /**
   * What a request drawn as "slow" (the purple dot) means in this lab, for the stage's legend
   * ("connecting", "blocked by a lock"); a lab that draws none leaves it out, and so does the legend.
   */
  slowRequestsAre?: string;
  /**
   * For a lab composed of other labs' parts: the lab a node of its diagram is a part of, at the
   * address that opens it with the settings the part has here (shown in the node's details).
   */
  nodeLab?(nodeId: string, params: P): { label: string; href: string } | null;
  create(ctx: LabContext<P>): LabModel<P, D>;
}

/** A sweep of one parameter: one run per value, the chosen metrics of each charted against it. */
export interface LabSweep<P extends object = ParamValues> {
  param: keyof P & string;
  values: number[];
  /**
   * Metrics (dotted keys) charted for each value. The first is the one the panel reads the best
   * point of: the lowest unless `better` says 'higher' (a hit ratio, a throughput); 'none' when
   * no point is better (a sweep of the load itself).
   */
  metrics: { key: string; label: string; unit: string; better?: 'lower' | 'higher' | 'none' }[];
  /**
   * The parameters of the point for `value`, from the current ones; defaults to just setting
   * `param`. Lets a lab keep the point valid (the pooling lab keeps poolMin ≤ poolMax).
   */
  pointParams?(params: P, value: number): P;
  /** Why the sweep means nothing with these parameters (e.g. no pool to size), or null. */
  unavailable?(params: P): string | null;
}

/**
 * A lab action ("stopNode", "burst"…). Its arguments are checked against `args` wherever an action
 * comes from (a scenario file, the address, a button) before it runs, so a bad one is refused with
 * its reason instead of silently doing nothing.
 */
export interface ActionSpec {
  name: string;
  description: string;
  args?: Readonly<Record<string, ActionArgSpec>>;
}

/** One argument of an action: a whole number in a range, or a node of the lab's cluster. */
export type ActionArgSpec =
  | { kind: 'integer'; min: number; max: number; optional?: boolean }
  | { kind: 'number'; min: number; max: number; optional?: boolean }
  | { kind: 'node'; roles?: readonly NodeSpec['role'][]; optional?: boolean };

/** A home-page entry for a lab that is not built yet. */
export interface ComingLab {
  id: string;
  title: string;
  summary: string;
  comingSoon: true;
}
