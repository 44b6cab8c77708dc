import type { BatchCosts } from '../batchCosts';
import { roundTripsOf, roundTripStatementMs, writerShares, type LoadSettings } from '../loadPlan';
import type { TimelineBar } from '../timeline';

/**
 * The first writer's round trips as the plan times them, alone on the server (exact for one
 * writer), summed into at most `maxBars` bars: what a method would do with the same load.
 */
export function planBars(s: LoadSettings, costs: BatchCosts, networkRttMs: number, commitMs: number, maxBars: number): TimelineBar[] {
  const share = writerShares(s.rows, s.concurrency)[0]!;
  const trips = [...roundTripsOf(s, share)];
  const perBar = Math.max(1, Math.ceil(trips.length / maxBars));
  const bars: TimelineBar[] = [];
  let t = 0;
  for (let i = 0; i < trips.length; i += perBar) {
    const bar: TimelineBar = { t0: t, t1: t, network: 0, statements: 0, commit: 0, roundTrips: 0, rows: 0, committedRows: 0, failed: false };
    for (const trip of trips.slice(i, i + perBar)) {
      const statements = roundTripStatementMs(s, costs, trip);
      const commit = trip.commit ? commitMs : 0;
      bar.network += networkRttMs;
      bar.statements += statements;
      bar.commit += commit;
      bar.roundTrips++;
      bar.rows += trip.statements.reduce((n, st) => n + st.rows, 0);
      bar.committedRows += trip.rowsCommitted;
      bar.failed ||= trip.failed;
      t += networkRttMs + statements + commit;
    }
    bar.t1 = t;
    bars.push(bar);
  }
  return bars;
}
