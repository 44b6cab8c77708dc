import { labNodes } from '../cluster/labNodes';
import { realSqlIssues } from '../lab/paramChecks';
import type { FromWorker, PlaybackStatus, Speed, ToWorker } from './protocol';
import { JOINING_LABEL, MAX_SPEED, MIN_SPEED, SEEK_LABEL, type ProgressKind } from './protocol';
import { SimulationRun } from './simulationRun';
import { issuesToText, parseScenario, type LoadedScenario } from '../scenario/parseScenario';
import type { ValidationIssue } from '../scenario/formatIssues';
import { errorInfo } from '../db/dbWorkerProtocol';
import type { Cluster, ClusterDataset } from '../cluster/cluster';
import { clusterBackend, type ClusterBackend } from '../cluster/clusterBackend';
import type { ClusterNodeStatus } from '../cluster/nodeStatus';
import type { NodeSpec } from '../lab/labDefinition';
import { metricAt } from '../scenario/expectations';
import type { AnyLab } from '../lab/defineLab';
import type { ParamValues } from '../lab/params';
import { SpeedMeter } from './speedMeter';
import { trackInFlight, type InFlight } from './inFlightSql';
import { JoiningSql } from './joiningSql';
import { positionOf, replay, ReplayJoin } from './replayJoin';
import { findLab } from '../labs';
import { loadLabModel } from '../lab/lazyModel';

/**
 * Where the controller gets a lab's PostgreSQL cluster: booted with `nodes` (the lab's list) the
 * first time a dataset is needed, then kept; each run resets it to the list it asks for.
 */
export interface SqlHost {
  cluster(dataset: ClusterDataset, nodes: readonly NodeSpec[], onProgress: (label: string) => void): Promise<Cluster>;
}

/** Console results are cut here: a learner reads rows, the page must not choke on millions. */
const CONSOLE_ROW_LIMIT = 500;

/** The wall clock and timer the controller paces against; injected so tests can fake them. */
export interface Pacing {
  now(): number;
  schedule(fn: () => void, ms: number): void;
}

/** Longest a tick may compute before yielding, so the worker stays responsive to messages. */
const TICK_BUDGET_MS = 12;
/** Events between clock checks when running as fast as possible. */
const EVENTS_PER_CHECK = 20000;
/** A tick every ~16 ms: about one per frame. */
const TICK_MS = 16;
/**
 * While a run plays, a snapshot at most this often (25 a second; ms of wall time). The requests on
 * the page's canvas still move every frame (the particle layer extrapolates the clock between
 * snapshots), and the worker and the page handle fewer than half the snapshots of one per frame
 * (a playing lab took 15–25 % less CPU in headless Chromium).
 */
export const PLAYING_PUBLISH_MS = 40;
/**
 * Wall time a replay onto the nodes may be expected to hold the clock (ms). A run of a lab whose
 * statements write plays model-only while its nodes boot, then is replayed with real SQL to where
 * it stands, and how long that takes depends on how far it went, how many statements the lab runs
 * for real (sharding's writes go to three nodes each) and the machine: once a replay has run a
 * moment, one whose pace says it would take longer than this ends there, and the run goes on
 * model-only until its next reset.
 */
export const JOIN_REPLAY_WALL_BUDGET_MS = 20_000;
/** How long a replay runs before its pace is judged (its first statements, on fresh nodes, are slow). */
const JOIN_REPLAY_JUDGED_AFTER_MS = 4_000;
/** A wait for one real statement longer than this is shown ("Waiting for PostgreSQL…"); shorter ones are just play. */
export const SQL_WAIT_SHOWN_MS = 250;

/**
 * Plays a {@link SimulationRun} against wall time: play, pause, step, speed, reset, seek.
 * It lives in the simulation worker (or in the page, in tests) and talks in protocol messages.
 */
export class RunController {
  private loaded: LoadedScenario | null = null;
  private run: SimulationRun | null = null;
  /** The page's number for the loaded run: every snapshot carries it. */
  private runId = 0;
  /** The newest load the page has sent (it may still wait its turn), and what gives up when one arrives. */
  private newestLoad = 0;
  private readonly onSuperseded = new Set<() => void>();
  private playing = false;
  private speed: Speed = 1;
  private lastWall = 0;
  private tickScheduled = false;
  /** The tick in progress (it may be awaiting real SQL): a new run waits for it to end. */
  private ticking: Promise<void> | null = null;
  /** The page has taken the last snapshot; send the next one when something changed. */
  private pageReady = true;
  private dirty = false;
  /** When (wall ms) the last snapshot was sent. */
  private publishedAt = -Infinity;
  /** The speed the clock really keeps while playing, and what holds it back. */
  private readonly meter = new SpeedMeter();
  /** Since when (wall ms) the playing clock has stood still waiting for real statements; null while it moves. */
  private stalledSince: number | null = null;
  /** It has stood still longer than {@link SQL_WAIT_SHOWN_MS}: the page says "Waiting for PostgreSQL…". */
  private waitingForSql = false;
  /**
   * How the run on screen, playing model-only while its nodes boot, joins them (see startJoining):
   * its next statements go to them (`JoiningSql`, which stays here once joined, `ready`), or it is
   * replayed onto them (`ReplayJoin`, cleared once replayed). Null for a run without SQL or with it from the start.
   */
  private joining: Joining | null = null;
  /** That run is being replayed onto its nodes: the clock stands (no tick), though the run still counts as playing. */
  private replaying = false;
  /** Resets and seeks back received and not yet handled: a replay of the run they replace ends (see {@link receive}). */
  private pendingReplacements = 0;
  /** The page's messages, handled one at a time in order (see {@link receive}); a replay that joins the nodes takes its turn here too. */
  private queue: Promise<void> = Promise.resolve();

  /** The loaded lab's cluster when its runs execute SQL. */
  private cluster: Cluster | null = null;
  /** Which dataset's cluster the page is shown (JSON of the dataset), and its nodes' last status. */
  private clusterKey: string | null = null;
  private lastStatus = new Map<string, ClusterNodeStatus[]>();
  /** The cluster status version the page has (applied LSNs change too often to send each). */
  private postedClusterVersion = -1;
  /** When the published snapshots last looked at the cluster's status: a few times a second. */
  private clusterCheckedAt = -Infinity;
  /**
   * For each cluster (by dataset), the lab and node list it was last reset for. Labs share a
   * cluster when they share a dataset; one that finds it last reset for another lab (which may
   * have failed it over or stopped a node) resets it before using it.
   */
  private readonly preparedFor = new Map<string, string>();
  /**
   * Work on the cluster, one piece at a time in the order asked: a load's boot and reset, a
   * replay's reset, the console's preparation. Console statements arrive outside the message
   * queue, so they wait here until the cluster is the loaded lab's.
   */
  private clusterChain: Promise<unknown> = Promise.resolve();
  /** Loads and console statements waiting for the cluster now. */
  private clusterWaiters = 0;
  /** This run's view of it (counts this run's statements), with its calls in flight. */
  private sql: InFlight<ClusterBackend> | null = null;
  /** Loads that have arrived and not yet taken their place on the cluster chain (their lab's model may still be loading). */
  private readonly unplacedLoads = new Set<number>();
  private placedWaiters: (() => void)[] = [];

  constructor(
    private readonly post: (message: FromWorker) => void,
    private readonly pacing: Pacing,
    /** Null where no database can run (the lab then runs model-only). */
    private readonly sqlHost: SqlHost | null = null,
  ) {}

  /**
   * A message from the page, as it arrives. Console statements go straight to the cluster: a slow
   * one must not hold up playback. A load says so at once (a load still waiting for PostgreSQL then
   * gives up rather than hold up the next), and so do a reset and a seek back (a replay of the run
   * they replace ends). Everything else is handled one message at a time, in order, even when one
   * awaits real SQL; only Play and Pause also take effect at once during a replay onto the nodes.
   */
  receive(message: ToWorker): void {
    if (message.type === 'sql') {
      void this.handle(message);
      return;
    }
    if (message.type === 'load') this.noteLoad(message.runId, message.scenario);
    // The learner need not wait for a replay to end. A reset or a seek back replaces its run by one
    // that joins the nodes on its own: the replay ends. A seek forward waits for it and goes on
    // from it (a new replay would cover more, and take longer).
    const replacesRun = message.type === 'reset' || (message.type === 'seek' && this.run !== null && message.toMs < this.run.now);
    if (replacesRun) this.pendingReplacements++;
    // Play and Pause take effect at once; the replay's end resumes the run as they last said.
    if (this.replaying && (message.type === 'play' || message.type === 'pause')) {
      this.playing = message.type === 'play' && this.run !== null && !this.run.finished;
      this.publish('now');
    }
    void this.enqueue(async () => {
      try {
        await this.handle(message);
      } finally {
        if (replacesRun) this.pendingReplacements--;
      }
    });
  }

  /** Run `job` after every message received before it (and before any received after it). */
  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.queue.then(job).catch((error: unknown) => this.post({ type: 'error', message: errorInfo(error).message }));
    this.queue = next;
    return next;
  }

  /** Resolves once every message received so far (and the work they queued) has been handled. */
  async idle(): Promise<void> {
    for (let seen: Promise<void> | null = null; seen !== this.queue; ) {
      seen = this.queue;
      await seen;
    }
  }

  /** Handle one message from the page. Never throws: problems go back as 'error' messages. */
  async handle(message: ToWorker): Promise<void> {
    try {
      await this.dispatch(message);
    } catch (error) {
      this.post({ type: 'error', message: (error as Error).message ?? String(error) });
    }
  }

  private async dispatch(message: ToWorker): Promise<void> {
    switch (message.type) {
      case 'load':
        try {
          return await this.load(message.scenario, message.runId);
        } catch (error) {
          // The page is waiting for this run: tell it the load ended, not just that something failed.
          this.post({ type: 'error', message: (error as Error).message ?? String(error), runId: message.runId });
          return;
        }
      case 'play':
        if (!this.run || this.run.finished) return this.publish();
        this.playing = true;
        this.clearStall();
        this.lastWall = this.pacing.now();
        this.meter.restart(this.lastWall, this.run.now);
        this.scheduleTick();
        return this.publish();
      case 'pause':
        this.playing = false;
        return this.publish();
      case 'step':
        if (!this.run) return;
        this.playing = false;
        if (message.unit === 'event') {
          if (!this.run.stepEvent() && this.run.env.isBlocked()) await this.run.env.settleExternal();
        } else if (!this.run.stepInstant() && this.run.env.isBlocked()) await this.run.env.settleExternal();
        return this.publish('now');
      case 'speed':
        this.speed = message.speed === 'max' ? 'max' : Math.min(MAX_SPEED, Math.max(MIN_SPEED, message.speed));
        this.lastWall = this.pacing.now();
        if (this.run) this.meter.restart(this.lastWall, this.run.now);
        return this.publish();
      case 'reset': {
        const loaded = this.loaded;
        if (!loaded) return;
        this.restartRun(loaded);
        return this.publish('now');
      }
      case 'seek':
        return this.seek(message.toMs);
      case 'set': {
        if (!this.run) return;
        const at = positionOf(this.run);
        const problem = this.run.setParam(message.key, message.value);
        if (problem !== null) this.post({ type: 'error', message: problem });
        else this.recordForReplay({ at, kind: 'set', key: message.key, value: message.value });
        return this.publish('now');
      }
      case 'action': {
        if (!this.run) return;
        const at = positionOf(this.run);
        const problem = this.run.runAction(message.name, message.args);
        if (problem !== null) this.post({ type: 'error', message: problem });
        else this.recordForReplay({ at, kind: 'action', name: message.name, args: message.args });
        return this.publish('now');
      }
      case 'frame':
        this.pageReady = true;
        if (this.dirty) this.publish('paced');
        return;
      case 'runScenario':
        return this.runScenario(message.requestId, message.scenario, message.untilS);
      case 'inspect':
        this.post({ type: 'inspection', requestId: message.requestId, detail: this.run?.model.inspect?.(message.particleId) ?? null });
        return;
      case 'sql':
        return this.console(message.requestId, message.sql, message.node);
      case 'sweep':
        return this.sweep(message);
    }
  }

  /** Run `work` on the cluster after the work already asked for (see {@link clusterChain}). */
  private onCluster<T>(work: () => Promise<T>): Promise<T> {
    const result = this.clusterChain.then(work);
    this.clusterChain = result.catch(() => {});
    return result;
  }

  /**
   * What the cluster is doing, for the page's progress bar; said only while a run or a statement
   * waits for it (a boot a lab gave up waiting for goes on quietly: the page is on another lab).
   */
  private progress(label: string, fraction = 0): void {
    if (fraction < 1 && this.clusterWaiters === 0) return;
    this.post({ type: 'progress', kind: 'cluster', label, fraction });
  }

  /** Count `waiting` as someone waiting for the cluster while it is pending. */
  private async waitingForCluster<T>(waiting: Promise<T>): Promise<T> {
    this.clusterWaiters++;
    try {
      return await waiting;
    } finally {
      this.clusterWaiters--;
    }
  }

  /** A cluster's nodes changed (booting, state, memory): the page hears of the loaded lab's cluster. */
  clusterStatus(key: string, nodes: ClusterNodeStatus[]): void {
    this.lastStatus.set(key, nodes);
    if (key === this.clusterKey) {
      this.post({ type: 'cluster', nodes });
    }
  }

  private showCluster(dataset: ClusterDataset | undefined): void {
    const key = dataset ? JSON.stringify(dataset) : null;
    if (!this.sqlHost || key === this.clusterKey) return;
    this.clusterKey = key;
    this.post({ type: 'cluster', nodes: (this.clusterKey && this.lastStatus.get(this.clusterKey)) || [] });
  }

  /**
   * The SQL console (and a lab view's statements): any statement on one node of the loaded lab's
   * cluster (default: its primary); PostgreSQL's errors come back as data. It waits until the
   * cluster is the loaded lab's: a load in progress has booted and reset it, or, in a model-only
   * run, it is reset here if another lab used it last.
   */
  private async console(requestId: number, sql: string, nodeId?: string): Promise<void> {
    await this.untilLoadsPlaced();
    const loaded = this.loaded;
    const sqlHost = this.sqlHost;
    const dataset = loaded?.lab.dataset;
    if (!loaded || !dataset || !sqlHost) {
      this.post({ type: 'sqlResult', requestId, ok: false, error: { message: 'this lab has no database node to query' } });
      return;
    }
    try {
      const cluster = await this.waitingForCluster(this.onCluster(async () => this.cluster ?? (await this.prepareCluster(sqlHost, dataset, loaded.lab, loaded.params))));
      this.progress('', 1);
      const result = await cluster.consoleQuery(nodeId ?? cluster.primary, sql);
      this.post({
        type: 'sqlResult',
        requestId,
        ok: true,
        fields: result.fields,
        rows: result.rows.slice(0, CONSOLE_ROW_LIMIT),
        rowCount: result.rows.length,
        truncated: result.rows.length > CONSOLE_ROW_LIMIT,
      });
    } catch (error) {
      this.post({ type: 'sqlResult', requestId, ok: false, error: errorInfo(error) });
    }
  }

  /**
   * A model-only run's cluster, for the console: booted with the lab's nodes on first use, and
   * reset to them if another lab (or another node list) used it last. The learner's own changes
   * made from this lab's console stay until a run of the lab resets it.
   */
  private async prepareCluster(sqlHost: SqlHost, dataset: ClusterDataset, lab: AnyLab, params: ParamValues): Promise<Cluster> {
    const nodes = labNodes(lab, params);
    const cluster = await sqlHost.cluster(dataset, nodes, (label) => this.progress(label));
    const key = JSON.stringify(dataset);
    const wanted = preparedKey(lab, nodes);
    if (this.preparedFor.get(key) !== wanted) {
      await cluster.reset(nodes);
      this.preparedFor.set(key, wanted);
    }
    return cluster;
  }

  /** A parameter sweep, model-only (same metrics as with SQL), one run per value. */
  private async sweep(message: Extract<ToWorker, { type: 'sweep' }>): Promise<void> {
    const points: { value: number; metrics: Record<string, number> }[] = [];
    const total = message.values.length;
    await loadModelNamedIn(message.scenario);
    for (const value of message.values) {
      const raw = message.scenario as Record<string, unknown>;
      const parsed = parseScenario({ ...raw, parameters: { ...(raw.parameters as object), [message.param]: value } });
      if (!parsed.ok) {
        this.post({ type: 'sweepResult', requestId: message.requestId, ok: false, message: issuesToText(parsed.issues) });
        return;
      }
      const run = new SimulationRun(parsed.value, { traceLimit: 0 });
      await run.advanceToAsync(run.durationMs);
      const m = run.metrics();
      points.push({ value, metrics: Object.fromEntries(message.metrics.map((k) => [k, Number(metricAt(m, k) ?? NaN)])) });
      this.post({ type: 'sweepProgress', requestId: message.requestId, done: points.length, total, points: [...points] });
    }
    this.post({ type: 'sweepResult', requestId: message.requestId, ok: true, points });
  }

  /**
   * The worker calls this as soon as a load arrives, before it waits its turn: a load still
   * waiting for PostgreSQL gives up, so the lab the learner went to next (M/M/c, which needs no
   * database) does not wait for another lab's boot. The boot goes on for whoever needs it next.
   */
  noteLoad(runId: number, scenario?: unknown): void {
    // The lab's model starts loading now, while the load waits its turn (a failure is reported by the load).
    if (scenario !== undefined) loadModelNamedIn(scenario).catch(() => {});
    if (runId <= this.newestLoad) return;
    this.newestLoad = runId;
    this.unplacedLoads.add(runId);
    for (const giveUp of this.onSuperseded) giveUp();
    this.onSuperseded.clear();
  }

  /** Whether runs of this scenario execute SQL here: a host with databases, a lab with a dataset, parameters that need it. */
  private executesSql({ lab, params }: LoadedScenario): boolean {
    return this.sqlHost !== null && lab.dataset !== undefined && (lab.needsSql?.(params) ?? true);
  }

  /**
   * Where a run that executes SQL gets its cluster while it plays, or null (no SQL here). A lab
   * whose real statements only read joins its nodes as they come up; any other is replayed onto them.
   */
  private joiningHost(loaded: LoadedScenario): JoiningHost | null {
    const dataset = loaded.lab.dataset;
    if (this.sqlHost === null || dataset === undefined || !this.executesSql(loaded)) return null;
    return { sqlHost: this.sqlHost, dataset, replays: loaded.lab.realStatementsOnlyRead !== true };
  }

  /** What a run with real SQL cannot do (a page's runs of a lab with a dataset execute SQL). */
  private realSqlIssues({ lab, params }: LoadedScenario): ValidationIssue[] {
    return this.sqlHost ? realSqlIssues(lab, params) : [];
  }

  /**
   * Load a run. Every run loads at once and plays; one that executes SQL plays model-only while
   * its cluster boots (the first time 5–15 s) and resets, and real SQL joins it then, with the
   * same numbers (see {@link startJoining}).
   */
  private async load(raw: unknown, runId: number): Promise<void> {
    this.noteLoad(runId);
    try {
      await this.placeLoad(raw, runId);
    } finally {
      this.markLoadPlaced(runId);
    }
  }

  /** Load `runId` has taken its place on the cluster chain, or ended: console statements waiting for it go on. */
  private markLoadPlaced(runId: number): void {
    this.unplacedLoads.delete(runId);
    if (this.unplacedLoads.size > 0) return;
    for (const go of this.placedWaiters.splice(0)) go();
  }

  /**
   * Resolves once every load that has arrived has taken its place on the cluster chain: a console
   * statement sent with a load (the index view asks at once) is then for the lab loaded, not the
   * last one. Loads wait their turn in the worker's message queue, so a statement sent with one
   * waits behind the messages before it (a seek replaying, say); without a load pending it goes at once.
   */
  private untilLoadsPlaced(): Promise<void> {
    if (this.unplacedLoads.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.placedWaiters.push(resolve));
  }

  private async placeLoad(raw: unknown, runId: number): Promise<void> {
    // Queued behind a load that took long: the page has asked for a newer run since.
    if (runId !== this.newestLoad) return;
    await loadModelNamedIn(raw);
    if (runId !== this.newestLoad) return;
    const parsed = parseScenario(raw);
    const issues = parsed.ok ? this.realSqlIssues(parsed.value) : parsed.issues;
    if (!parsed.ok || issues.length > 0) {
      // The run in progress is kept: a bad scenario never costs the learner their state (the page shows it again).
      this.newestLoad = this.runId;
      this.post({ type: 'error', message: `Scenario not loaded:\n${issuesToText(issues)}`, issues, runId });
      return;
    }
    // From here the page waits for this run: the old one stops and publishes nothing more.
    const retiring = this.retire();
    this.runId = runId;
    this.loaded = parsed.value;
    this.cluster = null;
    const { lab, params } = parsed.value;
    this.showCluster(lab.dataset);
    this.startRun(parsed.value, retiring, runId);
    this.post({ type: 'loaded', runId, scenario: parsed.value.scenario, params: { ...params } });
    this.publish('now');
  }

  /** Start a run at once: joined by real SQL later if it executes SQL here (see {@link startJoining}), else model-only. */
  private startRun(loaded: LoadedScenario, retiring: Promise<void>, runId: number): void {
    const joining = this.joiningHost(loaded);
    if (joining !== null) this.startJoining(loaded, joining, retiring, runId);
    else this.startModelOnly(loaded, retiring);
  }

  /** Start a run that executes no SQL here: at once. */
  private startModelOnly(loaded: LoadedScenario, retiring: Promise<void>): void {
    // Later work on the cluster (a console statement) still waits until the old run's statements have landed.
    void this.onCluster(() => retiring);
    this.cluster = null;
    this.sql = null;
    this.run = new SimulationRun(freshCopy(loaded), { sql: null });
  }

  /**
   * Start a run that executes SQL at once, model-only, while its cluster boots (the first time) and
   * resets for it; the wait counts as someone waiting for the cluster, so the page shows the boot's
   * progress meanwhile, until a newer load supersedes it. Then real SQL joins: a lab whose real
   * statements only read sends its next statements to the nodes (`JoiningSql`); any other run is
   * replayed with real SQL to where it stands, in the message queue (see {@link joinByReplay}). The
   * numbers are the same whenever that is. A run replaced before then never joins.
   */
  private startJoining(loaded: LoadedScenario, { sqlHost, dataset, replays }: JoiningHost, retiring: Promise<void>, runId: number): void {
    const { lab, params } = loaded;
    const joiningSql = replays ? null : new JoiningSql();
    const run = new SimulationRun(freshCopy(loaded), { sql: joiningSql });
    const joining: Joining = joiningSql === null ? { by: 'replay', replay: new ReplayJoin(run) } : { by: 'statements', sql: joiningSql };
    this.run = run;
    this.joining = joining;
    const work = this.onCluster(async () => {
      await retiring;
      if (this.loaded !== loaded) return;
      const prepared = this.cluster
        ? { cluster: this.cluster, sql: await this.resetForRun(this.cluster, lab, params) }
        : await this.bootForRun(sqlHost, dataset, lab, params);
      // The cluster stays the loaded lab's even if this run was reset meanwhile: the next one joins it.
      if (this.loaded !== loaded) return;
      this.cluster = prepared.cluster;
      if (this.run !== run) return;
      if (prepared.sql === null) {
        // The cluster failed (said already): the run goes on model-only.
        this.joining = null;
        this.publish('now');
      } else if (joining.by === 'statements') {
        this.sql = prepared.sql;
        joining.sql.join(prepared.sql.backend);
        this.publish('now');
      } else {
        const sql = prepared.sql;
        void this.enqueue(() => this.joinByReplay(joining.replay, loaded, sql, runId));
      }
    });
    void this.waitingForCluster(this.unlessSuperseded(runId, work)).catch((error: unknown) => {
      this.post({ type: 'error', message: couldNotStart(error) });
    });
  }

  /** An input the learner gave the run on screen, kept for its replay if it has not joined its nodes yet. */
  private recordForReplay(input: Parameters<ReplayJoin['record']>[0]): void {
    // Set and cleared with the run on screen (startJoining, retire, joinByReplay): it is that run's.
    if (this.joining?.by === 'replay') this.joining.replay.record(input);
  }

  /**
   * The nodes are ready for a run that played model-only: replay it with real SQL to where it
   * stands, the learner's inputs applied where they were, and put the replay in its place (same
   * position, same numbers, real rows from here on). The clock stands meanwhile; it runs in the
   * message queue, so what the learner does next waits for it, except Play and Pause, which apply
   * at once, and what ends it (see {@link receive}). A replay whose pace says it would take
   * more than {@link JOIN_REPLAY_WALL_BUDGET_MS} ends early and the run goes on model-only (the page
   * is told); a newer load, a reset or a seek back end it too (they replace the run). Whatever
   * happens, the run on screen plays on after.
   */
  private async joinByReplay(join: ReplayJoin, loaded: LoadedScenario, sql: InFlight<ClusterBackend>, runId: number): Promise<void> {
    if (this.joining?.by !== 'replay' || this.joining.replay !== join || this.run !== join.run) return;
    // The clock stands while the replay runs; a playing run says it waits for PostgreSQL, and plays on after.
    this.replaying = true;
    await this.ticking;
    this.publish('now');
    const target = join.position();
    const run = new SimulationRun(freshCopy(loaded), { sql: sql.backend });
    const report = this.progressReporter('join', JOINING_LABEL);
    const startedAt = this.pacing.now();
    let tooSlow = false;
    let joined = false;
    let failure: string | null = null;
    try {
      joined = await replay(run, join.inputs, target, {
        stop: () => tooSlow || this.pendingReplacements > 0 || runId !== this.newestLoad,
        progress: (fraction) => {
          const elapsed = this.pacing.now() - startedAt;
          if (elapsed > JOIN_REPLAY_JUDGED_AFTER_MS && elapsed > JOIN_REPLAY_WALL_BUDGET_MS * Math.max(fraction, 0.05)) tooSlow = true;
          report.progress(fraction);
        },
      });
    } catch (error) {
      failure = errorInfo(error).message;
    } finally {
      report.done();
      this.replaying = false;
    }
    this.joining = null;
    if (joined) {
      this.run = run;
      this.sql = sql;
    } else {
      // The model-only run goes on (a newer load will retire it); the replay's statements land
      // before anything resets the cluster.
      await sql.settled();
      const endedByLearner = this.pendingReplacements > 0 || runId !== this.newestLoad;
      if (!endedByLearner) this.post(joinFailed(target.now, tooSlow, failure));
      // A load that ended it may yet be refused (a bad scenario file): the run then stays, model-only.
      else void this.enqueue(async () => {
        if (this.run === join.run) this.post(joinFailed(target.now, false, 'a scenario was loaded during its replay; a reset joins it'));
      });
    }
    this.resumePlay(this.run!);
  }

  /**
   * Progress of long work for the page's bar, a few times a second (the work reports after every
   * real statement it awaits), and its end if any was shown.
   */
  private progressReporter(kind: ProgressKind, label: string): { progress(fraction: number): void; done(): void } {
    let reportedAt = this.pacing.now();
    let reported = false;
    return {
      progress: (fraction) => {
        if (this.pacing.now() - reportedAt < 100) return;
        reported = true;
        reportedAt = this.pacing.now();
        this.post({ type: 'progress', kind, label, fraction: Math.min(0.99, fraction) });
      },
      done: () => {
        if (reported) this.post({ type: 'progress', kind, label, fraction: 1 });
      },
    };
  }

  /** The clock may move again (after a seek or a replay): a run that was playing plays on from here. */
  private resumePlay(run: SimulationRun): void {
    this.playing &&= !run.finished;
    this.lastWall = this.pacing.now();
    this.meter.restart(this.lastWall, run.now);
    if (this.playing) this.scheduleTick();
    this.publish('now');
  }

  /**
   * Stop the run on screen: it publishes nothing more and takes no new tick. Resolves once its
   * tick has ended and every statement it sent has landed (the engine awaits only the one it is
   * blocked on): only then may the cluster be reset for the next run.
   */
  private retire(): Promise<void> {
    this.playing = false;
    this.clearStall();
    this.run = null;
    this.joining = null;
    const ticking = this.ticking;
    const sql = this.sql;
    this.sql = null;
    return (async () => {
      await ticking;
      await sql?.settled();
    })();
  }

  /** `work`, unless a newer load arrives first (then SUPERSEDED; the work goes on). */
  private unlessSuperseded<T>(runId: number, work: Promise<T>): Promise<T | typeof SUPERSEDED> {
    if (runId !== this.newestLoad) return Promise.resolve(SUPERSEDED);
    return new Promise((resolve, reject) => {
      const giveUp = () => resolve(SUPERSEDED);
      this.onSuperseded.add(giveUp);
      work.then(
        (value) => {
          this.onSuperseded.delete(giveUp);
          resolve(value);
        },
        (error: unknown) => {
          this.onSuperseded.delete(giveUp);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /** The lab's cluster booted (once per page) and reset for a new run. Call on the cluster chain. */
  private async bootForRun(sqlHost: SqlHost, dataset: ClusterDataset, lab: AnyLab, params: ParamValues): Promise<PreparedSql> {
    let cluster: Cluster;
    try {
      cluster = await sqlHost.cluster(dataset, labNodes(lab, params), (label) => this.progress(label));
    } catch (error) {
      this.post({ type: 'error', message: couldNotStart(error) });
      this.progress('', 1);
      return { cluster: null, sql: null };
    }
    return { cluster, sql: await this.resetForRun(cluster, lab, params) };
  }

  /**
   * Same seed, same writes: the real data must start where the last run started (LSN 0), on the
   * nodes the lab lists. Null when the reset failed (the run is then model-only). Call on the cluster chain.
   */
  private async resetForRun(cluster: Cluster, lab: AnyLab, params: ParamValues): Promise<InFlight<ClusterBackend> | null> {
    try {
      const nodes = labNodes(lab, params);
      await cluster.reset(nodes);
      this.preparedFor.set(JSON.stringify(cluster.dataset), preparedKey(lab, nodes));
      return trackInFlight(clusterBackend(cluster));
    } catch (error) {
      this.post({ type: 'error', message: `The PostgreSQL cluster could not be reset, so this run is model-only (same numbers, no real rows): ${errorInfo(error).message}` });
      return null;
    } finally {
      this.progress('', 1);
    }
  }

  /** The loaded scenario again from time 0 (a reset, a seek back): it plays at once; real SQL joins as for a load. */
  private restartRun(loaded: LoadedScenario): void {
    this.startRun(loaded, this.retire(), this.runId);
  }

  /** Replay from the start with the same seed up to `toMs`: the only way back in time that stays exact. */
  private async seek(toMs: number): Promise<void> {
    const loaded = this.loaded;
    // A seek sent with a load the page has replaced since has nothing to replay.
    if (!loaded || this.runId !== this.newestLoad) return;
    const wasPlaying = this.playing;
    this.playing = false;
    const target = Math.max(0, Math.min(toMs, loaded.scenario.durationS * 1000));
    const current = this.run;
    if (!current || target < current.now) this.restartRun(loaded);
    const run = this.run!;
    const report = this.progressReporter('seek', SEEK_LABEL);
    while (run.now < target) {
      const status = run.advanceTo(target, EVENTS_PER_CHECK);
      if (status === 'blocked') await run.env.settleExternal();
      report.progress(run.now / target);
    }
    report.done();
    this.playing = wasPlaying;
    this.resumePlay(run);
  }

  private async runScenario(requestId: number, raw: unknown, untilS?: number): Promise<void> {
    await loadModelNamedIn(raw);
    const parsed = parseScenario(raw);
    if (!parsed.ok) {
      this.post({ type: 'scenarioResult', requestId, ok: false, issues: parsed.issues });
      return;
    }
    const run = new SimulationRun(parsed.value, { traceLimit: 0 });
    await run.advanceToAsync(untilS === undefined ? run.durationMs : untilS * 1000);
    this.post({ type: 'scenarioResult', requestId, ok: true, metrics: run.metrics(), expectations: run.expectations(), simulatedMs: run.now });
  }

  private scheduleTick(): void {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    this.pacing.schedule(() => {
      this.tickScheduled = false;
      void this.tick();
    }, TICK_MS);
  }

  private async tick(): Promise<void> {
    const run = this.run;
    if (!run || !this.playing || this.ticking !== null || this.replaying) return;
    const done = this.advance(run);
    this.ticking = done;
    try {
      await done;
    } finally {
      this.ticking = null;
    }
    if (this.playing && this.run === run) this.scheduleTick();
  }

  /** One tick of play: simulated time catches up with wall time × speed, within the tick's budget. */
  private async advance(run: SimulationRun): Promise<void> {
    const wallStart = this.pacing.now();
    const clockFrom = run.now;
    // A load or reset replaces the run while a tick awaits real SQL: this tick then just ends.
    const current = () => this.run === run && this.playing;
    if (this.speed === 'max') {
      while (!run.finished && current() && this.pacing.now() - wallStart < TICK_BUDGET_MS) {
        const status = run.advanceTo(run.durationMs, EVENTS_PER_CHECK);
        if (status === 'blocked') await this.settle(run);
      }
    } else {
      const target = run.now + (wallStart - this.lastWall) * this.speed;
      while (run.now < target && !run.finished && current()) {
        const status = run.advanceTo(target, EVENTS_PER_CHECK);
        if (status === 'blocked') await this.settle(run);
        // Too much work for real time at this speed: drop the backlog rather than spiral.
        if (this.pacing.now() - wallStart > TICK_BUDGET_MS) break;
      }
    }
    if (this.run !== run) return;
    if (run.now > clockFrom || run.finished) this.clearStall();
    this.lastWall = wallStart;
    if (run.finished) this.playing = false;
    this.meter.record(this.pacing.now(), run.now);
    this.publish('paced');
  }

  /**
   * Await the real statement the run is blocked on, counting the wait against the achieved speed.
   * When the clock has stood still longer than {@link SQL_WAIT_SHOWN_MS} (one slow statement or
   * many at one instant), the page is told at once, so its status does not say "Playing at 1×"
   * over a frozen clock; the first snapshot with the clock moving again clears it.
   */
  private async settle(run: SimulationRun): Promise<void> {
    const start = this.pacing.now();
    const clockAt = run.now;
    this.stalledSince ??= start;
    let settled = false;
    if (!this.waitingForSql) {
      this.pacing.schedule(
        () => {
          if (settled || this.run !== run || !this.playing || run.now !== clockAt) return;
          this.waitingForSql = true;
          this.publish('now');
        },
        Math.max(0, this.stalledSince + SQL_WAIT_SHOWN_MS - start),
      );
    }
    try {
      await run.env.settleExternal();
    } finally {
      settled = true;
    }
    this.meter.addWaiting(this.pacing.now() - start);
  }

  /** The clock moved (or play restarted): nothing is being waited for. */
  private clearStall(): void {
    this.stalledSince = null;
    this.waitingForSql = false;
  }

  private status(): PlaybackStatus {
    const run = this.run!;
    return {
      playing: this.playing,
      speed: this.speed,
      now: run.now,
      durationMs: run.durationMs,
      finished: run.finished,
      eventsProcessed: run.env.eventsProcessed,
      seed: run.loaded.scenario.seed,
      statementsRun: this.sql?.backend.statementsRun ?? 0,
      achieved: this.playing ? this.meter.report(this.speed) : null,
      waitingForSql: this.playing && (this.waitingForSql || this.replaying),
      sqlJoining: this.joining !== null && (this.joining.by === 'replay' || !this.joining.sql.ready),
      params: run.params,
    };
  }

  /**
   * Send a snapshot. `now`: at once (a step, a reset, a parameter: what the learner did shows
   * without waiting). `when-ready`: if the page is ready for one, else remember that one is due.
   * `paced` (the clock moving on its own: a tick, the page asking for the next): as `when-ready`,
   * and while playing only once {@link PLAYING_PUBLISH_MS} have passed since the last, else the next
   * tick sends it, taken then, so what arrives is fresh.
   */
  private publish(how: 'now' | 'when-ready' | 'paced' = 'when-ready'): void {
    if (!this.run) return;
    const now = this.pacing.now();
    const tooSoon = how === 'paced' && this.playing && !this.run.finished && now - this.publishedAt < PLAYING_PUBLISH_MS;
    if (how !== 'now' && (!this.pageReady || tooSoon)) {
      this.dirty = true;
      return;
    }
    this.pageReady = false;
    this.dirty = false;
    this.publishedAt = now;
    this.post({ type: 'snapshot', runId: this.runId, snapshot: this.run.snapshot(), status: this.status() });
    // Applied LSNs move with the run: the page hears of them with the snapshots, a few times a second.
    const cluster = this.cluster;
    if (cluster && this.pacing.now() - this.clusterCheckedAt >= 250) {
      this.clusterCheckedAt = this.pacing.now();
      // With the primary's own last LSN read first (at once when no write ran since): one status a
      // check, sent as soon as it is whole (a paused run publishes no more).
      void cluster
        .refreshCapturedLsn()
        .catch(() => {})
        .then(() => {
          if (this.cluster === cluster) this.postClusterStatus(cluster);
        });
    }
  }

  /** The cluster's status, if it changed since the page last heard it. */
  private postClusterStatus(cluster: Cluster): void {
    if (cluster.statusVersion === this.postedClusterVersion) return;
    this.postedClusterVersion = cluster.statusVersion;
    this.post({ type: 'cluster', nodes: cluster.statuses() });
  }
}

/**
 * Load the model of the lab a scenario names, before the scenario is parsed (its tour is checked
 * against the model's names). An unknown or missing lab is left for the parse to report.
 */
async function loadModelNamedIn(raw: unknown): Promise<void> {
  const id = typeof raw === 'object' && raw !== null ? (raw as { lab?: unknown }).lab : undefined;
  const lab = typeof id === 'string' ? findLab(id) : undefined;
  if (lab !== undefined) await loadLabModel(lab);
}

/** How a run that plays model-only while its nodes boot joins them: by its next statements, or by a replay. */
type Joining = { by: 'statements'; sql: JoiningSql } | { by: 'replay'; replay: ReplayJoin };

/** What the page is told when a run that played while its nodes booted is not replayed onto them. */
function joinFailed(simulatedMs: number, tooSlow: boolean, failure: string | null): FromWorker {
  const seconds = Math.round(simulatedMs / 1000);
  if (tooSlow) {
    return {
      type: 'notice',
      message: `PostgreSQL is up, but replaying this run's ${seconds} s of simulated time for real would hold the clock more than ${JOIN_REPLAY_WALL_BUDGET_MS / 1000} s: it goes on model-only (the same numbers, no real rows). A reset joins real SQL, replaying what the run has played by the time the nodes are reset: pause or play slowly meanwhile.`,
    };
  }
  const why = failure ?? 'its replay did not reach the same point';
  return { type: 'error', message: `Real SQL could not join this run (${why}), so it stays model-only: same numbers, no real rows.` };
}

/** The message when a run's PostgreSQL could not start (the run goes on model-only). */
function couldNotStart(error: unknown): string {
  return `PostgreSQL could not start, so this run is model-only (same numbers, no real rows): ${errorInfo(error).message}`;
}

/** What a cluster was reset for: the lab and its node list (another list is another cluster shape). */
function preparedKey(lab: AnyLab, nodes: readonly NodeSpec[]): string {
  return JSON.stringify([lab.id, nodes]);
}

/** The host and dataset a run that plays while its cluster boots joins. */
interface JoiningHost {
  sqlHost: SqlHost;
  dataset: ClusterDataset;
  /** The lab's statements write: the run is replayed onto the nodes when they are ready, not joined mid-run. */
  replays: boolean;
}

/** A run's database: the cluster, and the run's view of it (null: model-only). */
interface PreparedSql {
  cluster: Cluster | null;
  sql: InFlight<ClusterBackend> | null;
}

/** What a load gives up with when the page has asked for a newer run. */
const SUPERSEDED = Symbol('superseded');

/** A copy of the scenario with its own parameters, so live changes made during one run do not leak into the next. */
function freshCopy(loaded: LoadedScenario): LoadedScenario {
  return { ...loaded, params: { ...loaded.params } };
}
