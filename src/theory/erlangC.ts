/**
 * Steady-state figures of an M/M/c queue (Poisson arrivals, exponential service, c servers,
 * unlimited patience), from the Erlang C formula. Used as ground truth by the fidelity tests
 * and drawn as reference lines in the labs.
 */
export interface MMcTheory {
  /** Offered load per server, ρ = λ/(cμ). */
  utilization: number;
  /** Probability that an arrival finds every server busy and must wait (Erlang C). */
  waitProbability: number;
  /** Mean wait in queue, in the unit of `meanService`. */
  meanWait: number;
  /** Mean number waiting (Lq). */
  meanInQueue: number;
  /** Mean number in the system (L = Lq + a). */
  meanInSystem: number;
  /** Mean time in system (W = Wq + 1/μ). */
  meanSojourn: number;
}

/**
 * Erlang C: the probability of waiting in an M/M/c queue with offered load `a` = λ/μ
 * Erlangs. Computed through the Erlang B recursion, which is stable for large c.
 */
export function erlangC(c: number, a: number): number {
  if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`c must be a positive integer, got ${c}`);
  if (a >= c) return 1;
  let b = 1; // Erlang B with 0 servers
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho + rho * b);
}

/** All M/M/c steady-state figures; `null` when the queue is unstable (ρ ≥ 1). */
export function mmcTheory(c: number, arrivalRate: number, meanService: number): MMcTheory | null {
  const a = arrivalRate * meanService;
  const rho = a / c;
  if (rho >= 1) return null;
  const pw = erlangC(c, a);
  const meanWait = (pw * meanService) / (c - a);
  const meanInQueue = arrivalRate * meanWait;
  return {
    utilization: rho,
    waitProbability: pw,
    meanWait,
    meanInQueue,
    meanInSystem: meanInQueue + a,
    meanSojourn: meanWait + meanService,
  };
}
