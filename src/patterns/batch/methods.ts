/**
 * The ways an application can send a load of rows to PostgreSQL, from one round trip per row to
 * one COPY stream. The ids are the values of the lab's `method` parameter.
 */
export const METHOD_IDS = ['row-by-row', 'one-transaction', 'executemany', 'batched', 'multi-row', 'unnest', 'copy'] as const;
export type MethodId = (typeof METHOD_IDS)[number];

/** What the load does to each row: the ids are the values of the lab's `operation` parameter. */
export const OPERATION_IDS = ['insert', 'update', 'upsert'] as const;
export type OperationId = (typeof OPERATION_IDS)[number];

/** Short names, for tables and legends. */
export const METHOD_NAMES: Record<MethodId, string> = {
  'row-by-row': 'Row by row',
  'one-transaction': 'One transaction',
  executemany: 'executemany (psycopg2)',
  batched: 'Batched (pipeline)',
  'multi-row': 'Multi-row VALUES',
  unnest: 'unnest(arrays)',
  copy: 'COPY',
};

/** One line on what each method sends, for the parameter panel and the docs. */
export const METHOD_SUMMARIES: Record<MethodId, string> = {
  'row-by-row': 'one INSERT per row, autocommit: a round trip and a commit per row',
  'one-transaction': 'one INSERT per row inside BEGIN … COMMIT: a round trip per row, one commit',
  executemany: "psycopg2's cursor.executemany: a loop of execute(), so a round trip per row, one commit",
  batched: 'batchSize statements sent together and one Sync (a pipeline, one implicit transaction): a round trip and a commit per batch',
  'multi-row': 'one INSERT … VALUES (…), (…), … per batchSize rows (psycopg2 execute_values), autocommit',
  unnest: 'one INSERT … SELECT FROM unnest($1::int[], …) per batchSize rows: one array per column',
  copy: 'COPY … FROM STDIN: the rows as one data stream, one statement',
};

/** Methods whose statements carry or group `batchSize` rows (the ones `batchSize` means something for). */
export function usesBatchSize(method: MethodId): boolean {
  return method === 'batched' || method === 'multi-row' || method === 'unnest';
}
