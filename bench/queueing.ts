/** Closed-form queueing results the benchmarks sanity-check their models against. */

/** Erlang C: probability that an arrival waits in an M/M/c queue with offered load a = λ/μ (a < c). */
export function erlangC(c: number, a: number): number {
  if (!(a < c)) return 1;
  // Erlang B by the stable recurrence, then C = B / (1 - ρ(1 - B)).
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/** Mean wait in queue (before service) for M/M/c with the given mean service time and utilisation ρ. */
export function mmcMeanWait(c: number, rho: number, meanService: number): number {
  const a = c * rho;
  // Wq = C(c, a) / (cμ − λ) with μ = 1/meanService, λ = a μ.
  return (erlangC(c, a) * meanService) / (c - a);
}
