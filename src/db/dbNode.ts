/** One row of a result, keyed by column name. */
export type Row = Record<string, unknown>;

/**
 * One PostgreSQL node (primary, replica or shard) behind the small interface every lab uses.
 * Implemented by PGlite in-process (Node, or inside the simulation worker in the browser).
 */
export interface DbNode {
  readonly name: string;
  /** Run one statement with parameters; rows keyed by column name. */
  query(sql: string, params?: unknown[]): Promise<{ rows: Row[]; fields: string[] }>;
  /** Run one or more statements without parameters (DDL, scripts). */
  exec(sql: string): Promise<void>;
  /** The planner's plan as PostgreSQL's EXPLAIN (FORMAT JSON) returns it (the `Plan` object). */
  explain(sql: string, params?: unknown[], options?: { analyze?: boolean }): Promise<PlanNode>;
  /** Statements executed so far through `query`. */
  readonly statementsRun: number;
  /** Its whole data directory as a tarball, as a base backup (pg_basebackup) would copy it. */
  dump?(): Promise<Blob>;
  /** Bytes of memory the node holds (PGlite: its WebAssembly heap). */
  memoryBytes?(): Promise<number>;
  close(): Promise<void>;
}

/** A node of PostgreSQL's JSON plan: the fields the cost model and the plan viewer read. */
export interface PlanNode {
  'Node Type': string;
  'Startup Cost': number;
  'Total Cost': number;
  'Plan Rows': number;
  'Plan Width': number;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Actual Total Time'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
  [field: string]: unknown;
}
