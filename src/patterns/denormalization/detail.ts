import type { DenormParams } from './params';
import type { RefreshRecord } from './refresher';
import type { DriftedRow, DriftReason } from './rowBook';
import type { DriftCheck } from './model';

/** What the denormalization lab's own view draws besides the topology. */
export interface DenormDetail {
  kind: 'denormalization';
  readModel: DenormParams['readModel'];
  syncMode: DenormParams['syncMode'];
  refresh: DenormParams['refresh'];
  refreshIntervalS: number;
  uniqueIndex: boolean;
  now: number;
  staleness: {
    /** How old the oldest committed change the copy does not show is, now (s; 0 when in sync). */
    nowS: number;
    meanS: number;
    p99S: number;
    maxS: number;
    staleReadFraction: number;
    /** What theory expects of the mean, with its reason, or null when it says nothing simple. */
    expectedS: number | null;
    expectedWhy: string | null;
  };
  /** Recent refreshes, oldest first, and the view's lock now (holders first, then the queue). */
  refreshes: RefreshRecord[];
  lock: { owner: string; mode: string; granted: boolean }[];
  refreshError: string | null;
  drift: {
    /** The relation compared with the join (null for the normalized read). */
    relation: string | null;
    rows: number;
    listed: DriftedRow[];
    byReason: Record<DriftReason, number>;
    /** The count at the end of the run: PGlite's (SQL runs) and the model's. */
    check: DriftCheck | null;
  };
  storage: { baseBytes: number; copyBytes: number; origin: 'real' | 'stored' };
  /** The writes the copy must follow, and what became of them. */
  writes: { newOrder: number; changePrice: number; renameCustomer: number; copyUpdates: number; copiesForgotten: number; queued: number; oldestQueuedMs: number | null };
  /** The two reads whose real plans the view compares (customer 1: the one with the most orders). */
  plans: { join: string; copy: string | null };
  setupError: string | null;
}
