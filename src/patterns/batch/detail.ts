import type { TimelineLane } from './timeline';

/** What happened on the real primary (null fields until known; everything stays null in model-only runs). */
export interface RealLoadState {
  /** 'off': model-only; 'ready': not started yet; then what the real load is doing. */
  phase: 'off' | 'ready' | 'setting-up' | 'loading' | 'checking' | 'checked';
  /** PostgreSQL's message for the first statement that failed for real. */
  error: string | null;
  /** Where the real outcome of a unit differed from the model's (a bug if ever non-null). */
  mismatch: string | null;
  /** Counted in PGlite after the load. */
  loaded: number | null;
  total: number | null;
  match: boolean | null;
}

/** What the batch lab's own view draws: the timeline, the rows landing, the real table's state. */
export interface BatchDetail {
  lanes: TimelineLane[];
  /** Rows in the table over time (committed), [t ms, rows]. */
  landed: [number, number][];
  /** The load's time if writers did not slow each other down (exact for one writer), ms. */
  plannedMs: number;
  /** The run's length, ms: a load that needs longer is cut off when the run ends. */
  runMs: number;
  /** When the load ended (the last answer), or null while it runs. */
  finishedAt: number | null;
  rowsCommitted: number;
  rowsExpected: number;
  rowsRolledBack: number;
  real: RealLoadState;
}
