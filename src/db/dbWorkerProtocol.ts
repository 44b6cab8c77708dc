import type { PlanNode, Row } from './dbNode';

/** Requests to a database worker (one PGlite node per worker). */
export type ToDbWorker =
  /**
   * Boot from a data directory (a base backup) if `image` is set, else from the dataset's prebuilt
   * image at `imageUrl`, else initdb and load the dataset; `settings` are postgresql.conf lines
   * the node needs beyond every node's (its capabilities).
   */
  | { id: number; op: 'boot'; dataset: { customers: number; seed: number } | null; imageUrl: string | null; image?: Blob; sessionSql?: string; settings?: string[] }
  /** The node's data directory as a tarball (a base backup for a replica). */
  | { id: number; op: 'dump' }
  /** The node's WebAssembly heap size. */
  | { id: number; op: 'memory' }
  | { id: number; op: 'query'; sql: string; params: unknown[] }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'explain'; sql: string; params: unknown[]; analyze: boolean };

/** A PostgreSQL error as the console shows it. */
export interface DbErrorInfo {
  message: string;
  /** SQLSTATE, e.g. 42P01 for an unknown table. */
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
}

/** A successful reply. */
export interface DbReply {
  id: number;
  ok: true;
  rows?: Row[];
  fields?: string[];
  plan?: PlanNode;
  image?: Blob;
  memoryBytes?: number;
}

/** Replies from a database worker. */
export type FromDbWorker = DbReply | { id: number; ok: false; error: DbErrorInfo } | { id: -1; progress: string };

/** The useful fields of a PostgreSQL error (PGlite's DatabaseError), as plain data. */
export function errorInfo(error: unknown): DbErrorInfo {
  const e = error as Partial<Record<'message' | 'code' | 'detail' | 'hint' | 'position', string>>;
  const info: DbErrorInfo = { message: e.message ?? String(error) };
  if (e.code) info.code = e.code;
  if (e.detail) info.detail = e.detail;
  if (e.hint) info.hint = e.hint;
  if (e.position) info.position = e.position;
  return info;
}
