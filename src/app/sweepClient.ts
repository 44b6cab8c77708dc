import { findLab } from '../labs';
import type { LabSweep } from '../lab/labDefinition';
import type { ParamValues } from '../lab/params';
import type { FromWorker, SweepPoint, ToWorker } from '../runner/protocol';
import type { Scenario } from '../scenario/schema';
import { appStore, type AppState } from '../store/store';
import { initialSweep, patchSweep } from '../store/sweepSlice';
import { scenarioForRun } from './urlState';
import { spawnSimulationWorker } from './earlySimulationWorker';

/**
 * Parameter sweeps run in a second simulation worker of their own, so the run on screen keeps
 * playing at full speed while a dozen model-only runs are computed. One 'sweep' message is sent
 * per value, each with that point's own parameters (the lab may adjust others: the pooling lab
 * keeps poolMin ≤ poolMax), so the worker protocol needs nothing new.
 */

let worker: Worker | null = null;
let nextRequestId = 1;
/** The sweep in progress; a newer one (or a cancel) makes older answers stale. */
let generation = 0;
const waiting = new Map<number, (result: { ok: true; point: SweepPoint } | { ok: false; message: string }) => void>();

function sweepWorker(): Worker {
  if (worker !== null) return worker;
  const w = spawnSimulationWorker('sweep');
  w.onmessage = (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    if (message.type !== 'sweepResult') return;
    const resolve = waiting.get(message.requestId);
    if (resolve === undefined) return;
    waiting.delete(message.requestId);
    if (!message.ok) resolve({ ok: false, message: message.message });
    else if (message.points[0] === undefined) resolve({ ok: false, message: 'the sweep worker returned no point' });
    else resolve({ ok: true, point: message.points[0] });
  };
  w.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    failAll(`the sweep worker failed: ${event.message || 'it could not start'}`);
  };
  worker = w;
  return w;
}

function failAll(message: string): void {
  for (const resolve of waiting.values()) resolve({ ok: false, message });
  waiting.clear();
  worker?.terminate();
  worker = null;
}

function runPoint(scenario: Scenario, sweep: LabSweep, value: number): Promise<{ ok: true; point: SweepPoint } | { ok: false; message: string }> {
  const requestId = nextRequestId++;
  const message: ToWorker = { type: 'sweep', requestId, scenario, param: sweep.param, values: [value], metrics: sweep.metrics.map((m) => m.key) };
  return new Promise((resolve) => {
    waiting.set(requestId, resolve);
    sweepWorker().postMessage(message);
  });
}

/** The parameters a sweep for the current lab starts from: what the panel shows the next run will use. */
export function sweepBasis(state: AppState = appStore.getState()): { scenario: Scenario; params: ParamValues; key: string } | null {
  const { scenario } = state;
  if (scenario.base === null) return null;
  const params = scenario.nextParams;
  const key = JSON.stringify({ lab: scenario.labId, name: scenario.base.name, seed: scenario.base.seed, d: scenario.base.durationS, w: scenario.base.warmupS, params });
  return { scenario: scenario.base, params, key };
}

/** Run the current lab's sweep of `param` (its main sweep by default) in the background; resolves when it is done, failed or cancelled. */
export async function runSweep(param?: string): Promise<void> {
  const { scenario } = appStore.getState();
  const lab = scenario.labId === null ? undefined : findLab(scenario.labId);
  const sweep = [lab?.sweep, ...(lab?.otherSweeps ?? [])].find((s) => s !== undefined && (param === undefined || s.param === param));
  const basis = sweepBasis();
  if (lab === undefined || sweep === undefined || basis === null) return;
  const reason = sweep.unavailable?.(basis.params) ?? null;
  if (reason !== null) {
    patchSweep({ ...initialSweep(), labId: lab.id, param: sweep.param, status: 'failed', error: reason });
    return;
  }
  const mine = ++generation;
  const started = performance.now();
  patchSweep({ labId: lab.id, status: 'running', param: sweep.param, values: [...sweep.values], points: [], basis: basis.key, error: null, wallMs: null });
  const points: SweepPoint[] = [];
  for (const value of sweep.values) {
    const params = sweep.pointParams ? sweep.pointParams(basis.params, value) : { ...basis.params, [sweep.param]: value };
    // Each point replays the scenario's own scripted events, not the learner's live changes.
    const result = await runPoint(scenarioForRun(basis.scenario, params, []), sweep, value);
    if (mine !== generation) return;
    if (!result.ok) {
      patchSweep({ status: 'failed', error: `${sweep.param} = ${value}: ${result.message}` });
      return;
    }
    points.push(result.point);
    patchSweep({ points: [...points] });
  }
  patchSweep({ status: 'done', wallMs: performance.now() - started });
}

/** Stop the sweep in progress (its worker is ended; the next sweep starts a fresh one). */
export function cancelSweep(): void {
  if (appStore.getState().sweep.status !== 'running') return;
  generation++;
  failAll('cancelled');
  patchSweep({ status: 'cancelled' });
}

/** Forget the sweep (another lab opened). */
export function resetSweep(): void {
  cancelSweep();
  patchSweep(initialSweep());
}
