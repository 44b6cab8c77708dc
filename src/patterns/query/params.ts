import { arrivalRateParam, dbCoresParam, networkRttParam } from '../../lab/commonParams';
import { choices, defineParams, type ParamValuesOf } from '../../lab/params';
import { QUERY_DATASET } from './strategies';

/** Parameters of the query lab (times in ms). */
export const queryParams = defineParams([
  { key: 'strategy', label: 'Strategy', kind: 'enum', default: 'n-plus-one', options: choices({ 'n-plus-one': 'N+1: a query per customer', join: 'JOIN: one query', batch: 'Batch: two queries (= ANY)' }), live: true, group: 'Query', description: 'How the application fetches "the first N customers with their orders": N+1 reads the customers, then one query per customer; JOIN one query; Batch the customers, then all their orders with = ANY($1).' },
  {
    key: 'customers',
    label: 'Customers fetched',
    kind: 'integer',
    default: 50,
    min: 1,
    max: QUERY_DATASET.customers,
    step: 1,
    unit: 'customers',
    live: true,
    group: 'Query',
    description: 'N: how many customers one request lists (N+1 then sends N + 1 statements).',
  },
  {
    key: 'ordersIndex',
    label: 'Index on orders.customer_id',
    kind: 'boolean',
    default: false,
    live: true,
    group: 'Query',
    description: 'PostgreSQL does not index foreign keys by itself; without it each lookup scans all orders.',
  },
  networkRttParam({ label: 'Network round trip', default: 1, max: 200, group: 'Network', description: 'Application to database and back, paid once per statement (0.1–1 ms same zone, 20–80 ms across regions).' }),
  arrivalRateParam({ default: 2, min: 0.1, max: 2000, step: 0.1, group: 'Load', description: 'Requests per second (Poisson); when the database is busy they share its cores and queue.' }),
  dbCoresParam({ default: 4, max: 64, group: 'Load', description: 'Statements beyond this many share the CPUs and slow each other down (the pooling lab\'s contention model).' }),
]);

/** The query lab's parameter values, typed from the specs above. */
export type QueryParams = ParamValuesOf<typeof queryParams>;
