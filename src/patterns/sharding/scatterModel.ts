import { topK, type CityFigures, type Report, type ReportPartial, type TopEntry } from './scatterReport';
import type { ShardedData } from './units';

/**
 * The report's partial results as each shard would return them, from the model's mirror of the
 * rows: only the units a shard owns count (a copy it holds during a move is excluded, as the SQL
 * does with its exclusion list). One pass over the units, however many shards.
 */
export function shardPartials(data: ShardedData, shardCount: number): ReportPartial[] {
  const colocated = data.shardKey === 'customer_id';
  const { city } = data.data;
  if (colocated) {
    const tops: TopEntry[][] = Array.from({ length: shardCount }, () => []);
    const cities = Array.from({ length: shardCount }, () => new Map<number, CityFigures>());
    const balances = new Array<number>(shardCount).fill(0);
    for (const u of data.units) {
      if (u.owner < 0 || u.owner >= shardCount) continue;
      const c = u.id;
      balances[u.owner]! += data.balanceCents[c]!;
      const orders = data.orderCount[c]!;
      if (orders === 0) continue;
      tops[u.owner]!.push({ customerId: c, revenueCents: data.revenueCents[c]! });
      const sums = cities[u.owner]!;
      const f = sums.get(city[c]!);
      if (f) {
        f.revenueCents += data.revenueCents[c]!;
        f.orders += orders;
      } else sums.set(city[c]!, { revenueCents: data.revenueCents[c]!, orders });
    }
    return tops.map((top, s) => ({ kind: 'colocated', top: topK(top), cities: cities[s]!, balanceCents: balances[s]! }));
  }
  const partials = Array.from({ length: shardCount }, () => ({ kind: 'apart' as const, perCustomer: new Map<number, CityFigures>(), cityOf: new Map<number, number>(), balanceCents: 0 }));
  for (const u of data.units) {
    if (u.owner < 0 || u.owner >= shardCount) continue;
    const p = partials[u.owner]!;
    if (u.kind === 'customer') {
      p.cityOf.set(u.id, city[u.id]!);
      p.balanceCents += data.balanceCents[u.id]!;
    } else {
      const o = data.orderOf.get(u.index)!;
      const f = p.perCustomer.get(o.customerId);
      if (f) {
        f.revenueCents += o.totalCents;
        f.orders++;
      } else p.perCustomer.set(o.customerId, { revenueCents: o.totalCents, orders: 1 });
    }
  }
  return partials;
}

/** The report as one node holding every row computes it (the reference), without any merge. */
export function wholeReport(data: ShardedData): Report {
  const { city } = data.data;
  const all: TopEntry[] = [];
  const sums = new Map<number, CityFigures>();
  for (let c = 1; c < data.revenueCents.length; c++) {
    const orders = data.orderCount[c]!;
    if (orders === 0) continue;
    all.push({ customerId: c, revenueCents: data.revenueCents[c]! });
    const f = sums.get(city[c]!) ?? { revenueCents: 0, orders: 0 };
    f.revenueCents += data.revenueCents[c]!;
    f.orders += orders;
    sums.set(city[c]!, f);
  }
  const cities = [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([c, f]) => ({ city: c, revenueCents: f.revenueCents, orders: f.orders, averageCents: f.revenueCents / f.orders }));
  return { top: topK(all), cities, balanceCents: data.balanceSum() };
}

/** Rows a shard ships to the router for one report (what a scatter costs beyond the scan). */
export function shippedRows(p: ReportPartial): number {
  return p.kind === 'colocated' ? p.top.length + p.cities.size + 1 : p.perCustomer.size + p.cityOf.size + 1;
}
