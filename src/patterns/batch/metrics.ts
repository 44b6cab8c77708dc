import type { MetricSpec } from '../../lab/labDefinition';

/** What the batch operations lab measures: the keys of its results, with their meaning for tables and tooltips. */
export const batchMetrics: readonly MetricSpec[] = [
  { key: 'statements', label: 'Statements', unit: 'statements', origin: 'simulated', description: 'Statements the server ran (BEGIN, COMMIT and ROLLBACK not counted; in a failed pipeline, those skipped after the error not counted).' },
  { key: 'roundTrips', label: 'Round trips', unit: 'round trips', origin: 'simulated', description: 'Times an application waited for the server to answer before sending more.' },
  { key: 'commits', label: 'Commits', unit: 'commits', origin: 'simulated', description: 'Durable commits (each waits for a WAL flush; concurrent ones share a flush).' },
  { key: 'totalMs', label: 'Load time', unit: 'ms', origin: 'simulated', description: 'From the first round trip to the last answer. With one writer: round trips × RTT + commits × commit time + the statements\' costs, exactly.' },
  { key: 'rowsPerS', label: 'Rows per second', unit: 'rows/s', origin: 'simulated', description: 'Rows committed over the load time.' },
  { key: 'rowsInserted', label: 'Rows in the table', unit: 'rows', origin: 'real', description: 'Rows carrying the load\'s values, counted in PGlite after the load (model-only: the rows the model committed, the same number).' },
  { key: 'rowsExpected', label: 'Rows expected', unit: 'rows', origin: 'simulated', description: 'Rows the load should leave given its method and the bad row: all of them without one.' },
  { key: 'rowsRolledBack', label: 'Rows rolled back', unit: 'rows', origin: 'simulated', description: 'Rows the server had written before the error, undone when their transaction or statement rolled back.' },
  { key: 'resultsMatch', label: 'Table as expected', unit: '', origin: 'real', description: 'The checksum of the loaded rows in PGlite equals that of the rows expected, and the table has the expected size. Only when the load ran on PGlite.' },
  { key: 'timeShare', label: 'Where the time went', unit: 'fraction', origin: 'simulated', description: 'Network, statements and commits as fractions of the writers\' time (of totalMs with one writer).' },
];
