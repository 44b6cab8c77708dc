import type { ConnectionServer } from './connectionPool';

/**
 * The database side of connections: PostgreSQL's `max_connections`. It counts open server
 * connections (one backend process each), refuses past the limit, and remembers the peak. A
 * connection pool opens through it, and so does a client without a pool (one per request).
 */
export class ServerConnections implements ConnectionServer {
  private openCount = 0;
  private peakCount = 0;

  /** `limit` is read at each attempt, so a live change of max_connections applies to the next one. */
  constructor(private readonly limit: () => number) {}

  /** Server connections open now. */
  get open(): number {
    return this.openCount;
  }

  /** Most server connections open at once since the start (or the last `resetPeak`). */
  get peak(): number {
    return this.peakCount;
  }

  tryAccept(): boolean {
    if (this.openCount >= this.limit()) return false;
    this.openCount++;
    this.peakCount = Math.max(this.peakCount, this.openCount);
    return true;
  }

  release(): void {
    this.openCount--;
  }

  /** Start measuring the peak again from the connections open now (end of a warm-up). */
  resetPeak(): void {
    this.peakCount = this.openCount;
  }
}
