import { SimEvent, type Environment, type Timeout } from '../engine';

/** A physical connection to the database. */
export interface Connection {
  id: number;
  state: 'opening' | 'idle' | 'busy' | 'leaked' | 'closed';
  openedAt: number;
  /** When it last became idle (for the idle timeout). */
  idleSince: number;
  /** When the current borrower took it. */
  borrowedAt: number;
  /** Past its max lifetime: close it as soon as it is idle. */
  retiring: boolean;
  /** Leak detection has already reported this borrow. */
  leakReported: boolean;
}

/** Why a borrow failed. */
export class BorrowError extends Error {
  constructor(
    readonly reason: 'timeout' | 'too-many-clients',
    message: string,
  ) {
    super(message);
    this.name = 'BorrowError';
  }
}

/** The database side of connection setup: counts server connections and refuses past the limit. */
export interface ConnectionServer {
  /** Try to reserve a server connection; false when the server is at max_connections. */
  tryAccept(): boolean;
  /** Give a server connection back. */
  release(): void;
}

/** Pool settings, as in HikariCP (times in ms; 0 disables a timeout). */
export interface PoolSettings {
  min: number;
  max: number;
  borrowTimeoutMs: number;
  connectMs: number;
  idleTimeoutMs: number;
  maxLifetimeMs: number;
  leakDetectionMs: number;
  /**
   * Most connections kept idle (Go's SetMaxIdleConns): one given back when this many are idle is
   * closed at once, so a burst beyond it reopens connections. 0 or absent: no cap.
   */
  maxIdle?: number;
}

/** Why the pool closed a connection. */
export type CloseReason = 'idle-timeout' | 'idle-limit' | 'max-lifetime' | 'shrink';

/** Observers of pool events, for statistics and the event log. */
export interface PoolListener {
  onOpened?(c: Connection): void;
  onClosed?(c: Connection, why: CloseReason): void;
  onOpenFailed?(message: string): void;
  onLeakSuspected?(c: Connection, heldMs: number): void;
  onChange?(): void;
}

interface Waiter {
  event: SimEvent<Connection>;
  timer: Timeout | null;
  active: boolean;
}

/** PostgreSQL's refusal past max_connections (SQLSTATE 53300). */
export const TOO_MANY_CLIENTS = 'FATAL: sorry, too many clients already (SQLSTATE 53300)';

/**
 * A connection pool modelled on HikariCP: borrowers wait first come, first served, up to a
 * borrow timeout; the pool opens connections up to `max` when borrowers wait and keeps at
 * least `min`; idle connections above `min` retire after the idle timeout; a connection past
 * its lifetime retires when it is next idle, never while in use; with an idle cap (Go's
 * SetMaxIdleConns) one given back beyond it is closed at once; a leaked connection (never
 * returned) keeps its slot for good; leak detection only reports.
 */
export class ConnectionPool {
  readonly connections: Connection[] = [];
  private readonly idle: Connection[] = [];
  private readonly waiters: Waiter[] = [];
  private waitingCount = 0;
  private nextId = 1;
  private opening = 0;
  private busy = 0;
  private leaked = 0;

  constructor(
    private readonly env: Environment,
    private settings: PoolSettings,
    private readonly server: ConnectionServer,
    private readonly listener: PoolListener = {},
  ) {}

  /** Open `min` connections now (the pool's start-up fill). */
  start(): void {
    this.fill();
  }

  /** Connections that count against `max`: opening, idle, busy and leaked. */
  get total(): number {
    return this.connections.length;
  }
  get idleCount(): number {
    return this.idle.length;
  }
  /** Borrowed and not yet given back (leaked ones excluded). */
  get inUse(): number {
    return this.busy;
  }
  get leakedCount(): number {
    return this.leaked;
  }
  get openingCount(): number {
    return this.opening;
  }
  get waiting(): number {
    return this.waitingCount;
  }

  /**
   * Borrow a connection. The event succeeds with it, or fails with {@link BorrowError}
   * after the borrow timeout.
   */
  borrow(): SimEvent<Connection> {
    const event = new SimEvent<Connection>(this.env);
    if (this.waitingCount === 0 && this.idle.length > 0) {
      event.succeed(this.checkOut(this.idle.pop()!));
      return event;
    }
    const waiter: Waiter = { event, timer: null, active: true };
    this.waiters.push(waiter);
    this.waitingCount++;
    const timeout = this.settings.borrowTimeoutMs;
    if (timeout > 0) {
      const timer = this.env.timeout(timeout);
      timer.callbacks!.push(() => {
        if (!waiter.active) return;
        waiter.active = false;
        this.waitingCount--;
        event.fail(
          new BorrowError(
            'timeout',
            `timed out after ${timeout} ms waiting for a connection (${this.total} of ${this.settings.max} open, ${this.inUse} in use, ${this.leakedCount} leaked, ${this.waitingCount} still waiting)`,
          ),
        );
        this.listener.onChange?.();
      });
      waiter.timer = timer;
    }
    this.grow();
    this.listener.onChange?.();
    return event;
  }

  /** Give a borrowed connection back. */
  giveBack(c: Connection): void {
    if (c.state !== 'busy') throw new Error(`connection ${c.id} is ${c.state}, not borrowed`);
    this.busy--;
    this.makeAvailable(c);
  }

  /** The borrower lost the connection: it is never returned and keeps its slot. */
  leak(c: Connection): void {
    if (c.state !== 'busy') throw new Error(`connection ${c.id} is ${c.state}, not borrowed`);
    c.state = 'leaked';
    this.busy--;
    this.leaked++;
    this.listener.onChange?.();
  }

  /** Apply new settings (sliders, scripted events) without losing the pool. */
  update(settings: PoolSettings): void {
    this.settings = settings;
    while (this.total > settings.max && this.idle.length > 0) this.close(this.idle[0]!, 'shrink');
    while (this.overIdleCap(this.idle.length - 1)) this.close(this.idle[0]!, 'idle-limit');
    this.fill();
    this.grow();
    this.listener.onChange?.();
  }

  private checkOut(c: Connection): Connection {
    c.state = 'busy';
    this.busy++;
    c.borrowedAt = this.env.now;
    c.leakReported = false;
    const detect = this.settings.leakDetectionMs;
    if (detect > 0) {
      const borrowedAt = c.borrowedAt;
      const timer = this.env.timeout(detect);
      timer.callbacks!.push(() => {
        if ((c.state === 'busy' || c.state === 'leaked') && c.borrowedAt === borrowedAt && !c.leakReported) {
          c.leakReported = true;
          this.listener.onLeakSuspected?.(c, this.env.now - borrowedAt);
        }
      });
    }
    this.listener.onChange?.();
    return c;
  }

  /** A connection is free (just opened or given back): hand it to the longest waiter, or idle it. */
  private makeAvailable(c: Connection): void {
    if (c.retiring) {
      this.close(c, 'max-lifetime');
      this.fill();
      this.grow();
      return;
    }
    while (this.waiters.length > 0) {
      const waiter = this.waiters.shift()!;
      if (!waiter.active) continue;
      waiter.active = false;
      this.waitingCount--;
      waiter.timer?.cancel();
      waiter.event.succeed(this.checkOut(c));
      return;
    }
    if (this.overIdleCap(this.idle.length)) {
      this.close(c, 'idle-limit');
      return;
    }
    c.state = 'idle';
    c.idleSince = this.env.now;
    this.idle.push(c);
    this.scheduleIdleTimeout(c);
    this.listener.onChange?.();
  }

  /** Whether `idleCount` idle connections already fill the idle cap (the minimum is still kept). */
  private overIdleCap(idleCount: number): boolean {
    const cap = this.settings.maxIdle ?? 0;
    return cap > 0 && idleCount >= cap && this.total > this.settings.min;
  }

  private scheduleIdleTimeout(c: Connection): void {
    const idleTimeout = this.settings.idleTimeoutMs;
    if (idleTimeout <= 0) return;
    const since = c.idleSince;
    const timer = this.env.timeout(idleTimeout);
    timer.callbacks!.push(() => {
      if (c.state !== 'idle' || c.idleSince !== since) return;
      if (this.total <= this.settings.min) return;
      this.close(c, 'idle-timeout');
    });
  }

  private close(c: Connection, why: CloseReason): void {
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    this.connections.splice(this.connections.indexOf(c), 1);
    c.state = 'closed';
    this.server.release();
    this.listener.onClosed?.(c, why);
    this.listener.onChange?.();
  }

  /** Keep at least `min` connections. */
  private fill(): void {
    while (this.total < this.settings.min) if (!this.open()) return;
  }

  /** Open connections for waiters not already covered by connections being opened. */
  private grow(): void {
    while (this.waitingCount > this.opening && this.total < this.settings.max) if (!this.open()) return;
  }

  /** Start opening one connection; false if the database refused it. */
  private open(): boolean {
    if (!this.server.tryAccept()) {
      this.listener.onOpenFailed?.(TOO_MANY_CLIENTS);
      return false;
    }
    const c: Connection = {
      id: this.nextId++,
      state: 'opening',
      openedAt: NaN,
      idleSince: NaN,
      borrowedAt: NaN,
      retiring: false,
      leakReported: false,
    };
    this.connections.push(c);
    this.opening++;
    const opened = () => {
      this.opening--;
      c.openedAt = this.env.now;
      this.listener.onOpened?.(c);
      this.scheduleLifetime(c);
      this.makeAvailable(c);
    };
    if (this.settings.connectMs > 0) this.env.timeout(this.settings.connectMs).callbacks!.push(opened);
    else opened();
    this.listener.onChange?.();
    return true;
  }

  private scheduleLifetime(c: Connection): void {
    const lifetime = this.settings.maxLifetimeMs;
    if (lifetime <= 0) return;
    this.env.timeout(lifetime).callbacks!.push(() => {
      if (c.state === 'closed' || c.state === 'leaked') return;
      if (c.state === 'idle') {
        this.close(c, 'max-lifetime');
        this.fill();
        this.grow();
      } else c.retiring = true;
    });
  }
}
