import type { WaitEdge } from '../model/engine';
import type { IsolationLevel } from '../sql/ast';
import type { RealTransferStats } from '../transfer/labTransfer';
import type { AbortNote } from './model';
import type { Strategy } from './transferScript';

/** One account as the load panel shows it: the model's committed balance beside what it should be. */
export interface AccountBalance {
  id: number;
  balance: number;
  /** The opening balance with every committed transfer applied exactly once. */
  expected: number;
}

/** What the transactions lab's own view reads of a load run's snapshot (`detail`). */
export interface TransactionsLoadDetail {
  kind: 'transactions-load';
  /** Accounts by id. */
  accounts: AccountBalance[];
  /** Who waits for whom in the model now. */
  waits: WaitEdge[];
  /** The sample of transfers run for real on PGlite; `executed` is false in model-only runs. */
  real: RealTransferStats & { executed: boolean };
  strategy: Strategy;
  isolation: IsolationLevel;
  /** The latest aborts (40001, 40P01), newest last; every one is also in the event log. */
  recentAborts: AbortNote[];
}
