/** The M/M/c model both engines run in the throughput benchmark. */
export interface MmcParams {
  /** Servers. */
  servers: number;
  /** Utilisation ρ = λ / (c μ). */
  utilisation: number;
  /** Mean service time (time units are arbitrary; think milliseconds). */
  meanService: number;
  /** Customers to generate; the run ends when all of them have been served. */
  customers: number;
  seed: number;
}

export interface MmcResult {
  /** Customers that finished service (must equal `customers`). */
  completed: number;
  /** Mean time spent waiting for a server. */
  meanWait: number;
  /** Half-width of a 95% batch-means confidence interval for the mean wait. */
  meanWaitHalfWidth: number;
  /** Simulated time at the end of the run. */
  endTime: number;
}

export function meanInterarrival(p: MmcParams): number {
  return p.meanService / (p.servers * p.utilisation);
}

const BATCHES = 20;
/** Student t, 97.5% quantile, 19 degrees of freedom (BATCHES − 1). */
const T_975_19 = 2.093;

/**
 * Waits in order of service start, split into 20 consecutive batches; the batch means give a
 * confidence interval that respects the strong autocorrelation of waits at high utilisation.
 */
export class WaitStats {
  private readonly sums = new Float64Array(BATCHES);
  private readonly counts = new Float64Array(BATCHES);
  private n = 0;

  constructor(private readonly expected: number) {}

  add(wait: number): void {
    const batch = Math.min(BATCHES - 1, Math.floor((this.n++ * BATCHES) / this.expected));
    this.sums[batch]! += wait;
    this.counts[batch]!++;
  }

  result(completed: number, endTime: number): MmcResult {
    let total = 0;
    for (let i = 0; i < BATCHES; i++) total += this.sums[i]!;
    const mean = this.n === 0 ? NaN : total / this.n;
    let ss = 0;
    let k = 0;
    for (let i = 0; i < BATCHES; i++) {
      if (this.counts[i]! === 0) continue;
      const m = this.sums[i]! / this.counts[i]!;
      ss += (m - mean) ** 2;
      k++;
    }
    const halfWidth = k < 2 ? NaN : (T_975_19 * Math.sqrt(ss / (k - 1))) / Math.sqrt(k);
    return { completed, meanWait: mean, meanWaitHalfWidth: halfWidth, endTime };
  }
}
