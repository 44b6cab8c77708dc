/** Seconds for people: "0 s", "42 ms", "3.2 s", "28 min", "1.5 h". */
export function duration(seconds: number): string {
  if (seconds === 0) return '0 s';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(0)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Bytes as MB with one decimal. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** What each read model reads from, in words. */
export const READ_MODEL_WORDS: Record<string, string> = {
  normalized: 'the 4-join, live',
  'denormalized-table': 'user_orders_denormalized, kept by the application',
  'trigger-maintained': 'user_orders_denormalized, kept by triggers',
  'materialized-view': 'customer_orders_mv, a materialized view',
};
