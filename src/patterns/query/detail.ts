import type { Comparison } from './strategies';

/** What the query lab's own view draws besides the topology: the last result check, for its panel. */
export interface QueryDetail {
  /** The strategies' results compared on the real primary (null until a comparison succeeded). */
  comparison: Comparison | null;
  /** Why the last comparison could not be made (PostgreSQL's message), or null. */
  comparisonError: string | null;
  /** The strategies are running on PGlite now (the run waits for them at this instant). */
  comparing: boolean;
  /** A comparison is asked for but the primary is still booting (the run plays meanwhile; it runs once the node is up). */
  waitingForNode: boolean;
  /** Customers the comparison used (the value of `customers` when it ran). */
  comparedCustomers: number | null;
}
