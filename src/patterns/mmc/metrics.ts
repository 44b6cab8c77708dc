import type { MetricSpec } from '../../lab/labDefinition';

/** What the M/M/c queue lab measures: the keys of its results, with their meaning for tables and tooltips. */
export const mmcMetrics: readonly MetricSpec[] = [
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
];
