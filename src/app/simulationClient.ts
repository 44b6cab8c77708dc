import type { SqlOutcome } from '../lab/view';
import type { TraceEntry } from '../engine';
import { labs } from '../labs';
import { defaultScenario } from '../scenario/parseScenario';
import type { LabSnapshot, MetricTree } from '../lab/snapshot';
import type { ParamValues } from '../lab/params';
import type { ExpectationResult } from '../scenario/expectations';
import type { ValidationIssue } from '../scenario/formatIssues';
import type { Scenario } from '../scenario/schema';
import type { FromWorker, PlaybackStatus, Speed, ToWorker } from '../runner/protocol';
import { SEEK_LABEL } from '../runner/protocol';
import { applyStatus, setPreparing, setSeekingTo } from '../store/playbackSlice';
import { confirmEditTimes, paramsReported } from '../store/scenarioSlice';
import { applySnapshot, clearLog } from '../store/snapshotSlice';
import { setDbLabel, setDbState } from '../store/consoleSlice';
import type { RequestDetail } from '../lab/labDefinition';
import { dismissToast, pushToast } from '../store/uiSlice';
import { appStore } from '../store/store';
import { onFrame, requestFrame } from '../viz/frameLoop';
import { beginTask, endTask, followTask, updateTask } from './progress';
import { setClusterStatus } from '../cluster/clusterStatusStore';
import { spawnSimulationWorker, takeEarlyWorker } from './earlySimulationWorker';

/**
 * The one owner of the simulation worker. It posts protocol messages, keeps only the newest
 * snapshot that arrives between two frames (merging their event logs), applies it to the store
 * at the start of the next animation frame and then tells the worker with {type:'frame'} that
 * it can send another — so the page receives at most one snapshot per frame (and while a run
 * plays, the worker sends at most 25 a second: runner/runController's PLAYING_PUBLISH_MS).
 */

/** What the test hook's runScenario returns. */
export interface ScenarioRunResult {
  ok: boolean;
  metrics?: MetricTree;
  expectations?: ExpectationResult[];
  issues?: ValidationIssue[];
  simulatedMs?: number;
}

/** What the SQL console gets back for one statement (the lab contract's type). */
export type { SqlOutcome } from '../lab/view';

/** SQLSTATE of a statement the watchdog stopped (query_canceled); its node restarts. */
export const RUNAWAY_SQLSTATE = '57014';

/** Charts, figures and the log are redrawn at most this often while playing (ms of wall time). */
const SLOW_REFRESH_MS = 200;

type LoadedListener = (scenario: Scenario, params: ParamValues) => void;

let worker: Worker | null = null;
let pending: { snapshot: LabSnapshot; status: PlaybackStatus; runId: number } | null = null;
let pendingLog: TraceEntry[] = [];
let clearLogOnApply = false;
let lastSlowApply = -Infinity;
let nextRequestId = 1;
const requests = new Map<number, { resolve: (result: ScenarioRunResult) => void; task: number }>();
/** Loads sent and not answered yet, by run id. */
const loadWaiters = new Map<number, { resolve: () => void; reject: (error: Error) => void; task: number }>();
/**
 * Runs, numbered by the page. Snapshots say which run they show; the page applies only those of
 * the run it asked for last (`shownRun`), so a run it has left (another lab's, or the one before a
 * reset) can never paint its diagram, clock or address under the new one. `loadedRun` is the run
 * the worker last confirmed: the one it keeps when it refuses a newer scenario.
 */
let nextRunId = 1;
let shownRun = 0;
let loadedRun = 0;
/** The run whose snapshot was applied last (a new one refreshes the requests still pending). */
let appliedRun = 0;
let seekTarget: { ms: number; backward: boolean; task: number } | null = null;
let workerTask: number | null = null;
/** The progress task of a replay that joins the booted nodes (see RunController.joinByReplay). */
let joinTask: number | null = null;
/** The toast of the worker's last notice about the run on screen, while it still holds. */
let noticeToast: number | null = null;
let loadedListener: LoadedListener | null = null;
let resolveReady: () => void = () => {};
/** Console statements (and restart probes) waiting for their answer. */
const sqlRequests = new Map<number, { resolve: (outcome: SqlOutcome) => void; probe: boolean; node: string | undefined }>();
const inspections = new Map<number, (detail: RequestDetail | null) => void>();

/** Resolves when the worker has answered once. */
export const ready: Promise<void> = new Promise((resolve) => {
  resolveReady = resolve;
});

/**
 * Start applying the worker's snapshots on the shared frame loop. The worker itself starts with
 * the first message that needs it (a lab opened, a scenario run) or {@link warmUpSimulation}: the
 * home page does not download the simulation (issue 19's first load).
 */
export function startSimulationClient(onLoaded: LoadedListener): void {
  loadedListener = onLoaded;
  if (framesApplied) return;
  framesApplied = true;
  onFrame(applyPending, -10);
}
let framesApplied = false;

/** Start the simulation worker now, before it is needed (a learner pointing at a lab's card). */
export function warmUpSimulation(): void {
  ensureWorker();
}

/**
 * The worker, started if it is not yet. Started for anything but a run to load, it is first asked
 * a question it must answer, which proves it runs (and resolves `ready`); a load's own answer does
 * that, sooner (a lab opened directly plays ~70 ms earlier without the question before it).
 */
function ensureWorker(forLoad = false): Worker {
  if (worker !== null) return worker;
  const early = takeEarlyWorker();
  worker = early?.worker ?? spawnSimulationWorker('simulation');
  const workerFailed = (why: string) => pushToast('error', `The simulation worker failed: ${why}. Reload the page to try again.`);
  if (early?.failure != null) workerFailed(early.failure);
  worker.onmessage = (event: MessageEvent<FromWorker>) => receive(event.data);
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    workerFailed(event.message || 'it could not start');
  };
  worker.onmessageerror = () => pushToast('error', 'A message from the simulation worker could not be read.');
  const started = worker;
  const first = labs[0];
  if (!forLoad && first !== undefined) void runScenario(defaultScenario(first), 0);
  return started;
}

/**
 * What the page last asked for and the worker has not reported yet. Snapshots already on their
 * way still carry the old speed or play state; showing those would undo a key press for a
 * frame (and make quick repeated presses of + or Space count from a stale value).
 */
let pendingSpeed: { value: Speed; since: number } | null = null;
let pendingPlaying: { value: boolean; since: number } | null = null;
/** Live parameter changes sent to the worker and not reported back yet, shown meanwhile. */
const pendingParams = new Map<string, { value: unknown; since: number }>();
/** A request the worker has not confirmed within this long is forgotten (ms). */
const PENDING_LIMIT_MS = 5000;

/** Send a message to the worker. */
export function post(message: ToWorker): void {
  const now = performance.now();
  switch (message.type) {
    case 'speed':
      pendingSpeed = { value: message.speed, since: now };
      break;
    case 'play':
      pendingPlaying = { value: true, since: now };
      break;
    case 'set':
      pendingParams.set(message.key, { value: message.value, since: now });
      break;
    case 'load':
    case 'reset':
      pendingParams.clear();
      pendingPlaying = { value: false, since: now };
      break;
    case 'pause':
    case 'step':
      pendingPlaying = { value: false, since: now };
      break;
  }
  // Pausing (leaving a lab) and frame acknowledgements mean nothing to a worker not started yet.
  if (worker === null && (message.type === 'pause' || message.type === 'frame')) return;
  ensureWorker(message.type === 'load').postMessage(message);
}

function refreshPending(now: number): void {
  if (pendingSpeed !== null) pendingSpeed.since = now;
  if (pendingPlaying !== null) pendingPlaying.since = now;
  for (const edit of pendingParams.values()) edit.since = now;
}

/** The status to show: the worker's, with requests it has not reported yet applied over it. */
function withPending(status: PlaybackStatus): PlaybackStatus {
  const now = performance.now();
  let shown = status;
  if (pendingSpeed !== null) {
    if (status.speed === pendingSpeed.value || now - pendingSpeed.since > PENDING_LIMIT_MS) pendingSpeed = null;
    else shown = { ...shown, speed: pendingSpeed.value };
  }
  if (pendingPlaying !== null) {
    // A finished run does not start again, whatever was asked.
    if (status.playing === pendingPlaying.value || status.finished || now - pendingPlaying.since > PENDING_LIMIT_MS) pendingPlaying = null;
    else shown = { ...shown, playing: pendingPlaying.value };
  }
  if (pendingParams.size > 0) {
    const params = { ...status.params };
    for (const [key, { value, since }] of pendingParams) {
      if (status.params[key] === value || now - since > PENDING_LIMIT_MS) pendingParams.delete(key);
      else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') params[key] = value;
    }
    shown = { ...shown, params };
  }
  return shown;
}

/**
 * Load a scenario as a new run; resolves when the worker confirms, rejects with its issues if
 * invalid. Until its first snapshot the page shows no other run's (and says the run is being
 * prepared: a reset re-clones replicas, a first load boots PostgreSQL).
 */
export function load(scenario: Scenario): Promise<void> {
  const runId = nextRunId++;
  shownRun = runId;
  setPreparing(true);
  // Older loads are replaced: the worker may give up waiting for them (a database booting for the lab left).
  for (const [older, waiter] of loadWaiters) {
    loadWaiters.delete(older);
    endTask(waiter.task);
    waiter.resolve();
  }
  const task = beginTask(appStore.getState().playback.loaded ? 'Resetting the run' : 'Loading the lab');
  return new Promise<void>((resolve, reject) => {
    loadWaiters.set(runId, { resolve, reject, task });
    post({ type: 'load', scenario, runId });
  });
}

/** Whether a snapshot of run `runId` is one the page should show (pure; exported for tests). */
export function showsRun(runId: number, shown: number): boolean {
  return runId === shown;
}

/** Seek to `ms` (the worker replays from the start if it must go back). */
export function seek(ms: number, currentMs: number): void {
  if (seekTarget !== null) endTask(seekTarget.task);
  const backward = ms < currentMs;
  seekTarget = { ms, backward, task: beginTask(SEEK_LABEL, 0, 'seek') };
  setSeekingTo(ms);
  post({ type: 'seek', toMs: ms });
}

/** Run a scenario headless in the worker (the loaded run is not disturbed). */
export function runScenario(scenario: unknown, untilS?: number): Promise<ScenarioRunResult> {
  const requestId = nextRequestId++;
  const task = beginTask('Running the scenario');
  return new Promise<ScenarioRunResult>((resolve) => {
    requests.set(requestId, { resolve, task });
    post(untilS === undefined ? { type: 'runScenario', requestId, scenario } : { type: 'runScenario', requestId, scenario, untilS });
  });
}

function receive(message: FromWorker): void {
  resolveReady();
  switch (message.type) {
    case 'snapshot':
      if (!showsRun(message.runId, shownRun)) {
        // A run the page has left: not shown, but acknowledged so the worker keeps sending.
        post({ type: 'frame' });
        return;
      }
      receiveSnapshot(message.snapshot, message.status, message.runId);
      return;
    case 'loaded': {
      loadedRun = message.runId;
      const waiter = loadWaiters.get(message.runId);
      loadWaiters.delete(message.runId);
      if (waiter !== undefined) endTask(waiter.task);
      // Only the run the page waits for replaces what is shown (a quicker newer load may have overtaken it).
      if (message.runId === shownRun) {
        // A new run: whatever the old one logged is gone.
        pendingLog = [];
        pending = null;
        clearLogOnApply = true;
        loadedListener?.(message.scenario, message.params);
      }
      waiter?.resolve();
      return;
    }
    case 'error': {
      const waiter = message.runId === undefined ? undefined : loadWaiters.get(message.runId);
      if (waiter !== undefined && message.runId !== undefined) {
        // A refused scenario keeps the run in progress (the page shows it again); a failed load leaves none.
        loadWaiters.delete(message.runId);
        endTask(waiter.task);
        waiter.reject(new Error(message.message));
        if (message.runId === shownRun) {
          if (message.issues !== undefined) shownRun = loadedRun;
          setPreparing(false);
        }
        // A seek queued behind the refused load has nothing to replay.
        if (seekTarget !== null) {
          endTask(seekTarget.task);
          seekTarget = null;
          setSeekingTo(null);
        }
      }
      if (message.message.startsWith('PostgreSQL could not start')) setDbState('cold');
      pushToast('error', message.message);
      return;
    }
    case 'notice':
      // A notice speaks of the run on screen (it stays model-only): it goes when that changes.
      if (noticeToast !== null) dismissToast(noticeToast);
      noticeToast = pushToast('info', message.message);
      return;
    case 'progress': {
      // A seek the page has since ended (a newer seek, a load) has no bar left to move.
      if (message.kind === 'seek') {
        if (seekTarget !== null) updateTask(seekTarget.task, message.fraction, message.label);
        return;
      }
      // A run that played while PostgreSQL booted is replayed onto it: the run's own work, not the database's.
      if (message.kind === 'join') {
        if (message.fraction < 1) joinTask = followTask(joinTask, message.label, message.fraction, 'join');
        else {
          endTask(joinTask);
          joinTask = null;
        }
        return;
      }
      // Otherwise it is the database cluster booting ("Starting PostgreSQL (PGlite)", "Loading the
      // demo dataset…"): its length is unknown, so the bar shows activity rather than 0 %.
      if (message.fraction >= 1) {
        endWorkerTask();
        const { db } = appStore.getState().console;
        if (db === 'booting') setDbState('ready');
        return;
      }
      workerTask = followTask(workerTask, message.label, null, 'cluster');
      const { db } = appStore.getState().console;
      if (db === 'cold' || db === 'ready') setDbState('booting', message.label);
      else setDbLabel(message.label);
      return;
    }
    case 'sqlResult': {
      const request = sqlRequests.get(message.requestId);
      if (request === undefined) return;
      sqlRequests.delete(message.requestId);
      const outcome: SqlOutcome = message.ok
        ? { ok: true, fields: message.fields, rows: message.rows, rowCount: message.rowCount, truncated: message.truncated }
        : { ok: false, error: message.error };
      if (sqlRequests.size === 0) endWorkerTask();
      const { db } = appStore.getState().console;
      if (!outcome.ok && outcome.error.code === RUNAWAY_SQLSTATE) {
        // The watchdog ended the statement and the node is booting again from its dataset: a
        // probe statement waits for it, so the page knows when the primary is back.
        const node = request.node ?? 'primary';
        setDbState('restarting', `Restarting ${node} after a runaway statement`);
        probeDatabase(node);
      } else if (outcome.ok || outcome.error.code !== undefined) setDbState('ready');
      else if (db === 'booting' || request.probe) setDbState('cold');
      request.resolve(outcome);
      return;
    }
    case 'cluster':
      setClusterStatus(message.nodes);
      return;
    case 'inspection': {
      const resolve = inspections.get(message.requestId);
      if (resolve === undefined) return;
      inspections.delete(message.requestId);
      resolve(message.detail);
      return;
    }
    case 'scenarioResult': {
      const request = requests.get(message.requestId);
      if (request === undefined) return;
      requests.delete(message.requestId);
      endTask(request.task);
      if (message.ok) request.resolve({ ok: true, metrics: message.metrics, expectations: message.expectations, simulatedMs: message.simulatedMs });
      else request.resolve({ ok: false, issues: message.issues });
      return;
    }
  }
}

function endWorkerTask(): void {
  if (workerTask === null) return;
  endTask(workerTask);
  workerTask = null;
}

/**
 * Run one statement in the SQL console, on the node it is open on (the primary, 'replica-1'…;
 * default: the console's node); boots PostgreSQL on first use.
 */
export function runSql(sql: string, node: string | undefined = appStore.getState().console.nodeId ?? undefined): Promise<SqlOutcome> {
  const requestId = nextRequestId++;
  return new Promise<SqlOutcome>((resolve) => {
    sqlRequests.set(requestId, { resolve, probe: false, node });
    post(node === undefined ? { type: 'sql', requestId, sql } : { type: 'sql', requestId, sql, node });
  });
}

function probeDatabase(node: string): void {
  const requestId = nextRequestId++;
  sqlRequests.set(requestId, { resolve: () => {}, probe: true, node });
  post({ type: 'sql', requestId, sql: 'select 1', node });
}

/** What happened to one request (a clicked particle); null if the lab has forgotten it. */
export function inspect(particleId: number): Promise<RequestDetail | null> {
  const requestId = nextRequestId++;
  return new Promise((resolve) => {
    inspections.set(requestId, resolve);
    post({ type: 'inspect', requestId, particleId });
  });
}

function receiveSnapshot(snapshot: LabSnapshot, status: PlaybackStatus, runId: number): void {
  if (seekTarget !== null && (status.now === Math.min(seekTarget.ms, status.durationMs) || status.finished)) {
    // The seek is done. Going back replayed the run from the start, so its log starts over.
    if (seekTarget.backward) {
      pendingLog = [];
      clearLogOnApply = true;
    }
    endTask(seekTarget.task);
    seekTarget = null;
    setSeekingTo(null);
  }
  // A snapshot means the worker's own work is done, unless the database is still booting for a
  // console statement or a run (the simulation keeps playing meanwhile), or for this very run,
  // which plays until its statements join the booted nodes (the worker says so).
  if (sqlRequests.size === 0 && loadWaiters.size === 0 && !status.sqlJoining) endWorkerTask();
  // A run said to stay model-only has real SQL now (it was reset, or another run was loaded).
  if (noticeToast !== null && (status.statementsRun > 0 || runId !== appliedRun)) {
    dismissToast(noticeToast);
    noticeToast = null;
  }
  if (runId !== appliedRun) {
    // The first snapshot of a new run: requests made while it was being prepared (Play pressed
    // during a reset) count from now, so they are not forgotten before the worker can answer.
    appliedRun = runId;
    refreshPending(performance.now());
  }
  for (const entry of snapshot.log) pendingLog.push(entry);
  // Live edits made while playing are confirmed by the first paused snapshot (see commands.ts).
  if (!status.playing) confirmEditTimes(status.now);
  pending = { snapshot, status, runId };
  requestFrame();
}

function applyPending(wallNow: number): boolean {
  if (pending === null) return false;
  const { snapshot, status, runId } = pending;
  pending = null;
  // Received before the page moved on to another run (a load was sent since): not shown.
  if (!showsRun(runId, shownRun)) {
    post({ type: 'frame' });
    return false;
  }
  if (clearLogOnApply) clearLog();
  const slow = clearLogOnApply || !status.playing || wallNow - lastSlowApply >= SLOW_REFRESH_MS || status.finished;
  clearLogOnApply = false;
  // Requests made since this snapshot left the worker are applied over it now, not at receipt.
  const shown = withPending(status);
  applyStatus(shown, wallNow);
  paramsReported(shown.params);
  if (slow) {
    applySnapshot(snapshot, true, pendingLog);
    pendingLog = [];
    lastSlowApply = wallNow;
  } else {
    applySnapshot(snapshot, false, []);
  }
  post({ type: 'frame' });
  // While playing, the next snapshot comes by itself; nothing to repaint until it does.
  return false;
}

/** For tests and the hook: the latest metrics the page has. */
export function latestMetrics(): MetricTree | null {
  return appStore.getState().snapshot.latest?.metrics ?? null;
}
