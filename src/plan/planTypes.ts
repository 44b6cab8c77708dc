/**
 * The typed plan tree the viewer draws, parsed from PostgreSQL's `EXPLAIN (FORMAT JSON)` output
 * (see parsePlan.ts). Plain data: no UI, no cycles (children only; parents by id).
 */

/** Buffer counters (8 kB blocks) as PostgreSQL reports them with BUFFERS. */
export interface PlanBuffers {
  sharedHit: number;
  sharedRead: number;
  sharedDirtied: number;
  sharedWritten: number;
  localHit: number;
  localRead: number;
  localDirtied: number;
  localWritten: number;
  tempRead: number;
  tempWritten: number;
}

/** How far the planner's row estimate was from the rows the node really produced (per loop). */
export interface RowEstimate {
  /** max(actual, estimate) / min(actual, estimate), both counted as at least 1 row: ≥ 1. */
  factor: number;
  /** `under`: more rows came than the planner expected; `over`: fewer. */
  direction: 'under' | 'over' | 'exact';
  /** The factor is at least {@link MISESTIMATE_FLAG_FACTOR}: worth pointing out. */
  flagged: boolean;
}

/** A row estimate off by this factor or more is flagged (the threshold explain.depesz colours from). */
export const MISESTIMATE_FLAG_FACTOR = 10;

export interface PlanSort {
  key: string[];
  method?: string;
  /** Space the sort used, kB. */
  spaceUsedKb?: number;
  spaceType?: string;
  /** The sort did not fit in work_mem and went to disk. */
  spilled: boolean;
}

export interface PlanWorkers {
  planned?: number;
  launched?: number;
  /** Per-worker figures as PostgreSQL reports them (the `Workers` array), unparsed. */
  perWorker: Record<string, unknown>[];
}

export interface PlanTreeNode {
  /** Position in pre-order (root = 0); stable for a given plan. */
  id: number;
  parentId: number | null;
  depth: number;
  nodeType: string;
  /** Node type with its relation or index: "Seq Scan on orders", "Index Scan using orders_pkey on orders". */
  title: string;
  /** Outer, Inner, InitPlan, SubPlan, Subquery, Member… (absent on the root). */
  parentRelationship?: string;
  /** "SubPlan 1", "InitPlan 1", "CTE per_customer". */
  subplanName?: string;
  /** The CTE a CTE Scan reads. */
  cteName?: string;
  relationName?: string;
  alias?: string;
  schema?: string;
  indexName?: string;
  joinType?: string;
  /** Aggregate or SetOp strategy: Plain, Sorted, Hashed, Mixed. */
  strategy?: string;
  scanDirection?: string;

  startupCost: number;
  totalCost: number;
  /** Rows the planner expects per loop. */
  planRows: number;
  planWidth: number;
  /** How many times the planner expects the node to run (1, or more on a nested loop's inner side or in a SubPlan). */
  estimatedLoops: number;
  /** Total Cost × estimated loops: the cost of every run of this node and what is under it. */
  inclusiveCost: number;
  /** Inclusive cost minus what the children cost (see parsePlan.ts for the rule), ≥ 0. */
  exclusiveCost: number;

  /** ANALYZE only: rows per loop (PostgreSQL averages over loops; may be fractional). */
  actualRows?: number;
  actualLoops?: number;
  /** ANALYZE only: actualRows × actualLoops. */
  actualRowsTotal?: number;
  actualStartupTimeMs?: number;
  /** ANALYZE only: per loop, as PostgreSQL reports it. */
  actualTotalTimeMs?: number;
  /** ANALYZE only: the time spent in this node and everything under it, over all loops, ms. */
  inclusiveTimeMs?: number;
  /** ANALYZE only: inclusive time minus the children's (see parsePlan.ts for the rule), ≥ 0, ms. */
  exclusiveTimeMs?: number;
  /** The node never ran (PostgreSQL prints "never executed": loops = 0). */
  neverExecuted: boolean;
  rowEstimate?: RowEstimate;

  filter?: string;
  rowsRemovedByFilter?: number;
  joinFilter?: string;
  rowsRemovedByJoinFilter?: number;
  indexCond?: string;
  recheckCond?: string;
  rowsRemovedByIndexRecheck?: number;
  hashCond?: string;
  mergeCond?: string;
  groupKey?: string[];
  sort?: PlanSort;
  heapFetches?: number;
  /** Buffers of this node and its children, over all loops (as PostgreSQL reports them). */
  buffers?: PlanBuffers;
  /** Buffers of this node alone (same subtraction rule as time), ≥ 0 per counter. */
  exclusiveBuffers?: PlanBuffers;
  workers?: PlanWorkers;

  /** Share of the whole plan's exclusive time (ANALYZE) or exclusive cost (without), 0…1. */
  share: number;
  /** The node's own JSON fields (without `Plans`), for the raw view and fields not parsed here. */
  raw: Record<string, unknown>;
  children: PlanTreeNode[];
}

export interface PlanTree {
  root: PlanTreeNode;
  /** Every node in pre-order (nodes[i].id === i). */
  nodes: PlanTreeNode[];
  /** The plan was run (EXPLAIN ANALYZE): actual rows and times are there. */
  analyzed: boolean;
  /** Buffer counters are there (BUFFERS). */
  hasBuffers: boolean;
  planningTimeMs?: number;
  executionTimeMs?: number;
  /** What the bars and shares measure. */
  measure: 'time' | 'cost';
  /** Sum of the nodes' exclusive measure (ms or cost units). */
  measureTotal: number;
  /** The node with the largest exclusive time (ANALYZE) or exclusive cost (without). */
  costliest: PlanTreeNode;
  /** The EXPLAIN output normalised to PostgreSQL's shape: `[{ Plan, Planning Time?, … }]`. */
  raw: Record<string, unknown>[];
}
