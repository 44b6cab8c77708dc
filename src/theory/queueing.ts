/**
 * Exact results of queueing theory, the ground truth the fidelity tests compare the
 * simulator with (DESIGN.md §6). Rates are per time unit; any time unit works if it is
 * used throughout.
 *
 * Notation: c servers, arrival rate λ, mean service time 1/μ, offered load a = λ/μ
 * (in Erlangs), utilisation ρ = a/c.
 */
import { exp } from '../engine/portableMath';

/**
 * Erlang B: the blocking probability of an M/M/c/c loss system with offered load `a`.
 * Computed by the stable recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)).
 */
export function erlangB(c: number, a: number): number {
  if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`c must be a positive integer, got ${c}`);
  if (!(a >= 0)) throw new RangeError(`offered load must be non-negative, got ${a}`);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang C: the probability that an arrival to an M/M/c queue has to wait (all c servers
 * busy), for offered load `a` = λ/μ < c. From Erlang B: C = B / (1 − ρ(1 − B)).
 */
export function erlangC(c: number, a: number): number {
  if (!(a < c)) throw new RangeError(`an M/M/c queue needs a < c to be stable, got a=${a}, c=${c}`);
  const b = erlangB(c, a);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/** Steady-state figures of an M/M/c queue. */
export interface MmcFigures {
  /** ρ = λ / (cμ). */
  utilization: number;
  /** Probability that an arrival waits (Erlang C). */
  waitProbability: number;
  /** Mean wait in queue, Wq = C / (cμ − λ). */
  meanWait: number;
  /** Mean time in system, W = Wq + 1/μ. */
  meanSojourn: number;
  /** Mean number waiting, Lq = λ Wq (Little). */
  meanInQueue: number;
  /** Mean number in system, L = λ W (Little). */
  meanInSystem: number;
}

/** M/M/c with arrival rate `lambda` and mean service time `meanService`. */
export function mmc(c: number, lambda: number, meanService: number): MmcFigures {
  const a = lambda * meanService;
  const C = erlangC(c, a);
  const meanWait = C / (c / meanService - lambda);
  return {
    utilization: a / c,
    waitProbability: C,
    meanWait,
    meanSojourn: meanWait + meanService,
    meanInQueue: lambda * meanWait,
    meanInSystem: lambda * (meanWait + meanService),
  };
}

/** Mean wait in an M/M/c queue (Wq); see {@link mmc}. */
export function meanWait(c: number, lambda: number, meanService: number): number {
  return mmc(c, lambda, meanService).meanWait;
}

/** P(wait > t) in an M/M/c queue (FIFO): C · e^{−(cμ − λ) t}. */
export function mmcWaitExceeds(c: number, lambda: number, meanService: number, t: number): number {
  return erlangC(c, lambda * meanService) * exp(-(c / meanService - lambda) * t);
}

/** Steady-state figures of an M/M/c queue whose customers give up after waiting `patience`. */
export interface MmcPatienceFigures {
  /** Probability that an arrival finds every server busy (it waits, or gives up). */
  waitProbability: number;
  /** Probability that an arrival gives up (its wait would have exceeded the patience). */
  abandonProbability: number;
  /** Mean time spent waiting over all arrivals, those who gave up counting `patience`. */
  meanWait: number;
  /** Mean wait of the customers who were served. */
  meanWaitServed: number;
  /** Busy servers on average, c·ρ_eff = λ (1 − P(abandon)) / μ. */
  meanBusy: number;
}

/**
 * M/M/c+D: an M/M/c FIFO queue whose customers have a deterministic patience τ (a pool
 * borrow timeout): a customer whose wait would exceed τ leaves at τ and is never served.
 *
 * Derivation (level crossing on the offered waiting time V, the wait an arrival would
 * have; e.g. Brandt & Brandt, or Baccelli & Hebuterne for c = 1): while every server is
 * busy, V falls at rate 1 and, at each arrival that joins (V < τ), jumps up by an
 * Exp(θ), θ = cμ, because departures come at rate cμ. With p_k the probabilities of
 * k < c busy servers and no queue (p_k = p_0 a^k / k!), the density of V > 0 is
 *   g(x) = λ p_{c−1} e^{−(θ−λ)x}          for 0 < x ≤ τ,
 *   g(x) = g(τ) e^{−θ(x−τ)}               for x > τ,
 * normalised with Σ p_k + ∫ g = 1. Then P(abandon) = ∫_τ^∞ g, P(wait) = ∫_0^∞ g and the
 * mean wait is ∫_0^τ x g(x) dx + τ P(abandon). With τ → ∞ it reduces to Erlang C.
 */
export function mmcPatience(c: number, lambda: number, meanService: number, patience: number): MmcPatienceFigures {
  if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`c must be a positive integer, got ${c}`);
  if (!(patience > 0)) throw new RangeError(`patience must be positive, got ${patience}`);
  const a = lambda * meanService;
  const theta = c / meanService;
  const beta = theta - lambda; // may be ≤ 0: an overloaded queue is stable with abandonment
  // Unnormalised: p_0 = 1.
  let term = 1; // a^k / k!
  let free = 0; // Σ_{k<c} a^k / k!
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k;
    free += term;
  }
  const pLast = term; // a^{c−1} / (c−1)!
  const g0 = lambda * pLast; // g(0+)
  const e = exp(-beta * patience);
  const [i0, i1] = exponentialMoments(beta, patience);
  const waitMass = g0 * i0; // ∫_0^τ g
  const abandonMass = (g0 * e) / theta; // ∫_τ^∞ g
  const total = free + waitMass + abandonMass;
  const abandonProbability = abandonMass / total;
  const waitedServed = (g0 * i1) / total; // ∫_0^τ x g(x) dx, normalised
  return {
    waitProbability: (waitMass + abandonMass) / total,
    abandonProbability,
    meanWait: waitedServed + patience * abandonProbability,
    meanWaitServed: waitedServed / (1 - abandonProbability),
    meanBusy: a * (1 - abandonProbability),
  };
}

/**
 * ∫_0^τ e^{−βx} dx and ∫_0^τ x e^{−βx} dx. Near β = 0 the closed forms cancel
 * catastrophically, so there the power series τ^{n+1} Σ_k (−βτ)^k / (k! (k+n+1)) is used.
 */
function exponentialMoments(beta: number, tau: number): [number, number] {
  const z = beta * tau;
  if (Math.abs(z) > 0.5) {
    const e = exp(-z);
    return [(1 - e) / beta, (1 - e * (1 + z)) / (beta * beta)];
  }
  let s0 = 0;
  let s1 = 0;
  let term = 1; // (−z)^k / k!
  for (let k = 0; k < 30; k++) {
    if (k > 0) term *= -z / k;
    s0 += term / (k + 1);
    s1 += term / (k + 2);
  }
  return [tau * s0, tau * tau * s1];
}
