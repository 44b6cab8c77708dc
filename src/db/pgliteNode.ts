import { PGlite } from '@electric-sql/pglite';
import type { DbNode, PlanNode, Row } from './dbNode';

/** Options for booting a PGlite node. */
export interface PgliteNodeOptions {
  name?: string;
  /** A data directory dumped earlier (`dumpDataDir`), to skip initdb. */
  loadDataDir?: Blob | File;
  /** initdb arguments for a cold boot (default {@link SLIM_INITDB_ARGS}). */
  initdbArgs?: string[];
  /** postgresql.conf lines after {@link NODE_SETTINGS} (a node's capabilities, e.g. max_prepared_transactions). */
  settings?: readonly string[];
}

/**
 * Settings of every node. Small shared_buffers: the demo data is small and each node's memory
 * matters in the browser. Little WAL kept: PGlite's files live in memory, and WAL past the last
 * checkpoint is all a node needs (the default keeps 80 MB to 1 GB; a 100k-customer image shrank
 * from 234 MB to 66 MB gzipped with these).
 */
/**
 * 1 MB WAL segments instead of 16 MB: a slim data directory (the prebuilt images are a few MB),
 * and the small WAL settings below are valid (min_wal_size must be at least two segments).
 */
export const SLIM_INITDB_ARGS: readonly string[] = ['--wal-segsize=1'];

export const NODE_SETTINGS: readonly string[] = ['shared_buffers=8MB', 'min_wal_size=2MB', 'max_wal_size=16MB'];

/** The size of a PGlite instance's WebAssembly memory (0 if this build hides it). */
export function wasmHeapBytes(pglite: PGlite): number {
  // `mod` is the Emscripten module, not part of PGlite's typed API: read it defensively.
  const mod = (pglite as unknown as { mod?: { HEAPU8?: Uint8Array } }).mod;
  return mod?.HEAPU8?.byteLength ?? 0;
}

/**
 * A PGlite instance as a {@link DbNode}. PGlite has one session: statements are serialised
 * by PGlite itself, so callers may issue them concurrently.
 */
export async function createPgliteNode(options: PgliteNodeOptions = {}): Promise<DbNode & { pglite: PGlite }> {
  const pglite = new PGlite({
    loadDataDir: options.loadDataDir,
    postgresqlconf: [...NODE_SETTINGS, ...(options.settings ?? [])],
    initDbStartParams: options.initdbArgs ?? [...SLIM_INITDB_ARGS],
  });
  await pglite.waitReady;
  let statementsRun = 0;
  return {
    name: options.name ?? 'primary',
    pglite,
    get statementsRun() {
      return statementsRun;
    },
    async query(sql: string, params: unknown[] = []) {
      const result = await pglite.query<Row>(sql, params);
      statementsRun++;
      return { rows: result.rows, fields: result.fields.map((f) => f.name) };
    },
    async exec(sql: string) {
      await pglite.exec(sql);
    },
    async explain(sql: string, params: unknown[] = [], { analyze = false } = {}) {
      const prefix = analyze ? 'EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ' : 'EXPLAIN (FORMAT JSON) ';
      const result = await pglite.query<Record<string, unknown>>(prefix + sql, params);
      const first = result.rows[0];
      const json = first ? Object.values(first)[0] : undefined;
      const parsed = (typeof json === 'string' ? JSON.parse(json) : json) as { Plan: PlanNode }[];
      return parsed[0]!.Plan;
    },
    async dump() {
      // Uncompressed: a clone is loaded at once by the next node, gzip would only cost time.
      return pglite.dumpDataDir('none');
    },
    async memoryBytes() {
      return wasmHeapBytes(pglite);
    },
    async close() {
      await pglite.close();
    },
  };
}
