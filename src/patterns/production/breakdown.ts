import { PART_NAMES, REQUEST_KINDS, noParts, type LatencyParts, type RequestKind } from './request';

/**
 * The latency breakdown: per request type, the sum of each part of every ended request's time
 * (completed or failed, as the latency histogram counts them), so the mean of each part over all
 * requests adds up to the mean latency.
 */
export class LatencyBreakdown {
  private readonly sums = new Map<RequestKind, LatencyParts>();
  private readonly counts = new Map<RequestKind, number>();

  constructor() {
    this.reset();
  }

  record(kind: RequestKind, parts: LatencyParts): void {
    const sum = this.sums.get(kind)!;
    for (const name of PART_NAMES) sum[name] += parts[name];
    this.counts.set(kind, this.counts.get(kind)! + 1);
  }

  /** Requests of this type (all types if none given) recorded since the last reset. */
  count(kind?: RequestKind): number {
    if (kind !== undefined) return this.counts.get(kind)!;
    let n = 0;
    for (const k of REQUEST_KINDS) n += this.counts.get(k)!;
    return n;
  }

  /** Mean of each part per request of this type (all types if none given), ms. */
  mean(kind?: RequestKind): LatencyParts {
    const out = noParts();
    const kinds = kind === undefined ? REQUEST_KINDS : [kind];
    const n = this.count(kind);
    if (n === 0) return out;
    for (const k of kinds) {
      const sum = this.sums.get(k)!;
      for (const name of PART_NAMES) out[name] += sum[name];
    }
    for (const name of PART_NAMES) out[name] /= n;
    return out;
  }

  reset(): void {
    for (const k of REQUEST_KINDS) {
      this.sums.set(k, noParts());
      this.counts.set(k, 0);
    }
  }
}
