import { SimEvent } from './event';
import type { Environment } from './environment';

/**
 * A FIFO queue of items between processes (SimPy's `Store`): `put` waits while the store
 * is full, `get` waits while it is empty. Getters and putters are served in arrival order.
 */
export class Store<T> {
  private readonly items: T[] = [];
  private readonly getters: SimEvent<T>[] = [];
  private readonly putters: { event: SimEvent<undefined>; item: T }[] = [];

  /**
   * @param env the environment whose events `put` and `get` return
   * @param capacity maximum items held; default unbounded
   */
  constructor(
    readonly env: Environment,
    /** Maximum items held; default unbounded. */
    readonly capacity = Infinity,
  ) {
    if (!(capacity > 0)) throw new RangeError(`capacity must be positive, got ${capacity}`);
  }

  /** Items currently held. */
  get size(): number {
    return this.items.length;
  }

  /** Processes waiting to get an item. */
  get waitingGetters(): number {
    return this.getters.length;
  }

  /** A read-only view of the items, oldest first. */
  peekAll(): readonly T[] {
    return this.items;
  }

  /** Add an item; the event fires once it is in the store. */
  put(item: T): SimEvent<undefined> {
    const event = new SimEvent<undefined>(this.env);
    this.putters.push({ event, item });
    this.settle();
    return event;
  }

  /** Take the oldest item; the event's value is the item. */
  get(): SimEvent<T> {
    const event = new SimEvent<T>(this.env);
    this.getters.push(event);
    this.settle();
    return event;
  }

  /** Withdraw a pending `get` (for example after a timeout won a race); returns whether it was pending. */
  cancelGet(event: SimEvent<T>): boolean {
    const i = this.getters.indexOf(event);
    if (i < 0) return false;
    this.getters.splice(i, 1);
    return true;
  }

  private settle(): void {
    for (;;) {
      let progressed = false;
      while (this.putters.length > 0 && this.items.length < this.capacity) {
        const { event, item } = this.putters.shift()!;
        this.items.push(item);
        event.succeed(undefined);
        progressed = true;
      }
      while (this.getters.length > 0 && this.items.length > 0) {
        this.getters.shift()!.succeed(this.items.shift()!);
        progressed = true;
      }
      if (!progressed) return;
    }
  }
}
