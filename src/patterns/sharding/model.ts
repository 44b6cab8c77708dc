import type { Environment, LatencyHistogram, ProcessGenerator, Rng } from '../../engine';
import type { LabContext } from '../../lab/labDefinition';
import { LiveParams, RunStatistics, WindowedSampler } from '../../lab/kit';
import { poissonArrivals } from '../../models/poissonArrivals';
import { RealStatementBudget } from '../../models/realStatementBudget';
import { RowLocks } from '../../models/rowLocks';
import { lightest, type ShardPlacement } from './placement';
import { startingData } from './partition';
import type { ShardingParams } from './params';
import { ShardingSql } from './realSql';
import type { RequestKind, ShardRequest } from './requestTypes';
import { pointRead, scatter, write } from './requests';
import { Resharding } from './resharding';
import { ShardNode } from './shardNode';
import { nodeSlots } from './slots';
import { Coordinator, transfer } from './transfers';
import type { ShardedData } from './units';
import { shardingSample } from './project';

/** Requests remembered after they end (particles of failures, the view's list). */
const REMEMBERED_FAILURES = 40;
/**
 * Requests the router holds at once, as a pooler's client limit does (PgBouncer's
 * max_client_conn): past it a new request is refused at once. Without a bound an overloaded
 * cluster (the data grows with every write, and a report scans all of it) would queue without
 * end, and a day-long run would grow until the tab runs out of memory.
 */
export const ROUTER_MAX_IN_FLIGHT = 10_000;

/**
 * The sharding lab: clients → a router holding the shard map → shard nodes, each holding the rows
 * of its keys. Point reads and writes go to one shard (when the shard key fits them), reports fan
 * out to all and merge, transfers between two customers' accounts may span two shards and commit
 * by the chosen protocol; the map can grow online (resharding) and the coordinator can crash. Its
 * state and processes; what the screen and the CLI show of it is in project.ts.
 */
export class ShardingModel {
  readonly params: LiveParams<ShardingParams>;
  readonly data: ShardedData;
  readonly nodes: ShardNode[];
  placement: ShardPlacement;
  /** The map one more shard (or the scheduled reshard) would give: the key lookup shows where keys would go. */
  lookahead: ShardPlacement | null = null;
  readonly locks: RowLocks<number>;
  readonly coordinator: Coordinator;
  readonly resharding: Resharding;
  readonly sql: ShardingSql;
  readonly stats;
  readonly latency: Record<RequestKind | 'all', LatencyHistogram>;
  readonly sampler: WindowedSampler;
  readonly inFlight = new Map<number, ShardRequest>();
  readonly recentFailures: ShardRequest[] = [];
  readonly events: { t: number; what: string; kind: 'fault' | 'repair' | 'reshard' | 'refused' | 'check' }[] = [];
  readonly rng: { kind: Rng; customers: Rng; service: Rng; amounts: Rng; orders: Rng };
  /** Money (cents) debited by transfers still running whose credit (or refund) has not landed: in flight, not lost. */
  inFlightCents = 0;
  /** Reports whose merge is checked (against one node holding every row; with SQL, on the real nodes too), one per simulated second. */
  readonly verifyBudget = new RealStatementBudget(1);
  /** Per customer: transfers that changed its balance and have not finished (a reader sees an intermediate state). */
  readonly intermediate = new Map<number, number>();
  intermediateTotal = 0;
  private nextId = 1;
  private readonly arrivalsRng: Rng;

  constructor(
    readonly env: Environment,
    ctx: LabContext<ShardingParams>,
  ) {
    this.arrivalsRng = ctx.rng.fork('arrivals');
    this.rng = { kind: ctx.rng.fork('kind'), customers: ctx.rng.fork('customers'), service: ctx.rng.fork('service'), amounts: ctx.rng.fork('amounts'), orders: ctx.rng.fork('orders') };
    this.params = new LiveParams(env, ctx.params);
    const p = this.params.values;
    const start = startingData(p);
    this.data = start.data;
    this.placement = start.placement;
    this.nodes = Array.from({ length: nodeSlots(p) }, (_, i) => new ShardNode(env, i));
    for (let i = 0; i < p.shards; i++) this.nodes[i]!.active = true;
    this.locks = new RowLocks(env);
    this.sql = new ShardingSql(env, ctx.sql);
    this.stats = new RunStatistics(env, {
      arrived: 0,
      completed: 0,
      failed: 0,
      pointReads: 0,
      pointReadFanout: 0,
      scatters: 0,
      scatterFanout: 0,
      scattersVerified: 0,
      scatterMismatches: 0,
      started: 0,
      committed: 0,
      aborted: 0,
      partial: 0,
      compensated: 0,
      anomalies: 0,
      lockWaits: 0,
    });
    this.latency = {
      all: this.stats.histogram(),
      pointRead: this.stats.histogram(),
      write: this.stats.histogram(),
      scatter: this.stats.histogram(),
      crossShardTxn: this.stats.histogram(),
    };
    this.coordinator = new Coordinator(this);
    this.resharding = new Resharding(this);
    this.lookahead = this.resharding.preview();
    this.sampler = new WindowedSampler(env, ctx.durationMs, (w, t) => shardingSample(this, w, t));
  }

  start(): void {
    const { env } = this;
    const p = this.params.values;
    env.process(
      poissonArrivals(env, this.arrivalsRng, () => this.params.values.arrivalRate, () => this.admit()),
      'arrivals',
    );
    if (p.reshardAtS > 0) env.timeout(p.reshardAtS * 1000).addCallback(() => this.resharding.begin(p.reshardTo, 'reshard'));
    if (p.coordinatorCrashAtS > 0) env.timeout(p.coordinatorCrashAtS * 1000).addCallback(() => this.coordinator.crash());
    this.sampler.start();
  }

  /** A new request: its kind drawn from the mix (the shares may leave some arrivals out), its customer from the key distribution. */
  admit(): void {
    const p = this.params.values;
    const u = this.rng.kind.random();
    const shares: [RequestKind, number][] = [
      ['pointRead', p.pointReadFraction],
      ['write', p.writeFraction],
      ['scatter', p.scatterFraction],
      ['crossShardTxn', p.crossShardTxnFraction],
    ];
    let acc = 0;
    for (const [kind, share] of shares) {
      acc += share;
      if (u < acc) return this.issue(kind);
    }
  }

  private issue(kind: RequestKind): void {
    const { env } = this;
    const customerId = this.pickCustomer();
    const otherId = kind === 'crossShardTxn' ? this.otherCustomer(customerId) : 0;
    const r: ShardRequest = { id: this.nextId++, kind, customerId, otherId, issuedAt: env.now, endedAt: NaN, shards: [], phase: 'sent', phaseStart: env.now, phaseEnd: env.now, outcome: '' };
    this.stats.counts.arrived++;
    this.inFlight.set(r.id, r);
    if (this.inFlight.size > ROUTER_MAX_IN_FLIGHT) {
      return this.finish(r, false, `the router refused it: ${ROUTER_MAX_IN_FLIGHT.toLocaleString('en-US')} requests already in flight (the shards cannot keep up)`);
    }
    const run: Record<RequestKind, () => ProcessGenerator<void>> = {
      pointRead: () => pointRead(this, r),
      write: () => write(this, r),
      scatter: () => scatter(this, r),
      crossShardTxn: () => transfer(this, r),
    };
    env.process(run[kind](), kind);
  }

  /** Which customer a request is about: uniform, or Zipf by customer id (customer 1 the busiest). */
  pickCustomer(): number {
    const p = this.params.values;
    const n = this.data.data.customers;
    return p.keyDist === 'zipf' ? this.rng.customers.zipf(n, p.zipfS) : this.rng.customers.int(1, n);
  }

  /** A transfer's payee: any other customer, uniformly. */
  private otherCustomer(from: number): number {
    const n = this.data.data.customers;
    if (n < 2) return from;
    const to = this.rng.customers.int(1, n - 1);
    return to >= from ? to + 1 : to;
  }

  /** Shards in the map now. */
  activeShards(): ShardNode[] {
    return this.nodes.filter((n) => n.active);
  }

  /** The lightest active shard by rows (where a directory puts a key it has never seen). */
  lightestShard(): number {
    const active = this.activeShards().length;
    return lightest(this.nodes.map((n) => this.data.rowsOn(n.index)), active);
  }

  /** One leg of a request: half a round trip, a statement on `shard` of mean `meanMs`, half back. */
  *leg(shard: number, meanMs: number): ProcessGenerator<boolean> {
    const rtt = this.params.values.networkRttMs;
    yield this.env.timeout(rtt / 2);
    const ok = yield* this.nodes[shard]!.serve(this.rng.service, meanMs);
    yield this.env.timeout(rtt / 2);
    return ok;
  }

  /** Legs to several shards at once; true if every one answered. */
  *fanout(r: ShardRequest, shards: readonly number[], meanMs: (shard: number) => number): ProcessGenerator<boolean> {
    r.shards = [...shards];
    r.phase = 'sent';
    r.phaseStart = this.env.now;
    r.phaseEnd = this.env.now + this.params.values.networkRttMs / 2;
    const legs = shards.map((s) => this.env.process(this.leg(s, meanMs(s)), 'leg'));
    yield this.env.allOf(legs);
    return legs.every((l) => l.value === true);
  }

  /** A request ended: its latency recorded, counted as completed or failed. */
  finish(r: ShardRequest, ok: boolean, outcome: string): void {
    const { env } = this;
    r.endedAt = env.now;
    r.phase = ok ? 'done' : 'failed';
    r.outcome = outcome;
    const ms = env.now - r.issuedAt;
    this.latency.all.record(ms);
    this.latency[r.kind].record(ms);
    this.sampler.window.record(r.kind, ms);
    this.sampler.window.count(ok ? 'completed' : 'failed');
    if (ok) this.stats.counts.completed++;
    else {
      this.stats.counts.failed++;
      this.recentFailures.push(r);
      if (this.recentFailures.length > REMEMBERED_FAILURES) this.recentFailures.shift();
      env.log(`request-${r.id}`, 'failed', { kind: r.kind, outcome });
    }
    this.inFlight.delete(r.id);
  }

  /** A reader looked at customer `c`'s balance (or at all balances, for c = 0): an anomaly if a transfer is half done there. */
  observe(c: number): void {
    if (c === 0 ? this.intermediateTotal > 0 : (this.intermediate.get(c) ?? 0) > 0) this.stats.counts.anomalies++;
  }

  /** Mark customer `c`'s balance as showing a half-done transfer (+1) or no longer (−1). */
  halfDone(c: number, delta: 1 | -1): void {
    const n = (this.intermediate.get(c) ?? 0) + delta;
    if (n === 0) this.intermediate.delete(c);
    else this.intermediate.set(c, n);
    this.intermediateTotal += delta;
  }

  /** Something happened to the cluster (a fault, a repair, a reshard step, a refused action), for the view and the log. */
  note(kind: ShardingModel['events'][number]['kind'], what: string): void {
    this.events.push({ t: this.env.now, what, kind });
    if (this.events.length > 60) this.events.shift();
    this.env.log('cluster', kind, { what });
  }

  resetStatistics(): void {
    this.stats.reset();
    this.stats.counts.arrived = this.inFlight.size;
    // Transfers under way count as started in the measured period, as requests in flight count as arrived.
    this.stats.counts.started = [...this.inFlight.values()].filter((r) => r.crossShard === true).length;
    for (const n of this.nodes) n.resetStatistics();
    this.env.log('lab', 'warm-up over');
  }
}
