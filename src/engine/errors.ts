/** Thrown into a process at its current `yield` when another process interrupts it. */
export class Interrupt extends Error {
  constructor(override readonly cause: unknown) {
    super(`process interrupted${cause === undefined ? '' : `: ${String(cause)}`}`);
    this.name = 'Interrupt';
  }
}

/** A resource request that was not granted within its timeout; thrown at the requester's `yield`. */
export class RequestTimeout extends Error {
  constructor(readonly waitedFor: number) {
    super(`request not granted within ${waitedFor}`);
    this.name = 'RequestTimeout';
  }
}

/** A resource request that was cancelled before it was granted. */
export class RequestCancelled extends Error {
  constructor() {
    super('request cancelled');
    this.name = 'RequestCancelled';
  }
}
