import type { SimEvent } from './event';

/**
 * Binary min-heap of events ordered by (time, rank), where `rank` combines the priority and
 * the insertion serial (see `Environment.schedule`), so equal events run first-in first-out.
 *
 * The keys live in typed arrays beside the events rather than on the events: comparisons
 * then read two monomorphic number arrays instead of fields of a dozen event classes (which
 * would make the property loads megamorphic), and sifting moves numbers, not pointers only.
 * Hand-rolled rather than generic because it is the kernel's hottest loop.
 */
export class EventHeap {
  private times = new Float64Array(64);
  private ranks = new Float64Array(64);
  private events: (SimEvent<any> | undefined)[] = [];
  private n = 0;

  /** Number of events held. */
  get size(): number {
    return this.n;
  }

  /** The first event, without removing it. */
  peek(): SimEvent<any> | undefined {
    return this.n === 0 ? undefined : this.events[0];
  }

  /** The time of the first event (Infinity when empty). */
  peekTime(): number {
    return this.n === 0 ? Infinity : this.times[0]!;
  }

  /** Add `event` with its sort keys. */
  push(event: SimEvent<any>, time: number, rank: number): void {
    if (this.n === this.times.length) this.grow();
    const times = this.times;
    const ranks = this.ranks;
    const events = this.events;
    let i = this.n++;
    // Sift up: move parents down until the hole is where the new entry belongs.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && ranks[parent]! < rank)) break;
      times[i] = pt;
      ranks[i] = ranks[parent]!;
      events[i] = events[parent];
      i = parent;
    }
    times[i] = time;
    ranks[i] = rank;
    events[i] = event;
  }

  /** Remove and return the first event. */
  pop(): SimEvent<any> | undefined {
    if (this.n === 0) return undefined;
    const times = this.times;
    const ranks = this.ranks;
    const events = this.events;
    const top = events[0];
    const n = --this.n;
    const lastTime = times[n]!;
    const lastRank = ranks[n]!;
    const last = events[n];
    events[n] = undefined; // let the collector have it
    if (n === 0) return top;
    // Sift down: move the smaller child up until the last entry fits in the hole.
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let ct = times[child]!;
      let cr = ranks[child]!;
      const right = child + 1;
      if (right < n) {
        const rt = times[right]!;
        const rr = ranks[right]!;
        if (rt < ct || (rt === ct && rr < cr)) {
          child = right;
          ct = rt;
          cr = rr;
        }
      }
      if (lastTime < ct || (lastTime === ct && lastRank < cr)) break;
      times[i] = ct;
      ranks[i] = cr;
      events[i] = events[child];
      i = child;
    }
    times[i] = lastTime;
    ranks[i] = lastRank;
    events[i] = last;
    return top;
  }

  /** Remove every event. */
  clear(): void {
    this.events.fill(undefined, 0, this.n);
    this.n = 0;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    this.times = times;
    const ranks = new Float64Array(this.ranks.length * 2);
    ranks.set(this.ranks);
    this.ranks = ranks;
  }
}
