/** Finished requests a lab keeps for the details panel, unless it says otherwise. */
export const REMEMBERED_REQUESTS = 300;

/**
 * Finished requests remembered for the request details panel, the most recent `limit` by
 * finishing order (requests in flight are always known to the model), so the request a learner
 * just saw on screen is still there when the click reaches the worker, however fast they turn over.
 */
export class RememberedRequests<R> {
  private readonly byId = new Map<number, R>();

  constructor(private readonly limit = REMEMBERED_REQUESTS) {}

  remember(id: number, request: R): void {
    this.byId.delete(id);
    this.byId.set(id, request);
    if (this.byId.size > this.limit) this.byId.delete(this.byId.keys().next().value!);
  }

  get(id: number): R | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }
}
