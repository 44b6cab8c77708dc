/**
 * The replication lab's data and statements. Every write changes exactly one row, so the model
 * can count LSNs itself (one per changed row, from 1 after the dataset load), and the value it
 * writes names the write, so a read can tell which version of the row it saw.
 */

/** The lab's dataset: the same small demo dataset as the pooling lab (one prebuilt image). */
export const REPLICATION_DATASET = { customers: 1000, seed: 1 } as const;

/** A writer's statement: one customer's name, stamped with the write's number. */
export const WRITE_SQL = 'update customers set name = $2 where id = $1';

/** A read of one customer (by a writer checking its change, or by anyone else). */
export const READ_SQL = 'select id, name from customers where id = $1';

/** The name a write stores: `Customer 17 · write #52`. */
export function writtenName(customerId: number, writeId: number): string {
  return `Customer ${customerId} · write #${writeId}`;
}

/** The name the dataset loads (no write yet). */
export function originalName(customerId: number): string {
  return `Customer ${customerId}`;
}

/** The write a stored name came from (0 for the original row), or null if it is not one of ours. */
export function writeIdOfName(name: unknown): number | null {
  if (typeof name !== 'string') return null;
  const m = /· write #(\d+)$/.exec(name);
  if (m) return Number(m[1]);
  return /^Customer \d+$/.test(name) ? 0 : null;
}

/**
 * Modelled statement times, ms. A read is the point lookup priced by the cost model on this
 * dataset (0.05 ms + 10 µs × planner cost, as in the pooling lab); an update by primary key
 * costs about the same plus its WAL record.
 */
export const READ_MS = 0.13;
export const WRITE_MS = 0.2;
