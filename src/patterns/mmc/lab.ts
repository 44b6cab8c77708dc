import { defineLab } from '../../lab/defineLab';
import { mmcParams } from './params';
import { lazyModel } from '../../lab/lazyModel';

/** The M/M/c queue: the shell's first lab, and the theory every pool obeys. */
export const mmcLab = defineLab({
  id: 'mmc',
  title: 'Queueing basics (M/M/c)',
  summary: 'Requests, servers and a queue: see why waits explode as utilization nears 100%, checked against Erlang C.',
  params: mmcParams,
  metrics: [
    { key: 'customers.arrived', label: 'Arrived', unit: 'requests', origin: 'simulated', description: 'Requests that arrived after the warm-up (plus those still in the system when it ended).' },
    { key: 'customers.completed', label: 'Completed', unit: 'requests', origin: 'simulated', description: 'Requests served to the end.' },
    { key: 'customers.abandoned', label: 'Gave up', unit: 'requests', origin: 'simulated', description: 'Requests that ran out of patience in the queue.' },
    { key: 'customers.inFlight', label: 'In flight', unit: 'requests', origin: 'simulated', description: 'Requests waiting or in service at the end.' },
    { key: 'waitedFraction', label: 'Had to wait', unit: 'fraction', origin: 'simulated', description: 'Arrivals that found every server busy.' },
    { key: 'abandonedFraction', label: 'Gave up', unit: 'fraction', origin: 'simulated', description: 'Arrivals that gave up waiting.' },
    { key: 'waitMs', label: 'Wait in queue', unit: 'ms', origin: 'simulated', description: 'Time from arrival to a free server, over requests that got one (zero waits included).' },
    { key: 'latencyMs', label: 'Time in system', unit: 'ms', origin: 'simulated', description: 'Arrival to completion.' },
    { key: 'utilization', label: 'Utilization', unit: 'fraction', origin: 'simulated', description: 'Time-weighted busy servers over c.' },
    { key: 'meanInQueue', label: 'Mean queue', unit: 'requests', origin: 'simulated', description: 'Time-weighted mean number waiting.' },
    { key: 'maxInQueue', label: 'Longest queue', unit: 'requests', origin: 'simulated', description: 'Most requests waiting at once.' },
    { key: 'meanInSystem', label: 'Mean in system', unit: 'requests', origin: 'simulated', description: 'Time-weighted mean number waiting or in service (L in Little\'s law).' },
    { key: 'throughputPerS', label: 'Throughput', unit: 'req/s', origin: 'simulated', description: 'Completions per simulated second.' },
    { key: 'theory', label: 'Erlang C', unit: '', origin: 'theory', description: 'M/M/c steady state (only for exponential service and no patience limit).' },
  ],
  defaultDurationS: 60,
  defaultWarmupS: 5,
  lesson:
    'Push the arrival rate towards c ÷ service time and watch the queue: at 50% utilization almost nobody waits, at 90% most do, and near 100% the wait grows without bound. The dashed line is what Erlang C predicts; the simulation converges on it. Then try constant service times (waits halve) or a patience limit (requests start giving up instead).',
  actions: [],
  create: lazyModel(() => import('./model').then((m) => m.createMmcModel)),
});
