import type { ProcessGenerator } from '../../engine';
import { COST } from './costs';
import type { ShardingModel } from './model';
import type { TxnProtocol } from './params';
import type { ShardRequest } from './requestTypes';
import { MAX_PREPARED } from './shardNode';
import { ADJUST_BALANCE_SQL, LOCAL_TRANSFER_SQL, PREPARED_BRANCH_SQL } from './statements';

/** One side of a two-phase commit: a prepared transaction on a shard. */
export interface Branch {
  shard: number;
  customer: number;
  deltaCents: number;
  gid: string;
  prepared: boolean;
}

/** A transfer between two customers' accounts. */
export interface Transfer {
  id: number;
  request: ShardRequest;
  from: number;
  to: number;
  amountCents: number;
  protocol: TxnProtocol;
  /** The coordinator's epoch when it started: a crash since then cuts it off. */
  epoch: number;
  decision: 'commit' | 'abort' | null;
  branches: Branch[];
  /** A saga's next step when the coordinator comes back. */
  next: 'credit' | 'refund' | null;
  declined: boolean;
}

/** The lock owner the resharding cutover uses (transfers use their ids, from 1). */
export const CUTOVER_LOCK_OWNER = -1;

/**
 * The transaction coordinator of cross-shard transfers (in the router). It can crash: a 2PC
 * transfer whose branches were prepared is then in doubt on its shards, holding their row locks,
 * until the coordinator recovers and resolves it (commit if it had decided to, else presumed
 * abort); a saga waits in its log and resumes; a `none` transfer halfway is simply lost.
 */
export class Coordinator {
  up = true;
  epoch = 0;
  crashedAt = NaN;
  readonly inDoubt: Transfer[] = [];
  readonly pausedSagas: Transfer[] = [];
  /** In-doubt transfers and paused sagas the coordinator picked up again at recovery. */
  recovered = 0;
  private nextId = 1;

  constructor(private readonly model: ShardingModel) {}

  newTransfer(r: ShardRequest, protocol: TxnProtocol, amountCents: number): Transfer {
    return { id: this.nextId++, request: r, from: r.customerId, to: r.otherId, amountCents, protocol, epoch: this.epoch, decision: null, branches: [], next: null, declined: false };
  }

  crash(): void {
    if (!this.up) return;
    this.up = false;
    this.epoch++;
    this.crashedAt = this.model.env.now;
    this.model.note('fault', 'the transaction coordinator crashed: prepared transactions are in doubt, sagas wait in their log');
  }

  recover(): void {
    if (this.up) return;
    this.up = true;
    const { env } = this.model;
    const inDoubt = this.inDoubt.splice(0);
    const sagas = this.pausedSagas.splice(0);
    this.model.note('repair', `the coordinator recovered: resolving ${inDoubt.length} in-doubt transfer${inDoubt.length === 1 ? '' : 's'}, resuming ${sagas.length} saga${sagas.length === 1 ? '' : 's'}`);
    this.recovered += inDoubt.length + sagas.length;
    for (const t of inDoubt) env.process(resolveInDoubt(this.model, t), 'resolve');
    for (const t of sagas) env.process(resumeSaga(this.model, t), 'saga');
  }

  /** Prepared transactions left in doubt on the shards now (what pg_prepared_xacts lists). */
  get inDoubtBranches(): number {
    let n = 0;
    for (const t of this.inDoubt) for (const b of t.branches) if (b.prepared) n++;
    return n;
  }

  crashedSince(t: Transfer): boolean {
    return this.epoch !== t.epoch;
  }
}

/** A transfer request: local when both accounts are on one shard, else by the protocol in force. */
export function* transfer(model: ShardingModel, r: ShardRequest): ProcessGenerator<void> {
  const { data, coordinator } = model;
  const protocol = model.params.values.txnProtocol;
  const t = coordinator.newTransfer(r, protocol, model.rng.amounts.int(1, 100) * 100);
  data.customer(t.from).hits++;
  data.customer(t.to).hits++;
  if (data.customer(t.from).owner === data.customer(t.to).owner) return yield* localTransfer(model, t);
  if (!coordinator.up) return model.finish(r, false, 'the coordinator is down: no cross-shard transfer can start');
  model.stats.counts.started++;
  r.crossShard = true;
  if (protocol === '2pc') return yield* twoPhaseCommit(model, t);
  return yield* stepwise(model, t);
}

/** Wait for a customer's account row lock (counted when it was not free). */
function* lock(model: ShardingModel, t: Transfer, customer: number): ProcessGenerator<void> {
  const grant = model.locks.acquire(customer, t.id);
  if (grant.triggered) return;
  model.stats.counts.lockWaits++;
  t.request.phase = 'waiting';
  t.request.phaseStart = model.env.now;
  yield grant;
  t.request.phase = 'sent';
}

/** Both rows, in customer order (a fixed order: two transfers never wait for each other in a cycle). */
function* lockBoth(model: ShardingModel, t: Transfer): ProcessGenerator<void> {
  yield* lock(model, t, Math.min(t.from, t.to));
  yield* lock(model, t, Math.max(t.from, t.to));
}

function unlockBoth(model: ShardingModel, t: Transfer): void {
  model.locks.release(t.from, t.id);
  model.locks.release(t.to, t.id);
}

/**
 * A committed change to one balance: the mirror, the owner's copy being moved in (forwarded),
 * and the reference node. `ownerSql` is what runs on the owner (an update, or COMMIT PREPARED).
 */
function applyBalance(model: ShardingModel, customer: number, deltaCents: number, ownerSql: ((q: Query) => Promise<unknown>) | null): (() => Promise<void>) | null {
  const { data } = model;
  data.balanceCents[customer]! += deltaCents;
  const unit = data.customer(customer);
  const forward = data.written(unit);
  const owner = model.nodes[unit.owner]!.id;
  const amount = (deltaCents / 100).toFixed(2);
  const nodes = [owner, ...(forward >= 0 ? [model.nodes[forward]!.id] : []), 'reference'];
  return model.sql.across(
    nodes,
    async (on) => {
      await (ownerSql ? ownerSql(on(owner)) : on(owner)(ADJUST_BALANCE_SQL, [customer, amount]));
      for (const node of nodes.slice(1)) await on(node)(ADJUST_BALANCE_SQL, [customer, amount]);
    },
    undefined,
  );
}

type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** Both accounts on one shard: one local transaction, atomic by itself. */
function* localTransfer(model: ShardingModel, t: Transfer): ProcessGenerator<void> {
  const { data, env } = model;
  yield* lockBoth(model, t);
  const shard = data.customer(t.from).owner;
  const ok = yield* model.fanout(t.request, [shard], () => COST.updateMs);
  if (!ok) {
    unlockBoth(model, t);
    return model.finish(t.request, false, `${model.nodes[shard]!.id} did not answer (stopped)`);
  }
  if (data.balanceCents[t.from]! < t.amountCents) {
    unlockBoth(model, t);
    return model.finish(t.request, true, 'declined: insufficient funds');
  }
  const amount = (t.amountCents / 100).toFixed(2);
  const local = (q: Query) => q(LOCAL_TRANSFER_SQL, [t.from, t.to, amount]);
  // One statement on the owner moves both; the forwards and the reference take one update each.
  const debit = applyBalance(model, t.from, -t.amountCents, local);
  const credit = applyBalance(model, t.to, t.amountCents, () => Promise.resolve());
  yield env.external(debit, undefined);
  yield env.external(credit, undefined);
  unlockBoth(model, t);
  model.finish(t.request, true, `local transfer on ${model.nodes[shard]!.id}`);
}

/**
 * Two-phase commit: lock both rows, ask both shards to PREPARE (each votes), decide, then COMMIT
 * PREPARED or ROLLBACK PREPARED on each. A coordinator crash after a branch prepared leaves it in
 * doubt: its rows stay locked, other transfers on them wait, until recovery resolves it.
 */
function* twoPhaseCommit(model: ShardingModel, t: Transfer): ProcessGenerator<void> {
  const { data, env, coordinator } = model;
  yield* lockBoth(model, t);
  if (coordinator.crashedSince(t)) {
    unlockBoth(model, t);
    return model.finish(t.request, false, 'the coordinator crashed before it prepared anything');
  }
  t.branches = [
    { shard: data.customer(t.from).owner, customer: t.from, deltaCents: -t.amountCents, gid: `xfer-${t.id}-debit`, prepared: false },
    { shard: data.customer(t.to).owner, customer: t.to, deltaCents: t.amountCents, gid: `xfer-${t.id}-credit`, prepared: false },
  ];
  t.request.shards = t.branches.map((b) => b.shard);
  const votes = t.branches.map((b) => env.process(prepare(model, t, b), 'prepare'));
  yield env.allOf(votes);
  // The decision is durable once the coordinator's log has it; a crash before that leaves the branches in doubt.
  yield env.timeout(COST.decisionLogMs);
  if (coordinator.crashedSince(t)) {
    if (t.branches.some((b) => b.prepared)) {
      coordinator.inDoubt.push(t);
      t.request.phase = 'waiting';
      t.request.phaseStart = env.now;
      return; // in doubt: the request waits for the coordinator's recovery
    }
    unlockBoth(model, t);
    return model.finish(t.request, false, 'the coordinator crashed during the prepare phase');
  }
  t.decision = votes.every((v) => v.value === true) ? 'commit' : 'abort';
  yield* secondPhase(model, t);
}

/** Phase one at one shard: PREPARE TRANSACTION. A yes vote leaves a prepared transaction there. */
function* prepare(model: ShardingModel, t: Transfer, b: Branch): ProcessGenerator<boolean> {
  const { env, data } = model;
  const node = model.nodes[b.shard]!;
  const rtt = model.params.values.networkRttMs;
  yield env.timeout(rtt / 2);
  const served = yield* node.serve(model.rng.service, COST.prepareMs);
  const funds = b.deltaCents >= 0 || data.balanceCents[b.customer]! + b.deltaCents >= 0;
  if (b.deltaCents < 0 && !funds) t.declined = true;
  // max_prepared_transactions: PostgreSQL refuses one more prepared transaction than it allows.
  const vote = served && funds && node.prepared.size < MAX_PREPARED;
  if (vote) {
    node.prepared.set(b.gid, t.id);
    b.prepared = true;
    const amount = (b.deltaCents / 100).toFixed(2);
    const work = model.sql.on(
      node.id,
      async (q) => {
        await q(PREPARED_BRANCH_SQL.begin);
        try {
          await q(PREPARED_BRANCH_SQL.noCapture);
          await q(ADJUST_BALANCE_SQL, [b.customer, amount]);
          await q(PREPARED_BRANCH_SQL.prepare(b.gid));
        } catch (e) {
          await q('rollback').catch(() => undefined);
          throw e;
        }
      },
      undefined,
    );
    yield env.external(work, undefined);
  }
  yield env.timeout(rtt / 2);
  return vote;
}

/** Phase two: the decision delivered to every prepared branch (retried while a shard is down), then the locks released. */
function* secondPhase(model: ShardingModel, t: Transfer): ProcessGenerator<void> {
  const { env, stats } = model;
  const legs = t.branches.filter((b) => b.prepared).map((b) => env.process(resolve(model, t, b), 'resolve'));
  yield env.allOf(legs);
  unlockBoth(model, t);
  if (t.decision === 'commit') {
    stats.counts.committed++;
    return model.finish(t.request, true, 'committed on both shards (2PC)');
  }
  stats.counts.aborted++;
  model.finish(t.request, t.declined, t.declined ? 'declined: insufficient funds (2PC rolled back)' : 'aborted: a shard voted no or did not answer (2PC rolled back)');
}

/** COMMIT PREPARED or ROLLBACK PREPARED at one shard. */
function* resolve(model: ShardingModel, t: Transfer, b: Branch): ProcessGenerator<void> {
  const { env } = model;
  const node = model.nodes[b.shard]!;
  const rtt = model.params.values.networkRttMs;
  yield env.timeout(rtt / 2);
  while (!node.up) yield env.timeout(COST.retryMs);
  yield env.timeout(COST.resolveMs);
  node.prepared.delete(b.gid);
  b.prepared = false;
  const work =
    t.decision === 'commit'
      ? applyBalance(model, b.customer, b.deltaCents, async (q) => {
          await q(PREPARED_BRANCH_SQL.commit(b.gid));
          await q(PREPARED_BRANCH_SQL.record, [b.customer]);
        })
      : model.sql.on(node.id, (q) => q(PREPARED_BRANCH_SQL.rollback(b.gid)).then(() => undefined), undefined);
  yield env.external(work, undefined);
  yield env.timeout(rtt / 2);
}

/** After recovery: an in-doubt transfer committed if the coordinator had decided so, else rolled back (presumed abort). */
function* resolveInDoubt(model: ShardingModel, t: Transfer): ProcessGenerator<void> {
  t.decision ??= 'abort';
  t.request.phase = 'sent';
  yield* secondPhase(model, t);
}

/** One local step of a saga or of `none`: lock the row, update it on its shard, commit. */
function* localStep(model: ShardingModel, t: Transfer, customer: number, deltaCents: number): ProcessGenerator<'ok' | 'down' | 'declined'> {
  const { data, env } = model;
  yield* lock(model, t, customer);
  const shard = data.customer(customer).owner;
  const ok = yield* model.fanout(t.request, [shard], () => COST.updateMs);
  if (ok && deltaCents < 0 && data.balanceCents[customer]! + deltaCents < 0) {
    model.locks.release(customer, t.id);
    return 'declined';
  }
  if (ok) yield env.external(applyBalance(model, customer, deltaCents, null), undefined);
  model.locks.release(customer, t.id);
  return ok ? 'ok' : 'down';
}

/**
 * `none` and `saga`: debit on one shard, commit; credit on the other, commit. Between the two the
 * money is in flight and readers see it gone. If the credit cannot happen, `none` has lost the
 * money (partial); a saga refunds it (compensation). A coordinator crash in between: `none` forgets,
 * a saga waits in its log for recovery.
 */
function* stepwise(model: ShardingModel, t: Transfer): ProcessGenerator<void> {
  const { stats } = model;
  const first = yield* localStep(model, t, t.from, -t.amountCents);
  if (first !== 'ok') {
    stats.counts.aborted++;
    return model.finish(t.request, first === 'declined', first === 'declined' ? 'declined: insufficient funds' : 'the debit shard did not answer: nothing changed');
  }
  model.inFlightCents += t.amountCents;
  model.halfDone(t.from, 1);
  t.next = 'credit';
  yield* continueTransfer(model, t);
}

/** From a saga's (or none's) next step on: credit, or refund if the credit cannot land. */
function* continueTransfer(model: ShardingModel, t: Transfer): ProcessGenerator<void> {
  const { coordinator, stats } = model;
  for (;;) {
    if (coordinator.crashedSince(t)) {
      if (t.protocol === 'saga') {
        coordinator.pausedSagas.push(t);
        t.request.phase = 'waiting';
        return;
      }
      return lose(model, t, 'the coordinator crashed after the debit: the credit never happens, the money is gone');
    }
    if (t.next === 'credit') {
      const step = yield* localStep(model, t, t.to, t.amountCents);
      if (step === 'ok') {
        settle(model, t);
        stats.counts.committed++;
        return model.finish(t.request, true, `committed in two steps (${t.protocol})`);
      }
      if (t.protocol === 'none') return lose(model, t, 'the credit shard did not answer: the debit stays, the money is gone');
      t.next = 'refund';
      continue;
    }
    const refund = yield* localStep(model, t, t.from, t.amountCents);
    if (refund === 'ok') {
      settle(model, t);
      stats.counts.compensated++;
      return model.finish(t.request, false, 'the credit failed; the saga refunded the debit (compensated)');
    }
    yield model.env.timeout(COST.retryMs);
  }
}

function settle(model: ShardingModel, t: Transfer): void {
  model.inFlightCents -= t.amountCents;
  model.halfDone(t.from, -1);
  t.next = null;
}

function lose(model: ShardingModel, t: Transfer, why: string): void {
  settle(model, t);
  model.stats.counts.partial++;
  model.finish(t.request, false, why);
}

/** After recovery: a saga carries on from the step it had reached. */
function* resumeSaga(model: ShardingModel, t: Transfer): ProcessGenerator<void> {
  t.epoch = model.coordinator.epoch;
  t.request.phase = 'sent';
  yield* continueTransfer(model, t);
}
