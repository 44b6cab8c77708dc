import type { TraceEntry } from '../engine';
import type { ChartData, HeadlineFigure, LabSnapshot } from '../lab/snapshot';
import { appStore, patchSlice } from './store';

/** An event-log row: a trace entry with a sequence number (a stable React key). */
export interface LogRow extends TraceEntry {
  seq: number;
}

/** Entries the event log keeps. */
export const LOG_LIMIT = 500;

/**
 * The latest snapshot, for what moves every frame (the particle canvas, the clock), and the same
 * snapshot taken at a calmer rate for what React draws as DOM (the diagram's nodes and badges, the
 * labs' own views, charts, figures, the log): a few times a second while playing, at once
 * otherwise. Redrawing the DOM at the frame rate cost most of the main thread's time while a lab
 * played, for numbers nobody can read at 60 changes a second.
 */
export interface SnapshotSlice {
  /** Every frame: particles and the clock. */
  latest: LabSnapshot | null;
  /** Updated a few times a second while playing, at once otherwise (charts and figures are read from it). */
  calm: LabSnapshot | null;
  log: LogRow[];
}

export function initialSnapshot(): SnapshotSlice {
  return { latest: null, calm: null, log: [] };
}

let seq = 0;

/** Apply the newest snapshot; `slow` also refreshes charts, figures and the log with `logEntries`. */
export function applySnapshot(latest: LabSnapshot, slow: boolean, logEntries: readonly TraceEntry[]): void {
  if (!slow) {
    patchSlice('snapshot', { latest });
    return;
  }
  const current = appStore.getState().snapshot.log;
  let log = current;
  if (logEntries.length > 0) {
    const added = logEntries.slice(-LOG_LIMIT).map((e) => ({ ...e, seq: seq++ }));
    log = current.concat(added);
    if (log.length > LOG_LIMIT) log = log.slice(log.length - LOG_LIMIT);
  }
  patchSlice('snapshot', { latest, calm: latest, log });
}

/** A new run started: the log starts over. */
export function clearLog(): void {
  patchSlice('snapshot', { log: [] });
}

export function clearSnapshot(): void {
  appStore.setState({ snapshot: initialSnapshot() });
}

const NO_CHARTS: readonly ChartData[] = [];
const NO_FIGURES: readonly HeadlineFigure[] = [];

/** The charts on screen (the calm snapshot's; one empty list before the first, so selectors stay stable). */
export function shownCharts(slice: SnapshotSlice): readonly ChartData[] {
  return slice.calm?.charts ?? NO_CHARTS;
}

/** The headline figures on screen (the calm snapshot's). */
export function shownHeadline(slice: SnapshotSlice): readonly HeadlineFigure[] {
  return slice.calm?.headline ?? NO_FIGURES;
}
