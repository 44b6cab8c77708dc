import type { ProcessGenerator } from '../../engine';
import { DirectoryMap } from '../../models/sharding/directoryMap';
import { RangeMap } from '../../models/sharding/rangeMap';
import type { ShardMap } from '../../models/sharding/shardMap';
import { COST } from './costs';
import type { ShardingModel } from './model';
import { grownMap, ShardPlacement, splitDirectory, splitHeaviest, type KeySpace } from './placement';
import { copyBatchForReal, deleteBatchForReal, checksumsForReal } from './realChecks';
import { CUTOVER_LOCK_OWNER } from './transfers';
import { SHARDED_TABLES, totalRows, type Unit } from './units';

export type ReshardPhase = 'idle' | 'copying' | 'cutover' | 'cleanup' | 'done';

/**
 * Online resharding, as real systems do it (Vitess, Citus, MongoDB's balancer, in spirit):
 *   1. plan: the units whose shard differs under the new map;
 *   2. copy them in batches (moveBatchRows, throttled to moveRatePerS) while reads and writes go on
 *      to the old owners; a write to a unit already copied is forwarded to the copy, so it stays current;
 *   3. cutover: take the moving rows' locks (waiting for transactions holding them, in doubt ones
 *      included), switch the router's map at one instant, release;
 *   4. clean up: delete the old copies in batches (until then the reports skip them).
 * Every row is then on exactly one shard; the counts and checksums say so.
 */
export class Resharding {
  phase: ReshardPhase = 'idle';
  what = '';
  from = 0;
  to = 0;
  target: ShardPlacement | null = null;
  moving: Unit[] = [];
  private readonly destination = new Map<number, number>();
  keysMoved = 0;
  unitsCopied = 0;
  rowsCopied = 0;
  rowsDeleted = 0;
  rowsToMove = 0;
  missedWrites = 0;
  rowsDuplicated = 0;
  checksumsMatch = true;
  startedAt = NaN;
  endedAt = NaN;
  /** Seconds spent resharding over all moves. */
  totalDurationMs = 0;
  /** The batch on the wire now (for the view's flying rows). */
  batch: { from: number; to: number; rows: number; startedAt: number; endsAt: number } | null = null;

  constructor(private readonly model: ShardingModel) {}

  get running(): boolean {
    return this.phase === 'copying' || this.phase === 'cutover' || this.phase === 'cleanup';
  }

  /** Grow to `to` shards (a scheduled reshard, addShard). Refused (logged) while a move runs or without spare nodes. */
  begin(to: number, what: string): void {
    const { model } = this;
    const current = model.placement.shardCount;
    if (this.running) return model.note('refused', `${what} refused: a reshard is already in progress`);
    if (to <= current) return model.note('refused', `${what} refused: the map already has ${current} shards`);
    if (to > model.nodes.length) return model.note('refused', `${what} refused: only ${model.nodes.length} shard nodes were booted (raise “Reshard to”, or fewer shards)`);
    this.start(this.grown(to), what);
  }

  /** The map grown to `to` shards from the one in force (not applied). */
  grown(to: number): ShardPlacement {
    const { model } = this;
    const maps = new Map<KeySpace, ShardMap>();
    for (const [space, map] of model.placement.maps) {
      const keys = model.data.spaceKeys(space);
      maps.set(space, grownMap(cloneMap(map), to, model.params.values.vnodes, keys, keys.rows));
    }
    return new ShardPlacement(model.placement.strategy, to, maps);
  }

  /** Where the next reshard would put keys: to “Reshard to” shards if one is scheduled, else one more shard (for the key lookup). */
  preview(): ShardPlacement | null {
    const { model } = this;
    const p = model.params.values;
    const to = p.reshardAtS > 0 && this.phase === 'idle' ? p.reshardTo : model.placement.shardCount + 1;
    return to > model.placement.shardCount && to <= model.nodes.length ? this.grown(to) : null;
  }

  /** Split one shard: its heaviest range (by requests) or its busiest keys go to a new shard. */
  split(shard: number): void {
    const { model } = this;
    const what = `splitShard ${model.nodes[shard]?.id ?? shard}`;
    if (this.running) return model.note('refused', `${what} refused: a reshard is already in progress`);
    if (model.placement.strategy !== 'range' && model.placement.strategy !== 'directory') {
      return model.note('refused', `${what} refused: a ${model.placement.strategy} map cannot split one shard (keys are placed by hash); add a shard, or use ranges or a directory`);
    }
    if (shard >= model.placement.shardCount) return model.note('refused', `${what} refused: it is not in the map`);
    if (model.placement.shardCount >= model.nodes.length) return model.note('refused', `${what} refused: no spare shard node`);
    const maps = new Map<KeySpace, ShardMap>();
    for (const [space, map] of model.placement.maps) {
      const keys = model.data.spaceKeys(space, (u) => u.hits);
      const split = map instanceof RangeMap ? splitHeaviest(map, keys, keys.weight, shard) : splitDirectory(map as DirectoryMap, shard, keys, keys.weight);
      maps.set(space, split.shardCount > map.shardCount ? split : grownMap(cloneMap(map), map.shardCount + 1, 1, keys, keys.rows));
    }
    this.start(new ShardPlacement(model.placement.strategy, model.placement.shardCount + 1, maps), what);
  }

  private start(target: ShardPlacement, what: string): void {
    const { model } = this;
    this.target = target;
    this.what = what;
    this.from = model.placement.shardCount;
    this.to = target.shardCount;
    this.moving = [];
    this.destination.clear();
    for (const u of model.data.units) {
      if (u.owner < 0) continue;
      const dest = target.shardOf(u.space, u.key, () => u.owner);
      if (dest === u.owner) continue;
      this.moving.push(u);
      this.destination.set(u.index, dest);
      if (u.kind === 'customer') this.keysMoved++;
      this.rowsToMove += totalRows(u.rows);
    }
    // Batches go one source and one target at a time, in key order.
    this.moving.sort((a, b) => a.owner - b.owner || this.destination.get(a.index)! - this.destination.get(b.index)! || a.key - b.key || a.index - b.index);
    this.phase = 'copying';
    this.startedAt = model.env.now;
    model.note('reshard', `${what}: ${this.from} → ${this.to} shards, ${this.moving.length} keys (${this.rowsToMove} rows) to move`);
    model.env.process(this.run(), 'reshard');
  }

  /** A unit created during the move (a new order): copied at once to where the new map puts it, if that is elsewhere. */
  bornDuringMove(u: Unit): void {
    if (this.target === null || (this.phase !== 'copying' && this.phase !== 'cutover')) return;
    const dest = this.target.shardOf(u.space, u.key, () => u.owner);
    if (dest === u.owner) return;
    this.model.data.addCopy(u, dest);
    this.moving.push(u);
    this.destination.set(u.index, dest);
    this.unitsCopied++;
  }

  private *run(): ProcessGenerator<void> {
    yield* this.copyAll();
    yield* this.cutover();
    yield* this.cleanup();
    this.finish();
  }

  /** Batches of about moveBatchRows rows from one source to one target, throttled to moveRatePerS. */
  private *copyAll(): ProcessGenerator<void> {
    const { model } = this;
    let i = 0;
    while (i < this.moving.length) {
      const first = this.moving[i]!;
      const from = first.owner;
      const to = this.destination.get(first.index)!;
      const batch: Unit[] = [];
      let rows = 0;
      while (i < this.moving.length && rows < model.params.values.moveBatchRows) {
        const u = this.moving[i]!;
        if (u.owner !== from || this.destination.get(u.index) !== to) break;
        i++;
        if (u.copy >= 0) continue; // born during the move: copied already
        batch.push(u);
        rows += totalRows(u.rows);
      }
      if (batch.length === 0) continue;
      yield* this.transferBatch(from, to, rows);
      for (const u of batch) {
        model.data.addCopy(u, to);
        this.unitsCopied++;
        this.rowsCopied += totalRows(u.rows);
      }
      yield model.env.external(copyBatchForReal(model, from, to, batch), undefined);
    }
  }

  /** The time a batch takes: the throttle, both shards' work, and waiting while either is down. */
  private *transferBatch(from: number, to: number, rows: number): ProcessGenerator<void> {
    const { model } = this;
    const { env } = model;
    const src = model.nodes[from]!;
    const dst = model.nodes[to]!;
    this.batch = { from, to, rows, startedAt: env.now, endsAt: env.now + (rows / model.params.values.moveRatePerS) * 1000 };
    yield env.timeout((rows / model.params.values.moveRatePerS) * 1000);
    for (;;) {
      while (!src.up || !dst.up) yield env.timeout(COST.retryMs);
      const work = [src, dst].map((n) => env.process(n.serve(model.rng.service, rows * COST.movePerRowMs), 'move'));
      yield env.allOf(work);
      if (work.every((w) => w.value === true)) break;
    }
    this.batch = null;
  }

  /** Take the moving rows' locks, switch the map at one instant, release. */
  private *cutover(): ProcessGenerator<void> {
    const { model } = this;
    this.phase = 'cutover';
    const customers = [...new Set(this.moving.filter((u) => u.kind === 'customer').map((u) => u.id))].sort((a, b) => a - b);
    for (const c of customers) yield model.locks.acquire(c, CUTOVER_LOCK_OWNER);
    for (const u of this.moving) if (u.copy >= 0 && u.copyIncoming) this.missedWrites += model.data.switchOwner(u);
    model.placement = this.target!;
    for (let s = 0; s < this.to; s++) model.nodes[s]!.active = true;
    for (const c of customers) model.locks.release(c, CUTOVER_LOCK_OWNER);
    model.note('reshard', `cutover: the router now uses the ${this.to}-shard map`);
  }

  /** Delete the old copies, in batches, throttled like the copy. */
  private *cleanup(): ProcessGenerator<void> {
    const { model } = this;
    this.phase = 'cleanup';
    const old = this.moving.filter((u) => u.copy >= 0 && !u.copyIncoming).sort((a, b) => a.copy - b.copy || a.key - b.key || a.index - b.index);
    let i = 0;
    while (i < old.length) {
      const shard = old[i]!.copy;
      const batch: Unit[] = [];
      let rows = 0;
      while (i < old.length && old[i]!.copy === shard && rows < model.params.values.moveBatchRows) {
        batch.push(old[i]!);
        rows += totalRows(old[i]!.copyRows);
        i++;
      }
      yield* this.transferBatch(shard, shard, rows);
      yield model.env.external(deleteBatchForReal(model, shard, batch), undefined);
      for (const u of batch) {
        this.rowsDeleted += totalRows(u.copyRows);
        model.data.dropCopy(u);
      }
    }
  }

  /** Every row on exactly one shard: the copies gone, nothing missed, the counts per table equal to the whole's. */
  private finish(): void {
    const { model } = this;
    const { data } = model;
    this.phase = 'done';
    this.endedAt = model.env.now;
    this.totalDurationMs += this.endedAt - this.startedAt;
    this.rowsDuplicated = data.units.reduce((sum, u) => sum + (u.copy >= 0 ? totalRows(u.copyRows) : 0), 0);
    const whole = SHARDED_TABLES.map((t) => data.units.reduce((sum, u) => sum + u.rows[t], 0));
    const held = SHARDED_TABLES.map((t) => data.held.reduce((sum, h) => sum + h[t], 0));
    this.checksumsMatch = this.checksumsMatch && this.missedWrites === 0 && whole.every((n, i) => n === held[i]);
    model.lookahead = this.preview();
    model.note('reshard', `${this.what} done in ${((this.endedAt - this.startedAt) / 1000).toFixed(1)} s: ${this.rowsCopied} rows copied, ${this.rowsDeleted} deleted`);
    model.env.process(this.realChecksums(), 'checksums');
  }

  private *realChecksums(): ProcessGenerator<void> {
    yield this.model.env.external(checksumsForReal(this.model), undefined);
  }
}

/** A map the reshard may change without touching the one in force (directories are tables). */
function cloneMap(map: ShardMap): ShardMap {
  return map instanceof DirectoryMap ? map.withShards(map.shardCount) : map;
}
