/**
 * The harness's rule for issuing steps, shared by the model and the PostgreSQL runner:
 * a step whose session is busy (its earlier statement is blocked) or already has queued steps
 * waits in that session's queue. After a step has been issued and everything has settled,
 * queued steps of sessions that are free again are issued one at a time, oldest first, each
 * settling before the next, so the order of events never depends on machine speed.
 */
export class StepQueue {
  private readonly queues = new Map<string, number[]>();

  /** Should step `index` of `session` wait instead of being issued now? If so it is queued. */
  defer(session: string, index: number, busy: boolean): boolean {
    const queue = this.queues.get(session) ?? [];
    if (!busy && queue.length === 0) return false;
    queue.push(index);
    this.queues.set(session, queue);
    return true;
  }

  /** The oldest queued step of a session that is no longer busy, removed from its queue, or null. */
  nextReady(isBusy: (session: string) => boolean): { session: string; index: number } | null {
    let best: { session: string; index: number } | null = null;
    for (const [session, queue] of this.queues) {
      if (queue.length === 0 || isBusy(session)) continue;
      if (best === null || queue[0]! < best.index) best = { session, index: queue[0]! };
    }
    if (best !== null) this.queues.get(best.session)!.shift();
    return best;
  }

  queued(session: string): readonly number[] {
    return this.queues.get(session) ?? [];
  }
}
