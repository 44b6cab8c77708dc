import type { MetricSpec } from '../../lab/labDefinition';

/** What the query optimization lab measures: the keys of its results, with their meaning for tables and tooltips. */
export const queryMetrics: readonly MetricSpec[] = [
  { key: 'statements', label: 'Statements per request', unit: 'statements', origin: 'simulated', description: 'Statements one request sends for the configured customers: N+1 sends N + 1, JOIN 1, batch 2.' },
  { key: 'roundTrips', label: 'Round trips per request', unit: 'round trips', origin: 'simulated', description: 'Network round trips one request waits for (one per statement: each answer is awaited before the next).' },
  { key: 'rowsTransferred', label: 'Rows transferred per request', unit: 'rows', origin: 'real', description: 'Rows the database returns for one request, counted on the real data (a LEFT JOIN adds a row of NULLs per customer without orders).' },
  { key: 'latencyMs', label: 'Request latency', unit: 'ms', origin: 'simulated', description: 'Arrival to last answer: round trips × RTT + each statement\'s cost, plus any wait for a busy database.' },
  { key: 'unloadedLatencyMs', label: 'Latency without load', unit: 'ms', origin: 'simulated', description: 'What one request takes alone: network (round trips × RTT), database (sum of statement costs) and their total.' },
  { key: 'requests', label: 'Requests', unit: 'requests', origin: 'simulated', description: 'Arrived (after the warm-up, plus those in flight), completed, in flight at the end.' },
  { key: 'statementsSent', label: 'Statements sent', unit: 'statements', origin: 'simulated', description: 'Statements all requests sent to the database since the warm-up.' },
  { key: 'throughputPerS', label: 'Throughput', unit: 'req/s', origin: 'simulated', description: 'Completed requests per simulated second.' },
  { key: 'db.cpuUtilization', label: 'Database CPU', unit: 'fraction', origin: 'simulated', description: 'Busy cores over cores.' },
  { key: 'sql.statementsRun', label: 'Statements run for real', unit: 'statements', origin: 'real', description: 'Statements PGlite really executed: the three strategies once each, to compare their results.' },
  { key: 'resultsMatch', label: 'Results match', unit: '', origin: 'real', description: 'The three strategies, run for real on PGlite, returned the same customers and orders (normalized and sorted). Absent in model-only runs, which cannot know.' },
];
