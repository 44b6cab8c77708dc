import { DEMO_DATASET_SEED_FOR_TRANSACTIONS } from './dataset';

/**
 * The opening balance of account `id` in the demo dataset, computed as `demoDataSql` does inside
 * PostgreSQL (`100 + h(id * 31) % 900`, with h the dataset's integer hash), so the model's
 * accounts start where PGlite's do. BigInt: the hash overflows 2^53 before its modulo.
 */
export function demoBalance(id: number, seed: number = DEMO_DATASET_SEED_FOR_TRANSACTIONS): number {
  const s = BigInt(seed % 1000003);
  const m = 2147483648n;
  const x = BigInt(id * 31);
  const h = (((x * 1103515245n + s * 12345n + 12345n) % m) + m) % m;
  return 100 + Number(h % 900n);
}

/** The model's accounts table: the first `count` accounts of the demo dataset. */
export function accountsSetup(count: number): string[] {
  const rows = Array.from({ length: count }, (_, i) => `(${i + 1}, ${demoBalance(i + 1)})`);
  return ['create table accounts (id int primary key, balance int)', `insert into accounts values ${rows.join(', ')}`];
}

/** Sum of the opening balances of the first `count` accounts. */
export function openingTotal(count: number): number {
  let total = 0;
  for (let id = 1; id <= count; id++) total += demoBalance(id);
  return total;
}
