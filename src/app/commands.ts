import { checkParam, type ParamValue, type ParamValues } from '../lab/params';
import { pageParamChecks } from '../lab/paramChecks';
import { findLab } from '../labs';
import { parseScenario, issuesToText } from '../scenario/parseScenario';
import type { Scenario } from '../scenario/schema';
import { SPEED_STEPS, type Speed } from '../runner/protocol';
import { clearPlayback } from '../store/playbackSlice';
import {
  addEdit,
  runStarted,
  setParamError,
  setParamValue,
  setScenario,
  setUrlIssues,
  type LiveEdit,
} from '../store/scenarioSlice';
import { clearSelection } from '../store/selectionSlice';
import { clearSnapshot } from '../store/snapshotSlice';
import { setRoute } from '../store/uiSlice';
import { appStore, patchSlice } from '../store/store';
import { embeddedTourHash, routeFor, splitHash } from './router';
import { findShippedScenario } from './scenarios';
import * as client from './simulationClient';
import { baseParams, parseLabQuery, scenarioForRun } from './urlState';

/**
 * What the learner (and the keyboard, and the test hook) can do. Module-level functions, like
 * the store's actions (DESIGN.md §5); they change the store and talk to the worker.
 */

/** What the run being loaded was built from, for when the worker confirms it. */
interface PendingRun {
  edits: LiveEdit[];
  scenario: Scenario;
  seekMs: number;
}
let pendingRun: PendingRun | null = null;
/** Live edits already baked into the worker's scenario as scripted events. */
let editsInWorker = 0;

/** Start the worker, follow the address, and keep it in step with the lab's state. */
export function startApp(): void {
  client.startSimulationClient(onLoaded);
  window.addEventListener('hashchange', followHash);
  followHash();
}

/** Show the page the address names; a lab page (re)loads its state from the address. */
export function followHash(): void {
  const { path, query } = splitHash(window.location.hash);
  const tour = embeddedTourHash(path, query);
  if (tour !== null) {
    // A tour's embed address stands for its lab's, with the tour as the scenario.
    window.location.replace(tour);
    return;
  }
  const route = routeFor(path);
  setRoute(route);
  if (route.name === 'lab') openLab(route.labId, query);
  else pause();
}

/** Open a lab with the state in `query` (seed, parameters, time…), reporting bad values. */
export function openLab(labId: string, query: URLSearchParams): void {
  const lab = findLab(labId);
  if (lab === undefined) return;
  const url = parseLabQuery(lab, query);
  clearSelection();
  clearSnapshot();
  clearPlayback(url.speed);
  setScenario({ labId, base: url.base, presetName: url.presetName, runParams: url.params, edits: url.edits, urlIssues: url.issues });
  startRun(scenarioForRun(url.base, url.params, url.edits), url.edits, url.tMs, url.speed);
}

/** Load `scenario` in the worker (at `speed`), then seek to `seekMs`. */
function startRun(scenario: Scenario, edits: LiveEdit[], seekMs = 0, speed?: Speed, playAfter = false): Promise<void> {
  pendingRun = { edits, scenario, seekMs };
  patchSlice('playback', { playing: false });
  if (speed !== undefined) client.post({ type: 'speed', speed });
  const loading = client.load(scenario);
  if (seekMs > 0) client.seek(seekMs, 0);
  if (playAfter) play();
  // A refused scenario is reported by the client as an alert; callers that care await it.
  loading.catch(() => {});
  return loading;
}

function onLoaded(_scenario: Scenario, params: ParamValues): void {
  const run = pendingRun;
  pendingRun = null;
  const edits = run?.edits ?? [];
  editsInWorker = edits.length;
  // The panel's values come with the run's snapshots from now on (the worker's parameters in force).
  runStarted(params, edits);
}

// ── Playback ──────────────────────────────────────────────────────────────────────────────────

// The store shows a request at once; the client keeps it shown until the worker reports it.

export function play(): void {
  if (appStore.getState().playback.finished) return;
  patchSlice('playback', { playing: true });
  client.post({ type: 'play' });
}

export function pause(): void {
  patchSlice('playback', { playing: false });
  client.post({ type: 'pause' });
}

export function togglePlay(): void {
  if (appStore.getState().playback.playing) pause();
  else play();
}

export function step(unit: 'event' | 'instant'): void {
  patchSlice('playback', { playing: false });
  client.post({ type: 'step', unit });
}

export function setSpeed(speed: Speed): void {
  patchSlice('playback', { speed });
  client.post({ type: 'speed', speed });
}

/** Move along SPEED_STEPS: +1 faster, -1 slower. */
export function nudgeSpeed(direction: 1 | -1): void {
  const current = appStore.getState().playback.speed;
  let index = SPEED_STEPS.indexOf(current);
  if (index < 0) {
    // Not on the ladder: take the nearest step in the asked direction.
    index = SPEED_STEPS.findIndex((s) => s === 'max' || (typeof current === 'number' && s >= current));
    if (direction < 0) index -= 1;
    else if (SPEED_STEPS[index] === current) index += 1;
  } else index += direction;
  const next = SPEED_STEPS[Math.max(0, Math.min(SPEED_STEPS.length - 1, index))];
  if (next !== undefined && next !== current) setSpeed(next);
}

/** Go to simulated time `ms`; going back replays the run from the start with the same seed. */
export function seekTo(ms: number): void {
  const { playback, scenario } = appStore.getState();
  if (!playback.loaded || scenario.base === null) return;
  const target = Math.max(0, Math.min(ms, playback.durationMs));
  if (target < playback.now && scenario.edits.length > editsInWorker && scenario.edits.every((e) => !Number.isNaN(e.atMs))) {
    // The worker replays what it was loaded with; bake the live changes in first so they replay too.
    startRun(scenarioForRun(scenario.base, scenario.runParams, scenario.edits), scenario.edits, target, undefined, playback.playing);
    return;
  }
  client.seek(target, playback.now);
}

/** Start over with the panel's values (non-live changes apply now); live changes become start values. */
export function reset(): void {
  const { scenario } = appStore.getState();
  if (scenario.base === null) return;
  startRun(scenarioForRun(scenario.base, scenario.nextParams, []), []);
}

/** A new seed: the same scenario from the start with different random draws. */
export function changeSeed(raw: string): string | null {
  const seed = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(seed) || seed < 0 || seed > 4294967295) {
    return `expected a whole number from 0 to 4294967295, found ${JSON.stringify(raw)}`;
  }
  const { scenario } = appStore.getState();
  if (scenario.base === null) return null;
  patchSlice('scenario', { base: { ...scenario.base, seed } });
  reset();
  return null;
}

// ── Parameters and scenarios ──────────────────────────────────────────────────────────────────

/**
 * The learner set a parameter. Invalid input is refused with its reason (the run goes on).
 * At the very start the run is simply rebuilt; later, live parameters change the running
 * simulation and are recorded (with their simulated time) so the address can replay them;
 * other parameters wait for a reset.
 */
export function changeParam(key: string, raw: unknown): boolean {
  const { scenario, playback } = appStore.getState();
  const lab = scenario.labId === null ? undefined : findLab(scenario.labId);
  const spec = lab?.params.find((p) => p.key === key);
  if (lab === undefined || spec === undefined || scenario.base === null) return false;
  const checked = checkParam(spec, raw);
  if (!checked.ok) {
    setParamError(key, `${spec.label}: ${checked.message}`);
    return false;
  }
  const value: ParamValue = checked.value;
  // A conflict is refused whichever side of it changed (poolMax below poolMin is reported on poolMin).
  const cross = pageParamChecks(lab, { ...scenario.nextParams, [key]: value });
  if (cross.length > 0) {
    setParamError(key, `${spec.label}: ${cross.map((c) => (c.key === key ? c.message : `${c.key} would be invalid: ${c.message}`)).join('; ')}`);
    return false;
  }
  if (value === scenario.params[key] && value === scenario.nextParams[key]) {
    setParamError(key, null);
    return true;
  }
  const atStart = playback.loaded && playback.now === 0 && playback.eventsProcessed === 0 && !playback.playing;
  if (atStart && scenario.edits.length === 0) {
    setParamValue(key, value, true);
    const next = appStore.getState().scenario.nextParams;
    startRun(scenarioForRun(scenario.base, next, []), []);
    return true;
  }
  if (!spec.live) {
    setParamValue(key, value, false);
    return true;
  }
  setParamValue(key, value, true);
  // Pause around the change so the first paused snapshot tells its exact simulated time.
  const resume = playback.playing;
  client.post({ type: 'pause' });
  client.post({ type: 'set', key, value });
  if (resume) client.post({ type: 'play' });
  addEdit({ atMs: NaN, key, value });
  return true;
}

/**
 * Run a lab action now (a fault button: stop a node, cut a link…), through the same model call as
 * a scripted scenario event. Recorded with its simulated time like a live parameter change, so the
 * address, a seek back and a saved scenario replay it.
 */
export function runLabAction(name: string, args: Record<string, ParamValue> = {}): void {
  const { playback } = appStore.getState();
  if (!playback.loaded) return;
  const resume = playback.playing;
  client.post({ type: 'pause' });
  client.post({ type: 'action', name, args });
  if (resume) client.post({ type: 'play' });
  addEdit({ atMs: NaN, action: name, args });
}

/** Open a shipped scenario (a preset) of the current lab. */
export function choosePreset(name: string): void {
  const shipped = findShippedScenario(name);
  if (shipped === undefined) return;
  void openScenario(shipped.scenario, name);
}

/** Load a validated scenario as the lab's state (presets, the test hook). */
export function openScenario(scenario: Scenario, presetName: string | null = null): Promise<void> {
  const lab = findLab(scenario.lab);
  if (lab === undefined) return Promise.reject(new Error(`lab: no lab "${scenario.lab}"`));
  const base = structuredClone(scenario);
  const params = baseParams(lab, base);
  if (appStore.getState().ui.route.name !== 'lab' || appStore.getState().scenario.labId !== lab.id) {
    window.history.pushState(null, '', `#/lab/${lab.id}`);
    setRoute({ name: 'lab', labId: lab.id });
  }
  clearSelection();
  const speed = appStore.getState().playback.speed;
  clearSnapshot();
  clearPlayback(speed);
  setScenario({ labId: lab.id, base, presetName, runParams: params, edits: [], urlIssues: [] });
  return startRun(scenarioForRun(base, params, []), [], 0, speed);
}

/** Validate and load any scenario object (the test hook's loadScenario). */
export function loadScenarioObject(raw: unknown): Promise<void> {
  const parsed = parseScenario(raw);
  if (!parsed.ok) return Promise.reject(new Error(`Scenario not loaded:\n${issuesToText(parsed.issues)}`));
  const { scenario } = parsed.value;
  const shipped = findShippedScenario(scenario.name);
  const isShipped = shipped !== undefined && JSON.stringify(shipped.scenario) === JSON.stringify(scenario);
  return openScenario(scenario, isShipped ? scenario.name : null);
}

export function dismissUrlIssues(): void {
  setUrlIssues([]);
}
