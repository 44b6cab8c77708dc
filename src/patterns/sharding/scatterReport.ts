import { CITIES } from './dataset';

/**
 * The report a scatter-gather request runs over all customers: the top 10 customers by revenue,
 * revenue and average order per city, and the total of all balances. Run on each shard, then
 * merged at the router; the merge must give exactly what one node holding every row returns.
 */

export const TOP_K = 10;

export interface TopEntry {
  customerId: number;
  revenueCents: number;
}

export interface CityFigures {
  revenueCents: number;
  orders: number;
}

/**
 * What one shard returns. When a customer's orders all live on its shard (shard key customer_id)
 * the shard can rank and group itself: its own top 10 and per-city sums. Otherwise a customer's
 * revenue is split across shards, so each shard returns every customer's partial sum (and the
 * cities of the customers it holds) and the router does the ranking and the join.
 */
export type ReportPartial =
  | { kind: 'colocated'; top: TopEntry[]; cities: Map<number, CityFigures>; balanceCents: number }
  | { kind: 'apart'; perCustomer: Map<number, CityFigures>; cityOf: Map<number, number>; balanceCents: number };

export interface CityLine {
  city: number;
  revenueCents: number;
  orders: number;
  /** Average order, cents (not rounded). */
  averageCents: number;
}

/** The report as one node would return it. */
export interface Report {
  top: TopEntry[];
  /** Cities with orders, in city order. */
  cities: CityLine[];
  balanceCents: number;
}

/** Revenue first, then the lower customer id: ORDER BY revenue DESC, customer_id. */
export const byRevenue = (a: TopEntry, b: TopEntry) => b.revenueCents - a.revenueCents || a.customerId - b.customerId;

/** The first k entries in {@link byRevenue} order (one pass, insertion into a list of k). */
export function topK(entries: readonly TopEntry[], k = TOP_K): TopEntry[] {
  const top: TopEntry[] = [];
  for (const e of entries) {
    if (top.length === k && byRevenue(e, top[k - 1]!) >= 0) continue;
    let i = top.length;
    while (i > 0 && byRevenue(e, top[i - 1]!) < 0) i--;
    top.splice(i, 0, e);
    if (top.length > k) top.pop();
  }
  return top;
}

function cityLines(sums: Map<number, CityFigures>): CityLine[] {
  return [...sums.entries()]
    .filter(([, f]) => f.orders > 0)
    .sort((a, b) => a[0] - b[0])
    .map(([city, f]) => ({ city, revenueCents: f.revenueCents, orders: f.orders, averageCents: f.revenueCents / f.orders }));
}

function addTo(into: Map<number, CityFigures>, key: number, f: CityFigures): void {
  const got = into.get(key);
  if (got) {
    got.revenueCents += f.revenueCents;
    got.orders += f.orders;
  } else into.set(key, { revenueCents: f.revenueCents, orders: f.orders });
}

/**
 * The correct merge. Top k: each shard's top k merged and cut to k (a customer's whole revenue is
 * on one shard, so the global top k is among the shards' top k); when revenue is split across
 * shards, the partial sums are added per customer first. Averages: sums and counts added, divided
 * once at the end, never an average of averages. Balances: summed.
 */
export function mergeReports(partials: readonly ReportPartial[]): Report {
  const cities = new Map<number, CityFigures>();
  let balanceCents = 0;
  const candidates: TopEntry[] = [];
  const perCustomer = new Map<number, CityFigures>();
  const cityOf = new Map<number, number>();
  for (const p of partials) {
    balanceCents += p.balanceCents;
    if (p.kind === 'colocated') {
      candidates.push(...p.top);
      for (const [city, f] of p.cities) addTo(cities, city, f);
    } else {
      for (const [c, f] of p.perCustomer) addTo(perCustomer, c, f);
      for (const [c, city] of p.cityOf) cityOf.set(c, city);
    }
  }
  for (const [c, f] of perCustomer) {
    candidates.push({ customerId: c, revenueCents: f.revenueCents });
    const city = cityOf.get(c);
    if (city !== undefined) addTo(cities, city, f);
  }
  return { top: topK(candidates), cities: cityLines(cities), balanceCents };
}

/**
 * The tempting wrong merge of the per-city average: the mean of each shard's average order. It
 * differs from the true average whenever shards hold different numbers of a city's orders.
 */
export function averageOfAverages(partials: readonly ReportPartial[]): Map<number, number> {
  const averages = new Map<number, number[]>();
  for (const p of partials) {
    if (p.kind !== 'colocated') continue;
    for (const [city, f] of p.cities) if (f.orders > 0) averages.set(city, [...(averages.get(city) ?? []), f.revenueCents / f.orders]);
  }
  return new Map([...averages].map(([city, list]) => [city, list.reduce((a, b) => a + b, 0) / list.length]));
}

/** Averages compared to a millionth of a cent (they are quotients; sums and counts must be equal exactly). */
const AVERAGE_TOLERANCE_CENTS = 1e-6;

/** Where two reports differ, or null when they are the same. */
export function reportDifference(a: Report, b: Report): string | null {
  if (a.balanceCents !== b.balanceCents) return `total balance ${a.balanceCents / 100} vs ${b.balanceCents / 100}`;
  if (a.top.length !== b.top.length) return `top list of ${a.top.length} vs ${b.top.length}`;
  for (let i = 0; i < a.top.length; i++) {
    const x = a.top[i]!;
    const y = b.top[i]!;
    if (x.customerId !== y.customerId || x.revenueCents !== y.revenueCents) return `top #${i + 1}: customer ${x.customerId} (${x.revenueCents / 100}) vs customer ${y.customerId} (${y.revenueCents / 100})`;
  }
  if (a.cities.length !== b.cities.length) return `${a.cities.length} cities vs ${b.cities.length}`;
  for (let i = 0; i < a.cities.length; i++) {
    const x = a.cities[i]!;
    const y = b.cities[i]!;
    const name = CITIES[x.city] ?? String(x.city);
    if (x.city !== y.city || x.revenueCents !== y.revenueCents || x.orders !== y.orders) return `${name}: ${x.revenueCents / 100} over ${x.orders} orders vs ${y.revenueCents / 100} over ${y.orders}`;
    if (Math.abs(x.averageCents - y.averageCents) > AVERAGE_TOLERANCE_CENTS) return `${name}: average order ${x.averageCents / 100} vs ${y.averageCents / 100}`;
  }
  return null;
}
