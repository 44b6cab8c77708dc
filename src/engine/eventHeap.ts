import type { SimEvent } from './event';

/** True when `a` must be processed before `b`: earlier time, then lower priority, then earlier insertion. */
function before(a: SimEvent<any>, b: SimEvent<any>): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.serial < b.serial;
}

/**
 * Binary min-heap of events ordered by (time, priority, serial).
 * Hand-rolled rather than generic because it is the kernel's hottest loop.
 */
export class EventHeap {
  private items: SimEvent<any>[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): SimEvent<any> | undefined {
    return this.items[0];
  }

  push(event: SimEvent<any>): void {
    const items = this.items;
    let i = items.length;
    items.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!before(event, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = event;
  }

  pop(): SimEvent<any> | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(items[right]!, items[left]!)) child = right;
      if (!before(items[child]!, last)) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }

  clear(): void {
    this.items.length = 0;
  }
}
