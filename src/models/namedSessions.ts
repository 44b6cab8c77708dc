import { Resource, type Environment, type ProcessGenerator, type ResourceRequest } from '../engine';

/** A session borrowed from {@link NamedSessions}: its name and the request to give back. */
export interface SessionLease {
  name: string;
  request: ResourceRequest;
}

/**
 * A fixed set of named database sessions (S1, S2…) that application work borrows first come,
 * first served: a counted resource for the queue, plus which names are free, so a model that
 * addresses sessions by name (a model of PostgreSQL's backends, a swimlane) knows which one it got.
 * The last session given back is the next one lent.
 */
export class NamedSessions {
  private readonly pool: Resource;
  private readonly free: string[];

  constructor(
    env: Environment,
    readonly names: readonly string[],
  ) {
    this.pool = new Resource(env, names.length);
    this.free = [...names].reverse();
  }

  /** Wait for a free session (in arrival order) and take it. */
  *borrow(): ProcessGenerator<SessionLease> {
    const request = this.pool.request();
    yield request;
    return { name: this.free.pop()!, request };
  }

  giveBack(lease: SessionLease): void {
    this.free.push(lease.name);
    this.pool.release(lease.request);
  }

  /** Borrowers waiting for a session. */
  get waiting(): number {
    return this.pool.waiting;
  }

  /** Sessions lent out now. */
  get inUse(): number {
    return this.names.length - this.free.length;
  }

  isFree(name: string): boolean {
    return this.free.includes(name);
  }
}
