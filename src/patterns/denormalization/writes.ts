import { SimEvent, type Environment, type ProcessGenerator } from '../../engine';
import { applyToCopy, commitWrite, copyStatements, writeStatements, type Change, type Statement } from './changes';
import { denormCosts } from './costs';
import type { DenormWorld } from './model';
import { arrivingRequest, type DenormRequest } from './requests';

/** A change waiting in the application's queue for its copy. */
interface QueuedCopy {
  change: Change;
  enqueuedAt: number;
}

/** Simulated ms of a write's own statements. */
function writeMs(r: DenormRequest): number {
  const w = denormCosts.writes;
  return r.kind === 'renameCustomer' ? w.renameCustomer : r.kind === 'changePrice' ? w.changePrice : w.newOrder;
}

/** Simulated ms of the copy's statement: the application's, or the triggers' (one per new line). */
function copyMs(r: DenormRequest, byTrigger: boolean): number {
  const w = denormCosts.writes;
  if (r.kind === 'renameCustomer') return w.copyRename[r.customer - 1]!;
  if (r.kind === 'changePrice') return w.copyPrice[r.product - 1]!;
  return byTrigger ? w.copyLine * r.lines.length : w.copyOrder;
}

/**
 * One statement of a request: half a round trip out, its cost on the database's CPU, then `commit`
 * (what becomes visible when it finishes: the real statements run at that instant, in order), half
 * a round trip back.
 */
function* statement(world: DenormWorld, r: DenormRequest, ms: number, commit: () => Statement[]): ProcessGenerator<void> {
  yield* world.leg(r, 'out');
  world.setPhase(r, 'executing', ms);
  yield world.cpu.run(ms);
  const real = commit();
  if (real.length > 0) yield* world.sql.run(real);
  yield* world.leg(r, 'back');
}

/** The copy follows the change now (bookkeeping), and the statements that do it on PGlite. */
function followInCopy(world: DenormWorld, r: DenormRequest, change: Change, byTrigger: boolean): Statement[] {
  const touched = applyToCopy(world.copy!, change);
  world.stats.counts.copyUpdates++;
  world.step(r, `${byTrigger ? 'the trigger updates' : 'the application updates'} ${touched} line${touched === 1 ? '' : 's'} of the copy`);
  return byTrigger ? [] : copyStatements(change);
}

/**
 * A write, as the read model in force makes the application send it:
 * - normalized and a view refreshed on a schedule or by hand: the write alone;
 * - a view refreshed on write: the write, then a plain REFRESH the writer waits for;
 * - a trigger-kept copy: the write, the trigger's statements inside it;
 * - an application-kept copy: in the same transaction (a second statement before the commit),
 *   after the commit (a second transaction), or through a queue; `syncBugRate` of them forgotten.
 */
export function* writeFlow(world: DenormWorld, r: DenormRequest): ProcessGenerator<void> {
  const { env } = world;
  const p = world.params.values;
  const commit = () => {
    const change = commitWrite(world.book, r.kind as Change['kind'], r, env.now);
    const [sql, params] = writeStatements(change)[0]!;
    r.sql = sql;
    r.params = params;
    world.stats.counts.writes++;
    world.step(r, 'commits');
    return change;
  };
  r.executed = world.sql.attached ? 'real' : 'modelled';
  if (world.readModel === 'trigger-maintained') {
    yield* statement(world, r, writeMs(r) + copyMs(r, true), () => {
      const change = commit();
      return [...writeStatements(change), ...followInCopy(world, r, change, true)];
    });
  } else if (world.readModel === 'denormalized-table') {
    yield* applicationCopy(world, r, commit);
  } else {
    yield* statement(world, r, writeMs(r), () => writeStatements(commit()));
    if (world.refresher !== null && p.refresh === 'on-write') {
      yield* world.leg(r, 'out');
      world.setPhase(r, 'refresh');
      yield* world.refresher.refresh('plain', 'write', `write-${r.id}`);
      yield* world.leg(r, 'back');
    }
  }
  world.finish(r, world.writeLatency, 'write');
}

/** The application keeps its copy: the three sync modes, and the copies it forgets. */
function* applicationCopy(world: DenormWorld, r: DenormRequest, commit: () => Change): ProcessGenerator<void> {
  const mode = world.params.values.syncMode;
  const forgotten = r.copyForgotten;
  const forget = () => {
    world.stats.counts.copiesForgotten++;
    world.step(r, 'the application forgets to update the copy');
  };
  if (mode === 'same-transaction') {
    if (forgotten) {
      yield* statement(world, r, writeMs(r), () => {
        const change = commit();
        forget();
        return writeStatements(change);
      });
      return;
    }
    // The write's statement runs, then the copy's; both become visible at the commit.
    yield* world.leg(r, 'out');
    world.setPhase(r, 'executing', writeMs(r));
    yield world.cpu.run(writeMs(r));
    yield* world.leg(r, 'back');
    yield* statement(world, r, copyMs(r, false), () => {
      const change = commit();
      return [...writeStatements(change), ...followInCopy(world, r, change, false)];
    });
    return;
  }
  let change: Change | null = null;
  yield* statement(world, r, writeMs(r), () => {
    change = commit();
    return writeStatements(change);
  });
  const committed = change as Change | null;
  if (committed === null) return;
  if (forgotten) {
    forget();
  } else if (mode === 'after-commit') {
    yield* statement(world, r, copyMs(r, false), () => followInCopy(world, r, committed, false));
  } else {
    world.queue.put({ change: committed, enqueuedAt: world.env.now });
    world.step(r, 'queues the copy\'s update');
  }
}

/**
 * The application's queue of copy updates (async-queue): one worker takes them in order, waits
 * until each has spent `syncDelayMs` in the queue, and sends the copy's statement.
 */
export class CopyQueue {
  private readonly items: QueuedCopy[] = [];
  private wake: SimEvent<undefined> | null = null;
  /** Copy updates the worker has applied. */
  applied = 0;

  constructor(private readonly env: Environment) {}

  get length(): number {
    return this.items.length;
  }

  /** The oldest change still waiting, or null. */
  get oldest(): QueuedCopy | null {
    return this.items[0] ?? null;
  }

  put(item: QueuedCopy): void {
    this.items.push(item);
    const wake = this.wake;
    this.wake = null;
    wake?.succeed(undefined);
  }

  *worker(world: DenormWorld): ProcessGenerator<void> {
    const { env } = this;
    // A request of its own for the worker's statements (never counted as a client request).
    const self = arrivingRequest(0, 'newOrder', 0, 0, env.now, { lines: [], priceStepCents: 0 });
    for (;;) {
      if (this.items.length === 0) {
        this.wake = new SimEvent<undefined>(env);
        yield this.wake;
        continue;
      }
      const item = this.items[0]!;
      const due = item.enqueuedAt + world.params.values.syncDelayMs;
      if (due > env.now) yield env.timeout(due - env.now);
      this.items.shift();
      const r = { ...self, kind: item.change.kind, customer: 'customer' in item.change ? item.change.customer : 0, product: 'product' in item.change ? item.change.product : 0, lines: item.change.kind === 'newOrder' ? item.change.lines : [] };
      yield* statement(world, r, copyMs(r, false), () => {
        const touched = applyToCopy(world.copy!, item.change);
        world.stats.counts.copyUpdates++;
        this.applied++;
        world.env.log('queue', 'copy updated', { kind: item.change.kind, lines: touched, waitedMs: Math.round(env.now - item.enqueuedAt) });
        return copyStatements(item.change);
      });
    }
  }
}
