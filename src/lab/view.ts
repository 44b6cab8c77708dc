import type { Row } from '../db/dbNode';
import type { DbErrorInfo } from '../db/dbWorkerProtocol';
import type { LabDefinition, RequestDetail } from './labDefinition';
import type { ParamValue, ParamValues } from './params';

/** What a statement run on a lab's node answered: rows, or PostgreSQL's error as data. */
export type SqlOutcome =
  | { ok: true; fields: string[]; rows: Row[]; rowCount: number; truncated: boolean }
  | { ok: false; error: DbErrorInfo };

/** Where the lab's database is, as the page knows it ('cold' until something boots it). */
export type LabDbState = 'cold' | 'booting' | 'ready' | 'restarting';

/**
 * Everything a lab's own view may use of the app, injected by the app so that no view imports
 * `app/` or `store/`. The `use…` members are React hooks: they re-render the view when what they
 * select changes, which is at most once per published snapshot.
 */
export interface LabViewApi<P extends object = ParamValues, D = unknown> {
  /** The latest snapshot's `detail` (null before the first snapshot of this lab). */
  useDetail(): D | null;
  /** The parameters in force, as the simulation worker reported them. */
  useParams(): P;
  /** Simulated time of the latest snapshot, ms. */
  useTime(): number;
  /** Whether a run is loaded (buttons that act on it are enabled) and whether it is playing. */
  usePlayback(): { loaded: boolean; playing: boolean };
  /** The lab's database as the page knows it, and what it is doing ("Starting PostgreSQL"). */
  useDb(): { state: LabDbState; label: string | null };
  /** Pause playback (e.g. before showing a request's story). */
  pause(): void;
  /** Run one of the lab's actions now, as a button press (recorded in the address, replayed by a seek). */
  runAction(name: string, args?: Record<string, ParamValue>): void;
  /** Pause and open the story of request `id` in the request details panel. */
  openRequest(id: number): Promise<RequestDetail | null>;
  /** Run one statement on a node of the lab's cluster (default: its primary). */
  runSql(sql: string, node?: string): Promise<SqlOutcome>;
}

/** The props of a lab's own view (the panel drawn under its topology). */
export interface LabViewProps<P extends object = ParamValues, D = unknown> {
  lab: LabDefinition<P, D>;
  api: LabViewApi<P, D>;
}

/** The props of any lab's view, whatever its types: what the app holds when it renders one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLabViewProps = LabViewProps<any, any>;
