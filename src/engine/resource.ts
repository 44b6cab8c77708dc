import { SimEvent, type Timeout } from './event';
import type { Environment } from './environment';
import { RequestCancelled, RequestTimeout } from './errors';

/** A claim on one unit of a {@link Resource}; yield it to wait until it is granted. */
export class ResourceRequest extends SimEvent<ResourceRequest> {
  /** Simulated time the request was made. */
  readonly requestedAt: number;
  /** Simulated time it was granted, or NaN while waiting or if it never was. */
  grantedAt = NaN;
  /** 'waiting' → 'granted' → 'released', or 'waiting' → 'timedOut' | 'cancelled'. */
  state: 'waiting' | 'granted' | 'released' | 'timedOut' | 'cancelled' = 'waiting';
  /** @internal the timer that expires this request, if it has a timeout */
  timer: Timeout | null = null;

  /** Made by {@link Resource.request}; not meant to be constructed directly. */
  constructor(readonly resource: Resource) {
    super(resource.env);
    this.requestedAt = resource.env.now;
  }

  /** How long the request waited (until granted, or until now while waiting). */
  get waited(): number {
    return (Number.isNaN(this.grantedAt) ? this.env.now : this.grantedAt) - this.requestedAt;
  }

  /** Withdraw a waiting request (it fails with {@link RequestCancelled}) or release a granted one. */
  override cancel(): void {
    this.resource.cancel(this);
  }
}

/** Options for {@link Resource.request}. */
export interface RequestOptions {
  /** Give up after this long: the request fails with {@link RequestTimeout}. 0 or omitted: wait forever. */
  timeout?: number;
}

/**
 * A counted resource (SimPy's `Resource`): `capacity` units, waiters served strictly
 * first come, first served. A connection pool, database cores and locks are built on it.
 */
export class Resource {
  private usersCount = 0;
  /**
   * FIFO of waiting requests in `queue[head, tail)`; withdrawn ones are removed lazily
   * (`head` skips them). Served slots are cleared so that finished requests can be
   * collected young, and the array is reused from the start whenever it drains.
   */
  private queue: (ResourceRequest | undefined)[] = [];
  private head = 0;
  private tail = 0;
  private waitingCount = 0;

  /**
   * @param env the environment whose events the requests are
   * @param cap the number of units (a non-negative integer; see {@link setCapacity})
   */
  constructor(
    readonly env: Environment,
    private cap: number,
  ) {
    if (!(Number.isInteger(cap) && cap >= 0)) throw new RangeError(`capacity must be a non-negative integer, got ${cap}`);
  }

  /** Units available in total. */
  get capacity(): number {
    return this.cap;
  }

  /** Units currently granted. */
  get inUse(): number {
    return this.usersCount;
  }

  /** Requests waiting to be granted. */
  get waiting(): number {
    return this.waitingCount;
  }

  /** Ask for one unit. Granted at once (as an event at the current time) if one is free and nobody waits. */
  request(options?: RequestOptions): ResourceRequest {
    const request = new ResourceRequest(this);
    if (this.usersCount < this.cap && this.waitingCount === 0) {
      this.grant(request);
      return request;
    }
    this.queue[this.tail++] = request;
    this.waitingCount++;
    const timeout = options?.timeout ?? 0;
    if (timeout > 0 && timeout !== Infinity) {
      const timer = this.env.timeout(timeout);
      request.timer = timer;
      timer.addCallback(() => {
        if (request.state !== 'waiting') return;
        this.withdraw(request, 'timedOut');
        // Defused: giving up is an outcome, not a crash, even when nobody waits any more
        // (a waiter that yields the request still gets RequestTimeout thrown).
        request.defused = true;
        request.fail(new RequestTimeout(timeout));
      });
    }
    return request;
  }

  /** Return a granted unit; the longest waiter (if any) gets it. */
  release(request: ResourceRequest): void {
    if (request.resource !== this) throw new Error('request belongs to another resource');
    if (request.state !== 'granted') throw new Error(`cannot release a request that is ${request.state}`);
    request.state = 'released';
    this.usersCount--;
    this.grantWaiters();
  }

  /** Change the capacity; extra waiters are granted at once. Shrinking never takes units back. */
  setCapacity(capacity: number): void {
    if (!(Number.isInteger(capacity) && capacity >= 0)) throw new RangeError(`capacity must be a non-negative integer, got ${capacity}`);
    this.cap = capacity;
    this.grantWaiters();
  }

  /** @internal see {@link ResourceRequest.cancel} */
  cancel(request: ResourceRequest): void {
    if (request.state === 'granted') this.release(request);
    else if (request.state === 'waiting') {
      this.withdraw(request, 'cancelled');
      request.defused = true;
      request.fail(new RequestCancelled());
    }
  }

  private withdraw(request: ResourceRequest, state: 'timedOut' | 'cancelled'): void {
    request.state = state;
    this.waitingCount--;
    request.timer?.cancel();
    request.timer = null;
  }

  private grant(request: ResourceRequest): void {
    request.state = 'granted';
    request.grantedAt = this.env.now;
    this.usersCount++;
    request.succeed(request);
  }

  private grantWaiters(): void {
    const queue = this.queue;
    while (this.usersCount < this.cap && this.head < this.tail) {
      const next = queue[this.head]!;
      queue[this.head++] = undefined;
      if (next.state !== 'waiting') continue;
      this.waitingCount--;
      next.timer?.cancel();
      next.timer = null;
      this.grant(next);
    }
    if (this.head === this.tail) {
      this.head = this.tail = 0;
    } else if (this.head > 1024 && this.head * 2 > this.tail) {
      // Never drained for long: move the live part to the front.
      queue.copyWithin(0, this.head, this.tail);
      queue.fill(undefined, this.tail - this.head, this.tail);
      this.tail -= this.head;
      this.head = 0;
    }
  }
}
