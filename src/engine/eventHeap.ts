import type { SimEvent } from './event';

/**
 * A first-in first-out run of events that all fall at one instant: the zero-delay events
 * of one priority. Events scheduled at the current time in insertion order are already
 * sorted, so they need no heap; the array is reused once drained (the clock cannot move
 * on while a lane holds events, so a lane drains at every instant).
 */
class Lane {
  private events: (SimEvent<any> | undefined)[] = [];
  private ranks = new Float64Array(64);
  private head = 0;
  private tail = 0;
  /** The time of every event in the lane. */
  time = 0;

  /** Events held. */
  get size(): number {
    return this.tail - this.head;
  }

  /** The rank of the first event (the lane must not be empty). */
  headRank(): number {
    return this.ranks[this.head]!;
  }

  /** The first event (the lane must not be empty). */
  peek(): SimEvent<any> {
    return this.events[this.head]!;
  }

  /** Append an event at the lane's time, with a rank above every rank held. */
  push(event: SimEvent<any>, time: number, rank: number): void {
    if (this.tail === this.ranks.length) {
      const ranks = new Float64Array(this.ranks.length * 2);
      ranks.set(this.ranks);
      this.ranks = ranks;
    }
    this.time = time;
    this.events[this.tail] = event;
    this.ranks[this.tail++] = rank;
  }

  /** Remove and return the first event (the lane must not be empty). */
  shift(): SimEvent<any> {
    const event = this.events[this.head]!;
    this.events[this.head++] = undefined; // let the collector have it
    if (this.head === this.tail) this.head = this.tail = 0;
    return event;
  }

  /** Remove every event. */
  clear(): void {
    this.events.fill(undefined, this.head, this.tail);
    this.head = this.tail = 0;
  }
}

/** Where the next event comes from (STALE: not known since the last change). */
const STALE = -2;
const EMPTY = -1;
const FROM_HEAP = 0;
const FROM_URGENT = 1;
const FROM_NORMAL = 2;

/**
 * The kernel's agenda: events ordered by (time, rank), where `rank` folds the priority and
 * the insertion serial together (see `Environment.schedule`), so equal events run first-in
 * first-out.
 *
 * Two parts. Events in the future go to a binary min-heap whose keys live in typed arrays
 * beside the events rather than on them: comparisons then read two monomorphic number
 * arrays instead of fields of a dozen event classes (which would make the loads
 * megamorphic). Events scheduled *now* with no delay — process starts, grants, succeeded
 * signals, about half of all events — are already in order, so they go to one FIFO lane per
 * priority (URGENT, NORMAL) at O(1); `pop` merges the heap top and the lane heads.
 * Hand-rolled rather than generic because it is the kernel's hottest loop.
 */
export class EventHeap {
  private times = new Float64Array(64);
  private ranks = new Float64Array(64);
  private events: (SimEvent<any> | undefined)[] = [];
  private n = 0;
  private readonly urgent = new Lane();
  private readonly normal = new Lane();
  /** Cached result of `select`: the run loop peeks, reads the time, then pops the same event. */
  private from = STALE;

  /** Number of events held. */
  get size(): number {
    return this.n + this.urgent.size + this.normal.size;
  }

  /** The first event, without removing it. */
  peek(): SimEvent<any> | undefined {
    switch (this.from === STALE ? (this.from = this.select()) : this.from) {
      case FROM_HEAP:
        return this.events[0];
      case FROM_URGENT:
        return this.urgent.peek();
      case FROM_NORMAL:
        return this.normal.peek();
      default:
        return undefined;
    }
  }

  /** The time of the first event (Infinity when empty). */
  peekTime(): number {
    switch (this.from === STALE ? (this.from = this.select()) : this.from) {
      case FROM_HEAP:
        return this.times[0]!;
      case FROM_URGENT:
        return this.urgent.time;
      case FROM_NORMAL:
        return this.normal.time;
      default:
        return Infinity;
    }
  }

  /**
   * Add `event` with its sort keys. `lane` is 0 (URGENT) or 1 (NORMAL) for an event at the
   * current time with no delay, whose rank is then above every rank in that lane; -1 otherwise.
   */
  push(event: SimEvent<any>, time: number, rank: number, lane: number): void {
    this.from = STALE;
    if (lane === 0) this.urgent.push(event, time, rank);
    else if (lane === 1) this.normal.push(event, time, rank);
    else this.heapPush(event, time, rank);
  }

  /** Remove and return the first event. */
  pop(): SimEvent<any> | undefined {
    const from = this.from === STALE ? this.select() : this.from;
    this.from = STALE;
    switch (from) {
      case FROM_HEAP:
        return this.heapPop();
      case FROM_URGENT:
        return this.urgent.shift();
      case FROM_NORMAL:
        return this.normal.shift();
      default:
        return undefined;
    }
  }

  /** Remove every event. */
  clear(): void {
    this.from = STALE;
    this.events.fill(undefined, 0, this.n);
    this.n = 0;
    this.urgent.clear();
    this.normal.clear();
  }

  /**
   * Which part holds the first event. Lane events are at the current time, which no heap
   * event precedes, so the heap wins only with an equal time and a lower rank; and an urgent
   * lane head always precedes a normal one (same time, lower priority).
   */
  private select(): number {
    const lane = this.urgent.size > 0 ? this.urgent : this.normal.size > 0 ? this.normal : null;
    if (lane === null) return this.n > 0 ? FROM_HEAP : EMPTY;
    if (this.n > 0) {
      const t = this.times[0]!;
      if (t < lane.time || (t === lane.time && this.ranks[0]! < lane.headRank())) return FROM_HEAP;
    }
    return lane === this.urgent ? FROM_URGENT : FROM_NORMAL;
  }

  private heapPush(event: SimEvent<any>, time: number, rank: number): void {
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

  private heapPop(): SimEvent<any> | undefined {
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

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    this.times = times;
    const ranks = new Float64Array(this.ranks.length * 2);
    ranks.set(this.ranks);
    this.ranks = ranks;
  }
}
