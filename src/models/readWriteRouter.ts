import type { Environment, ProcessGenerator, Rng, SimEvent } from '../engine';
import type { ReplicaSet } from './replicaSet';
import { ReplayWaitEnded, type ReplicationNode } from './replicationNode';

/** Which healthy replica serves a read. */
export type ReadRouting = 'round-robin' | 'random' | 'least-connections' | 'lowest-lag';

/** How a session's read of its own write is kept from missing it. */
export type ReadYourWrites = 'none' | 'primary-window' | 'wait-for-lsn';

/** A `wait-for-lsn` read gives up on its replica after this long and asks the primary instead, ms. */
export const WAIT_FOR_LSN_TIMEOUT_MS = 1000;

/** The router's settings, read at each request (so they may change live). */
export interface RouterSettings {
  routing(): ReadRouting;
  readYourWrites(): ReadYourWrites;
  /** With `primary-window`: how long after its commit a session's reads go to the primary, ms. */
  primaryWindowMs(): number;
}

/** The session's own last write, for read-your-writes. */
export interface SessionWrite {
  lsn: number;
  /** Simulated ms at which its client heard "committed". */
  committedAt: number;
}

/**
 * How a read's wait for its write's LSN on a replica ended: applied; timed out (the router then
 * asks the primary); or ended early (`why`), with the replica stopped (the read's connection is
 * gone) or still running but on a timeline that will never hold the LSN (the router asks the new
 * primary).
 */
export type LsnWait = { outcome: 'applied' } | { outcome: 'timed-out' } | { outcome: 'ended'; why: string; nodeStopped: boolean };

/** Where a read goes, and why, in words for the request's story. */
export interface ReadRoute {
  node: ReplicationNode;
  why: string;
}

/**
 * A read/write-splitting router in front of a replica set: writes go to the primary; reads to a
 * replica the health checks have not marked down, chosen by the routing policy, unless a
 * read-your-writes rule sends a session's read of its own write to the primary (a window after
 * the write) or makes it wait on the replica for the write's LSN.
 */
export class ReadWriteRouter {
  private roundRobin = 0;

  constructor(
    private readonly env: Environment,
    /** Draws for the `random` policy. */
    private readonly rng: Rng,
    private readonly set: ReplicaSet,
    private readonly settings: RouterSettings,
  ) {}

  /** Writes always go to the primary. */
  routeWrite(): ReplicationNode {
    return this.set.primary;
  }

  /** Which node serves a read; `own` is the session's write it must see, if any. */
  routeRead(own: SessionWrite | null): ReadRoute {
    const { env, set, settings } = this;
    if (own && settings.readYourWrites() === 'primary-window' && env.now - own.committedAt < settings.primaryWindowMs()) {
      return { node: set.primary, why: `to the primary: within ${settings.primaryWindowMs()} ms of this session's write (primary window)` };
    }
    const candidates = set.followers().filter((n) => n.routerUp);
    if (candidates.length === 0) return { node: set.primary, why: 'to the primary: no replica is marked up' };
    const policy = settings.routing();
    const chosen = this.pick(policy, candidates);
    return { node: chosen, why: `to ${chosen.id} (${policy})` };
  }

  private pick(policy: ReadRouting, candidates: ReplicationNode[]): ReplicationNode {
    switch (policy) {
      case 'random':
        return this.rng.pick(candidates);
      case 'least-connections':
        return candidates.reduce((a, b) => (b.readsInFlight < a.readsInFlight ? b : a));
      case 'lowest-lag': {
        const lags = candidates.map((n) => n.lagMsNow(this.env.now));
        const best = Math.min(...lags);
        const tied = candidates.filter((_, i) => lags[i] === best);
        return tied[this.roundRobin++ % tied.length]!;
      }
      default:
        return candidates[this.roundRobin++ % candidates.length]!;
    }
  }

  /** Whether a read of the session's own write must first wait on `node` for its LSN (`wait-for-lsn`). */
  mustWaitForLsn(own: SessionWrite | null, node: ReplicationNode): own is SessionWrite {
    return own !== null && this.settings.readYourWrites() === 'wait-for-lsn' && node.role === 'replica' && node.applied < own.lsn && node.up;
  }

  /**
   * Wait (at most `WAIT_FOR_LSN_TIMEOUT_MS`) for `node` to apply `lsn`. The wait ends early, without
   * it, when the node stops, is promoted, or follows a new primary whose timeline ends before
   * `lsn`; a primary that merely stopped does not end it (the replica keeps waiting).
   */
  *waitForLsn(node: ReplicationNode, lsn: number): ProcessGenerator<LsnWait> {
    const applied = node.waitForReplay(lsn);
    const timeout = this.env.timeout(WAIT_FOR_LSN_TIMEOUT_MS);
    try {
      const outcome = (yield this.env.anyOf([applied, timeout])) as Map<SimEvent<unknown>, unknown>;
      return outcome.has(applied) ? { outcome: 'applied' } : { outcome: 'timed-out' };
    } catch (error) {
      if (!(error instanceof ReplayWaitEnded)) throw error;
      return { outcome: 'ended', why: error.message, nodeStopped: error.nodeStopped };
    }
  }
}
