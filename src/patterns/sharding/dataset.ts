/**
 * The demo dataset (src/db/demoDataset.ts) recomputed in JavaScript, row for row: its SQL derives
 * every value from an integer hash of the row number and the seed, so the model knows each
 * customer's city, each order's customer, total and date, and each account's balance without
 * asking PGlite. That is what lets a model-only run place, count and move exactly the rows a run
 * with SQL holds (dataset.test.ts compares the two on a real node).
 */

/** The dataset the lab's nodes load (the shared 1,000-customer image); smaller runs keep its first customers. */
export const SHARDING_DATASET = { customers: 1000, seed: 1 } as const;

/** Seconds from 1970 to 2024-01-01T00:00:00Z: the origin of the lab's time keys. */
export const EPOCH_2024_S = 1704067200;
const DAY_S = 86400;
/** 2024-06-01 (orders start there) in days from 2024-01-01 (2024 is a leap year). */
const ORDERS_FROM_DAY = 152;
/** New orders are stamped from 2025-10-14T00:00:00Z on (after every order of the dataset), plus simulated time. */
export const RUN_START_S = EPOCH_2024_S + 652 * DAY_S;

export const CITIES = ['Lisbon', 'Berlin', 'Nairobi', 'Osaka', 'Lima', 'Toronto', 'Pune', 'Oslo', 'Cairo', 'Austin', 'Seoul', 'Lyon'] as const;

/** The rows of the dataset the model needs, by id (index 0 unused). Money in cents. */
export interface DemoData {
  customers: number;
  /** City index (into {@link CITIES}) per customer. */
  city: Uint8Array;
  /** created_at per customer, seconds from 2024-01-01. */
  customerCreatedS: Int32Array;
  /** Opening balance per account (account id = customer id), cents. */
  balanceCents: Int32Array;
  /** Price per product, cents. */
  productPriceCents: Int32Array;
  products: number;
  /** Orders of the customers kept, in id order. */
  orders: { id: number; customerId: number; totalCents: number; createdS: number; items: number }[];
}

/** The demo SQL's h(x): ((x · 1103515245 + seed · 12345 + 12345) mod 2^31), exact for any int x. */
function hasher(seed: number): (x: number) => number {
  const s = seed % 1000003;
  const c = (s * 12345 + 12345) % 2147483648;
  return (x) => ((Math.imul(x, 1103515245) & 0x7fffffff) + c) % 2147483648;
}

/**
 * The demo dataset for `customers` customers, as the lab's nodes hold it: the dataset of
 * max(customers, 1000) customers (the nodes load 1,000), keeping customers 1…`customers` and
 * their orders, order lines and accounts (the shards' preparation deletes the rest).
 */
export function demoData(customers: number, seed: number = SHARDING_DATASET.seed): DemoData {
  const n = Math.max(customers, SHARDING_DATASET.customers);
  const h = hasher(seed);
  const city = new Uint8Array(customers + 1);
  const customerCreatedS = new Int32Array(customers + 1);
  const balanceCents = new Int32Array(customers + 1);
  for (let g = 1; g <= customers; g++) {
    city[g] = h(g) % CITIES.length;
    customerCreatedS[g] = (h(g * 7) % 700) * DAY_S;
    balanceCents[g] = (100 + (h(g * 31) % 900)) * 100;
  }
  const products = Math.max(50, Math.round(n / 10));
  const productPriceCents = new Int32Array(products + 1);
  for (let g = 1; g <= products; g++) productPriceCents[g] = 100 + (h(g * 5) % 20000);
  const orders: DemoData['orders'] = [];
  for (let g = 1; g <= n * 5; g++) {
    // (1 + (a · b) / n) with integer division: a · b < 10^10 is exact in a double.
    const customerId = 1 + Math.floor(((h(g * 11) % n) * (h(g * 13) % n)) / n);
    if (customerId > customers) continue;
    const items = 1 + (g % 3);
    let totalCents = 0;
    for (let l = 1; l <= items; l++) totalCents += productPriceCents[1 + (h(g * 23 + l) % products)]! * (1 + (h(g * 29 + l) % 4));
    orders.push({ id: g, customerId, totalCents, createdS: (ORDERS_FROM_DAY + (h(g * 19) % 500)) * DAY_S, items });
  }
  return { customers, city, customerCreatedS, balanceCents, productPriceCents, products, orders };
}
