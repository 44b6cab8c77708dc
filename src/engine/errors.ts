/** Thrown into a process at its current `yield` when another process interrupts it. */
export class Interrupt extends Error {
  /** @param cause what the interrupter passed to `Process.interrupt` (any value; kept as `cause`) */
  constructor(override readonly cause: unknown) {
    super(`process interrupted${cause === undefined ? '' : `: ${String(cause)}`}`);
    this.name = 'Interrupt';
  }
}

/** A resource request that was not granted within its timeout; thrown at the requester's `yield`. */
export class RequestTimeout extends Error {
  /** @param waitedFor the request's timeout: how long it waited before giving up */
  constructor(readonly waitedFor: number) {
    super(`request not granted within ${waitedFor}`);
    this.name = 'RequestTimeout';
  }
}

/** A resource request that was cancelled before it was granted. */
export class RequestCancelled extends Error {
  /** Created by `Resource` when a waiting request is cancelled. */
  constructor() {
    super('request cancelled');
    this.name = 'RequestCancelled';
  }
}
