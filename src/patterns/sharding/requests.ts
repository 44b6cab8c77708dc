import type { ProcessGenerator } from '../../engine';
import { COST } from './costs';
import type { ShardingModel } from './model';
import type { ShardRequest } from './requestTypes';
import { checkReportForReal } from './realChecks';
import { mergeReports, reportDifference } from './scatterReport';
import { shardPartials, wholeReport } from './scatterModel';
import { CUSTOMER_PAGE_SQL, NEW_ORDER_SQL, ORDERS_OF_CUSTOMER_SQL } from './statements';
import { ShardedData, type Unit } from './units';
import { ordersApart } from './placement';
import { EPOCH_2024_S } from './dataset';

/**
 * A point read: a customer's orders and balance. With shard key customer_id it is one statement on
 * the customer's shard; otherwise the customer's orders may be on any shard, so it fans out to all.
 */
export function* pointRead(model: ShardingModel, r: ShardRequest): ProcessGenerator<void> {
  const { data, env } = model;
  const unit = data.customer(r.customerId);
  unit.hits++;
  const apart = ordersApart(data.shardKey);
  const shards = apart ? model.activeShards().map((n) => n.index) : [unit.owner];
  const ok = yield* model.fanout(r, shards, () => COST.pointReadMs);
  model.stats.counts.pointReads++;
  model.stats.counts.pointReadFanout += shards.length;
  if (!ok) return model.finish(r, false, 'a shard did not answer (stopped)');
  model.observe(r.customerId);
  // The external call is yielded whether or not this read runs for real (its work is then none):
  // a run's events are the same with or without a database, so a run that played model-only while
  // its nodes booted can be replayed onto them event for event.
  const owner = model.nodes[unit.owner]!.id;
  const work = !model.sql.readRunsForReal()
    ? null
    : apart
      ? model.sql.across(shards.map((s) => model.nodes[s]!.id), async (on) => {
          for (const s of shards) await on(model.nodes[s]!.id)(ORDERS_OF_CUSTOMER_SQL, [r.customerId]);
        }, undefined)
      : model.sql.on(owner, (q) => q(CUSTOMER_PAGE_SQL, [r.customerId]).then(() => undefined), undefined);
  yield env.external(work, undefined);
  model.finish(r, true, `read from ${shards.length === 1 ? model.nodes[shards[0]!]!.id : `${shards.length} shards`}`);
}

/**
 * A write: a new order for the customer, on the shard of its key (the customer's shard with
 * customer_id; the order id's or the timestamp's otherwise). The rows land when it commits, on the
 * shard that owns them then, and on the shard a move is copying them to (forwarded).
 */
export function* write(model: ShardingModel, r: ShardRequest): ProcessGenerator<void> {
  const { data, env } = model;
  const { orders } = model.rng;
  const product = orders.int(1, data.data.products);
  const quantity = orders.int(1, 4);
  const priceCents = data.data.productPriceCents[product]!;
  const orderId = data.nextOrderId++;
  const createdS = ShardedData.newOrderCreatedS(env.now);
  const customer = data.customer(r.customerId);
  customer.hits++;
  const apart = ordersApart(data.shardKey);
  const key = data.shardKey === 'created_at' ? createdS : orderId;
  const shard = apart ? model.placement.shardOf(data.shardKey === 'created_at' ? 'time' : 'order', key, () => model.lightestShard()) : customer.owner;
  const ok = yield* model.fanout(r, [shard], () => COST.writeMs);
  if (!ok) return model.finish(r, false, `${model.nodes[shard]!.id} did not answer (stopped)`);
  // Committed: the rows exist now, on the unit's owner (and its incoming copy).
  const unit: Unit = data.addOrder(orderId, r.customerId, priceCents * quantity, createdS, 1);
  if (unit.owner < 0) {
    data.place(unit, shard);
    model.resharding.bornDuringMove(unit);
  }
  unit.hits++;
  const forward = data.written(unit);
  const owner = model.nodes[unit.owner]!;
  owner.writes++;
  const params = [orderId, r.customerId, ((priceCents * quantity) / 100).toFixed(2), new Date((createdS + EPOCH_2024_S) * 1000 + (env.now % 1000)), product, quantity, (priceCents / 100).toFixed(2)];
  const targets = [owner.id, ...(forward >= 0 ? [model.nodes[forward]!.id] : []), 'reference'];
  const work = model.sql.across(targets, async (on) => {
    for (const node of targets) await on(node)(NEW_ORDER_SQL, params);
  }, undefined);
  yield env.external(work, undefined);
  model.finish(r, true, `order ${orderId} on ${owner.id}${forward >= 0 ? ` (forwarded to ${model.nodes[forward]!.id})` : ''}`);
}

/**
 * A report over all customers: sent to every shard, each scans its rows and ships its partial
 * result, the router merges. Once a simulated second the merge is checked against the report of
 * one node holding every row (the model's, and with SQL the real shards' against the reference node).
 */
export function* scatter(model: ShardingModel, r: ShardRequest): ProcessGenerator<void> {
  const { data, env } = model;
  const shards = model.activeShards().map((n) => n.index);
  model.observe(0);
  const apart = ordersApart(data.shardKey);
  const shipped = (s: number) => (apart ? Math.min(data.held[s]!.orders, data.data.customers) + data.held[s]!.customers : 23);
  const ok = yield* model.fanout(r, shards, (s) => COST.reportBaseMs + data.rowsOn(s) * COST.reportPerRowMs + shipped(s) * COST.shipPerRowMs);
  model.stats.counts.scatters++;
  model.stats.counts.scatterFanout += shards.length;
  if (!ok) return model.finish(r, false, 'a shard did not answer (stopped): the report cannot be complete');
  const rows = shards.reduce((sum, s) => sum + shipped(s), 0);
  yield env.timeout(rows * COST.mergePerRowMs);
  if (model.verifyBudget.take(env.now)) {
    const expected = wholeReport(data);
    const difference = reportDifference(mergeReports(shardPartials(data, model.nodes.length)), expected);
    model.stats.counts.scattersVerified++;
    if (difference !== null) {
      model.stats.counts.scatterMismatches++;
      model.note('check', `report merge differs from one node: ${difference}`);
    }
    yield env.external(checkReportForReal(model, expected), undefined);
  }
  model.finish(r, true, `merged ${rows} rows from ${shards.length} shards`);
}
