import type { TraceEntry } from '../engine';
import type { ChartData, HeadlineFigure, LabSnapshot } from '../lab/snapshot';
import { appStore, patchSlice } from './store';

/** An event-log row: a trace entry with a sequence number (a stable React key). */
export interface LogRow extends TraceEntry {
  seq: number;
}

/** Entries the event log keeps. */
export const LOG_LIMIT = 500;

/** The latest snapshot, plus the parts React redraws at a calmer rate (charts, figures, log). */
export interface SnapshotSlice {
  /** Every frame: topology and particles. */
  latest: LabSnapshot | null;
  /** Updated a few times a second while playing, at once otherwise. */
  charts: ChartData[];
  headline: HeadlineFigure[];
  log: LogRow[];
}

export function initialSnapshot(): SnapshotSlice {
  return { latest: null, charts: [], headline: [], log: [] };
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
  patchSlice('snapshot', { latest, charts: latest.charts, headline: latest.headline, log });
}

/** A new run started: the log starts over. */
export function clearLog(): void {
  patchSlice('snapshot', { log: [] });
}

export function clearSnapshot(): void {
  appStore.setState({ snapshot: initialSnapshot() });
}
