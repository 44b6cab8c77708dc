import type { ParamValue, ParamValues } from '../lab/params';
import type { Scenario } from '../scenario/schema';
import { appStore, patchSlice } from './store';

/** A live parameter change made by the learner during the current run. */
export interface LiveParamEdit {
  /** Simulated ms at which the worker applied it; NaN until the worker has reported it. */
  atMs: number;
  key: string;
  value: ParamValue;
}

/** A lab action the learner ran during the current run (a fault button: stop a node…). */
export interface LiveActionEdit {
  /** Simulated ms at which the worker ran it; NaN until the worker has reported it. */
  atMs: number;
  action: string;
  args: Record<string, ParamValue>;
}

/** What the learner did during a run, replayed by the address, seeks and saved scenarios. */
export type LiveEdit = LiveParamEdit | LiveActionEdit;

export function isActionEdit(edit: LiveEdit): edit is LiveActionEdit {
  return 'action' in edit;
}

/** The lab, its scenario and its parameters. */
export interface ScenarioSlice {
  labId: string | null;
  /** What runs are built from: a shipped scenario or the lab's default, with the address's seed, duration and warm-up. */
  base: Scenario | null;
  /** The shipped scenario `base` came from (written to the address as `scenario=`), or null. */
  presetName: string | null;
  /** Parameters the current run started with. */
  runParams: ParamValues;
  /** Live changes made by the learner during the current run, in order (the address replays them). */
  edits: LiveEdit[];
  /** Values the panel shows: the parameters in force, as the worker last reported them. */
  params: ParamValues;
  /** What the next reset starts with: the run's start values plus the learner's changes. */
  nextParams: ParamValues;
  /** Why the last input for a parameter was refused, by key (cleared by a valid input). */
  paramErrors: Record<string, string>;
  /** Problems found in the address; each names the value, what was expected and what was found. */
  urlIssues: string[];
}

export function initialScenario(): ScenarioSlice {
  return {
    labId: null,
    base: null,
    presetName: null,
    runParams: {},
    edits: [],
    params: {},
    nextParams: {},
    paramErrors: {},
    urlIssues: [],
  };
}

/** A lab is opening with this scenario. */
export function setScenario(next: Pick<ScenarioSlice, 'labId' | 'base' | 'presetName' | 'runParams' | 'edits' | 'urlIssues'>): void {
  patchSlice('scenario', {
    ...next,
    params: { ...next.runParams },
    nextParams: { ...next.runParams },
    paramErrors: {},
  });
}

/**
 * The worker confirmed a new run with these start values and replayed `edits`; `params` are the
 * panel's values now. The next reset keeps the learner's changes (the edits' final values).
 */
export function runStarted(runParams: ParamValues, edits: LiveEdit[], params: ParamValues = runParams): void {
  const nextParams: ParamValues = { ...runParams };
  for (const e of edits) if (!isActionEdit(e)) nextParams[e.key] = e.value;
  patchSlice('scenario', { runParams: { ...runParams }, edits, params: { ...params }, nextParams, paramErrors: {} });
}

export function setParamError(key: string, message: string | null): void {
  const paramErrors = { ...appStore.getState().scenario.paramErrors };
  if (message === null) delete paramErrors[key];
  else paramErrors[key] = message;
  patchSlice('scenario', { paramErrors });
}

/** The learner set a parameter: the panel shows it and the next reset keeps it. */
export function setParamValue(key: string, value: ParamValue, applied: boolean): void {
  const s = appStore.getState().scenario;
  const paramErrors = { ...s.paramErrors };
  delete paramErrors[key];
  patchSlice('scenario', {
    params: applied ? { ...s.params, [key]: value } : s.params,
    nextParams: { ...s.nextParams, [key]: value },
    paramErrors,
  });
}

/**
 * The worker reported the parameters in force (scripted changes and live edits included): the
 * panel shows them, the next reset does not take the scripted ones. Unchanged values keep the
 * same object, so nothing re-renders for them.
 */
export function paramsReported(values: ParamValues): void {
  const s = appStore.getState().scenario;
  const keys = Object.keys(values);
  if (keys.length === Object.keys(s.params).length && keys.every((k) => s.params[k] === values[k])) return;
  patchSlice('scenario', { params: { ...values } });
}

export function addEdit(edit: LiveEdit): void {
  patchSlice('scenario', { edits: [...appStore.getState().scenario.edits, edit] });
}

/** Fill in the time of edits the worker has now applied. */
export function confirmEditTimes(atMs: number): void {
  const edits = appStore.getState().scenario.edits;
  if (!edits.some((e) => Number.isNaN(e.atMs))) return;
  patchSlice('scenario', { edits: edits.map((e) => (Number.isNaN(e.atMs) ? { ...e, atMs } : e)) });
}

export function setUrlIssues(urlIssues: string[]): void {
  patchSlice('scenario', { urlIssues });
}

/** Keys whose panel value waits for a reset (non-live parameters changed mid-run). */
export function pendingKeys(s: ScenarioSlice): string[] {
  return Object.keys(s.nextParams).filter((k) => s.nextParams[k] !== s.params[k]);
}
