import type { StackSystem } from './model';

/**
 * A cache operation's service time on the cache server, ms: Redis serves about 50 000 simple
 * commands per second on one core, so its utilization is operations per second × 0.02 ms.
 */
export const CACHE_OP_MS = 0.02;
/** A part is amber from this utilization. */
export const AMBER = 0.7;
/**
 * A part is saturated from this utilization: the badge turns red, and the saturation sweep calls
 * the first part past it the bottleneck. Past 90 % a queue in front of a part grows steeply (an
 * M/M/1 queue at ρ = 0.9 holds 9 waiting on average, at 0.95 nineteen).
 */
export const SATURATED = 0.9;
/** The badges' red line: saturated. */
export const RED = SATURATED;

/** The parts that can saturate, as `utilization` and `bottleneck` name them. */
export type StackPart = 'pool' | 'primaryCpu' | 'replicaCpu' | 'cache';
export const STACK_PARTS: readonly StackPart[] = ['pool', 'primaryCpu', 'replicaCpu', 'cache'];

/** Mean utilization of the nodes following the primary now (0 without replicas). */
function replicaCpu(s: StackSystem): number {
  const followers = s.set.followers();
  if (followers.length === 0) return 0;
  return followers.reduce((sum, n) => sum + s.cpu(n).utilization(), 0) / followers.length;
}

/** Each part's utilization since the warm-up (0–1; the pool's may pass 1 only with leaks beyond poolMax, never here). */
export function utilization(s: StackSystem): Record<StackPart, number> {
  const p = s.params.values;
  const slots = s.pooling ? p['pool.poolMax'] : p['db.maxConnections'];
  return {
    pool: s.inUse.mean(s.env.now) / slots,
    primaryCpu: s.cpu(s.set.primary).utilization(),
    replicaCpu: replicaCpu(s),
    cache: s.cache ? (s.stats.perSecond(s.stats.counts.cacheOps) * CACHE_OP_MS) / 1000 : 0,
  };
}
