import { arrivalRateParam, dbCoresParam, timeShapeParam } from '../../lab/commonParams';
import { choices, defineParams, type ParamValuesOf } from '../../lab/params';

/** Parameters of the connection pooling lab (times in ms). */
export const poolingParams = defineParams([
  arrivalRateParam({ default: 300, min: 0.1, max: 20000, step: 1, group: 'Clients', description: 'Requests per second, as a Poisson stream (scenarios add steps and bursts).' }),
  { key: 'pooling', label: 'Use a pool', kind: 'boolean', default: true, live: false, group: 'Pool', description: 'Off: every request opens its own connection and closes it afterwards.' },
  { key: 'poolMin', label: 'Minimum idle', kind: 'integer', default: 10, min: 0, max: 500, step: 1, live: true, group: 'Pool', description: 'Connections kept open even when idle (opened at start).' },
  { key: 'poolMax', label: 'Maximum size', kind: 'integer', default: 10, min: 1, max: 500, step: 1, live: true, group: 'Pool', description: 'Most connections the pool will open; beyond it, borrowers wait.' },
  { key: 'poolMaxIdle', label: 'Maximum idle', kind: 'integer', default: 0, min: 0, max: 500, step: 1, live: true, group: 'Pool', description: "Most connections kept idle: one given back when this many are idle is closed at once, so the next burst opens it again (0 = no cap). Go's SetMaxIdleConns." },
  { key: 'borrowTimeoutMs', label: 'Borrow timeout', kind: 'number', default: 30000, min: 0, max: 600000, step: 1, unit: 'ms', live: true, group: 'Pool', description: 'A borrower waiting this long fails (0 = wait forever). HikariCP: connectionTimeout.' },
  { key: 'whenExhausted', label: 'When the pool is exhausted', kind: 'enum', default: 'wait', options: choices({ wait: 'Wait for a connection', fail: 'Fail at once (psycopg2)' }), live: true, group: 'Pool', description: 'A borrower finding every connection taken and the pool at its maximum waits in line, or fails at once as psycopg2 does ("connection pool exhausted").' },
  { key: 'connectMs', label: 'Connect time', kind: 'number', default: 30, min: 0, max: 10000, step: 1, unit: 'ms', live: true, group: 'Pool', description: 'Opening a connection: TCP, TLS, authentication and a new PostgreSQL backend process.' },
  { key: 'idleTimeoutMs', label: 'Idle timeout', kind: 'number', default: 600000, min: 0, max: 3600000, step: 1000, unit: 'ms', live: true, group: 'Pool', description: 'Idle connections above the minimum close after this (0 = never).' },
  { key: 'maxLifetimeMs', label: 'Max lifetime', kind: 'number', default: 1800000, min: 0, max: 86400000, step: 1000, unit: 'ms', live: true, group: 'Pool', description: 'A connection this old retires when next idle, never while in use (0 = forever).' },
  { key: 'leakRate', label: 'Leak rate', kind: 'number', default: 0, min: 0, max: 1, step: 0.001, live: true, group: 'Bugs', description: 'Fraction of borrows the application never gives back (a missing close()).' },
  { key: 'leakDetectionMs', label: 'Leak detection', kind: 'number', default: 0, min: 0, max: 600000, step: 100, unit: 'ms', live: true, group: 'Bugs', description: 'Warn when a connection is held this long (0 = off). It only reports; it reclaims nothing.' },
  { key: 'serviceMs', label: 'Query time', kind: 'number', default: 20, min: 0.01, max: 60000, step: 0.01, unit: 'ms', logScale: true, live: true, group: 'Query', description: 'Mean time a query holds its connection (when no real SQL statement is chosen).' },
  timeShapeParam({ key: 'serviceDist', label: 'Query time distribution', group: 'Query', description: 'Shape of query times around the mean.' }),
  {
    key: 'query',
    label: 'Statement',
    kind: 'enum',
    default: 'modelled',
    options: choices({
      modelled: 'Modelled (uses Query time)',
      'point-lookup': 'Customer by id (index scan)',
      'customer-orders': "A customer's orders (join)",
      'city-report': 'Revenue by city (aggregate)',
    }),
    live: false,
    group: 'Query',
    description: 'A real SQL statement run on the primary; its mean time comes from the cost model of its real plan.',
  },
  dbCoresParam({ default: 8, max: 128, group: 'Database', description: 'Queries beyond this many share the CPUs and slow each other down (see the contention model).' }),
  { key: 'dbIoFraction', label: 'I/O share of query time', kind: 'number', default: 0.3, min: 0, max: 0.95, step: 0.05, live: true, group: 'Database', description: 'Part of each query spent waiting on I/O, which uses no CPU.' },
  { key: 'dbMaxConnections', label: 'max_connections', kind: 'integer', default: 100, min: 1, max: 10000, step: 1, live: true, group: 'Database', description: 'PostgreSQL refuses connections beyond this: "sorry, too many clients already".' },
]);

/** The pooling lab's parameter values, typed from the specs above. */
export type PoolingParams = ParamValuesOf<typeof poolingParams>;

/** poolMin ≤ poolMax; the pool is only checked when pooling is on. */
export function crossCheckPooling(params: PoolingParams): { key: string; message: string }[] {
  if (!params.pooling) return [];
  const { poolMin, poolMax } = params;
  return poolMin > poolMax ? [{ key: 'poolMin', message: `expected at most poolMax (${poolMax}), found ${poolMin}` }] : [];
}
