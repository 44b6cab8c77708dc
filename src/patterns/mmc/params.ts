import { arrivalRateParam, timeShapeParam } from '../../lab/commonParams';
import { defineParams, type ParamValuesOf } from '../../lab/params';

/** Parameters of the M/M/c queue lab. */
export const mmcParams = defineParams([
  arrivalRateParam({ default: 90, min: 0.1, max: 5000, step: 0.1, group: 'Workload', description: 'Mean requests per second; arrivals are a Poisson stream.' }),
  {
    key: 'serviceMs',
    label: 'Service time',
    kind: 'number',
    default: 100,
    min: 0.1,
    max: 60000,
    step: 0.1,
    unit: 'ms',
    logScale: true,
    live: true,
    group: 'Workload',
    description: 'Mean time a server spends on one request.',
  },
  timeShapeParam({ key: 'serviceDist', label: 'Service distribution', labels: { exponential: 'Exponential (M/M/c)', constant: 'Constant (M/D/c)' }, group: 'Workload', description: 'Shape of service times; the Erlang C theory holds for exponential only.' }),
  {
    key: 'servers',
    label: 'Servers (c)',
    kind: 'integer',
    default: 10,
    min: 1,
    max: 64,
    step: 1,
    live: true,
    group: 'Servers',
    description: 'Requests served at once; the rest wait in one first-come, first-served queue.',
  },
  {
    key: 'patienceMs',
    label: 'Patience',
    kind: 'number',
    default: 0,
    min: 0,
    max: 600000,
    step: 1,
    unit: 'ms',
    live: true,
    group: 'Servers',
    description: 'A request that waits this long gives up (0 = waits forever).',
  },
]);

/** The M/M/c lab's parameter values, typed from the specs above. */
export type MmcParams = ParamValuesOf<typeof mmcParams>;
