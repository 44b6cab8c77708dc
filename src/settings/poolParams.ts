import { poolingParams, type PoolingParams } from '../patterns/pooling/params';

/** The pooling lab's parameters a pool library's settings decide. */
export const POOL_KEYS = ['pooling', 'poolMin', 'poolMax', 'poolMaxIdle', 'borrowTimeoutMs', 'whenExhausted', 'idleTimeoutMs', 'maxLifetimeMs', 'leakDetectionMs'] as const;
export type PoolKey = (typeof POOL_KEYS)[number];
export type PoolParams = Pick<PoolingParams, PoolKey>;

/**
 * "Closed as soon as it is idle", in the lab's terms: an idle timeout (or lifetime) of 1 ms. The
 * lab's 0 means never, so libraries that close a connection at once when it is given back
 * (psycopg2 beyond minconn, SQLAlchemy's overflow, Go beyond SetMaxIdleConns) read as 1 ms.
 */
export const AT_ONCE_MS = 1;
/** What a library without "never" is given for the lab's 0 (never): a week, longer than any run. */
export const NEVER_S = 7 * 24 * 3600;

/** The lab's own bounds of a parameter (from its spec), so readers clamp to what the lab can run. */
export function bounds(key: PoolKey): { min: number; max: number } {
  const spec = poolingParams.find((p) => p.key === key);
  return spec && (spec.kind === 'number' || spec.kind === 'integer') ? { min: spec.min, max: spec.max } : { min: 0, max: Infinity };
}

/** The lab's defaults for the pool parameters. */
export function labPoolDefaults(): PoolParams {
  const values = Object.fromEntries(poolingParams.filter((p) => (POOL_KEYS as readonly string[]).includes(p.key)).map((p) => [p.key, p.default]));
  return values as PoolParams; // every key of POOL_KEYS has a spec, so the object is complete
}

/** The pool parameters of a full set of lab parameters. */
export function poolParamsOf(params: PoolParams): PoolParams {
  const out: Partial<Record<PoolKey, unknown>> = {};
  for (const key of POOL_KEYS) out[key] = params[key];
  return out as PoolParams;
}

/**
 * Parameters that behave the same in the lab compared as equal: with minimum = maximum no
 * connection is ever above the minimum, so the idle timeout does nothing; a pool that fails at once
 * never waits for a busy connection, so its borrow timeout only bounds waits for a connection
 * being opened, which no library here limits separately; an idle cap at or above the maximum
 * never closes anything.
 */
export function samePoolBehaviour(p: PoolParams): PoolParams {
  const q = { ...p };
  if (q.poolMin >= q.poolMax) q.idleTimeoutMs = 0;
  if (q.whenExhausted === 'fail') q.borrowTimeoutMs = 0;
  if (q.poolMaxIdle >= q.poolMax) q.poolMaxIdle = 0;
  return q;
}

/** Milliseconds as the shortest exact text for a comment: 30 s, 10 min, 1.5 s, 250 ms. */
export function describeMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/**
 * What a library without an idle cap of its own (Go's SetMaxIdleConns) says when the lab has one,
 * for a comment; null when the lab has none (0) or it can never bite (at or above the maximum).
 */
export function idleCapComment(p: PoolParams, library: string): string | null {
  if (p.poolMaxIdle === 0 || p.poolMaxIdle >= p.poolMax) return null;
  return `${library} has no idle cap of its own (the lab closes a connection given back when ${p.poolMaxIdle} are already idle).`;
}
