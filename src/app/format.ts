import type { Speed } from '../runner/protocol';

/** Simulated ms as seconds with millisecond precision: 12350 → "12.350". */
export function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** A duration in ms as short seconds: 60000 → "60", 1500 → "1.5". */
export function formatDurationS(ms: number): string {
  return trimNumber(ms / 1000, 3);
}

/** Round to `decimals` and drop trailing zeros: 12.300 → "12.3". */
export function trimNumber(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)));
}

/** The count units of the labs' figures, by their singular: a figure of exactly 1 takes it ("1 load", not "1 loads"). */
const SINGULAR: Record<string, string> = {
  aborts: 'abort',
  changes: 'change',
  commits: 'commit',
  connections: 'connection',
  customers: 'customer',
  entries: 'entry',
  failovers: 'failover',
  lines: 'line',
  loads: 'load',
  'prepared txns': 'prepared txn',
  reads: 'read',
  refreshes: 'refresh',
  reports: 'report',
  requests: 'request',
  retries: 'retry',
  'round trips': 'round trip',
  rows: 'row',
  sessions: 'session',
  shards: 'shard',
  statements: 'statement',
  transfers: 'transfer',
  txns: 'txn',
  units: 'unit',
  updates: 'update',
  warnings: 'warning',
  writes: 'write',
};

/** A figure's unit as said after its value: singular after exactly 1, for the count units above. */
export function unitAfter(value: number, unit: string): string {
  return value === 1 ? (SINGULAR[unit] ?? unit) : unit;
}

/** A figure for display: three significant digits, thousands separated, no exponent. */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '–' : value > 0 ? '∞' : '−∞';
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1000 || Number.isInteger(value)) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs >= 0.01) return value.toFixed(3);
  return value.toPrecision(2);
}

/** A speed for menus and status: 10 → "10×", 'max' → "as fast as possible". */
export function formatSpeed(speed: Speed): string {
  return speed === 'max' ? 'as fast as possible' : `${speed}×`;
}

/** A trace entry's data, compact: `{"waitedMs":250}` → "waitedMs=250". */
export function formatData(data: Record<string, unknown> | undefined): string {
  if (data === undefined) return '';
  return Object.entries(data)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? trimNumber(v, 3) : typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('  ');
}
