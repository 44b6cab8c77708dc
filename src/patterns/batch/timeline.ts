/** Where one round trip's time went, ms (a bar of the timeline, or the sum over a group of them). */
export interface TimelineBar {
  /** When the first round trip left and the last one's answer came back, ms. */
  t0: number;
  t1: number;
  /** Time on the network, running statements (waits for a busy CPU included) and waiting for commits. */
  network: number;
  statements: number;
  commit: number;
  roundTrips: number;
  /** Rows the round trips carried, and rows they made durable. */
  rows: number;
  committedRows: number;
  /** An error came back. */
  failed: boolean;
}

/** One writer's round trips, oldest first. */
export interface TimelineLane {
  writer: number;
  bars: TimelineBar[];
  /** Round trips per bar (1: each bar is one round trip). */
  perBar: number;
}

/** At most this many bars in all: a load of 100,000 round trips is drawn as groups of them. */
export const MAX_BARS = 480;

/**
 * Each writer's round trips as bars for the view's timeline, bounded whatever the load: when a
 * writer will make more round trips than its share of {@link MAX_BARS}, consecutive ones are
 * summed into one bar (a writer sends its next round trip as soon as the previous one is
 * answered, so a group has no gaps and its split is still where the time went).
 */
export class LoadTimeline {
  private readonly lanes: TimelineLane[];
  private readonly open: (TimelineBar | null)[];

  constructor(plannedRoundTrips: readonly number[]) {
    const perWriter = Math.max(4, Math.floor(MAX_BARS / Math.max(1, plannedRoundTrips.length)));
    this.lanes = plannedRoundTrips.map((n, writer) => ({ writer, bars: [], perBar: Math.max(1, Math.ceil(n / perWriter)) }));
    this.open = plannedRoundTrips.map(() => null);
  }

  /** A round trip of `writer` is over. */
  add(writer: number, trip: Omit<TimelineBar, 'roundTrips'>): void {
    const lane = this.lanes[writer]!;
    let bar = this.open[writer] ?? null;
    if (bar === null) {
      bar = { ...trip, roundTrips: 1 };
      this.open[writer] = bar;
    } else {
      bar.t1 = trip.t1;
      bar.network += trip.network;
      bar.statements += trip.statements;
      bar.commit += trip.commit;
      bar.rows += trip.rows;
      bar.committedRows += trip.committedRows;
      bar.failed ||= trip.failed;
      bar.roundTrips++;
    }
    if (bar.roundTrips >= lane.perBar) {
      lane.bars.push(bar);
      this.open[writer] = null;
    }
  }

  /** The lanes as the view draws them now (a copy: snapshots are posted to the page). */
  lanesNow(): TimelineLane[] {
    return this.lanes.map((lane, w) => {
      const open = this.open[w];
      return { writer: lane.writer, perBar: lane.perBar, bars: open ? [...lane.bars, { ...open }] : [...lane.bars] };
    });
  }
}

/**
 * Rows in the table over time, as a step line of bounded length: a commit closer than
 * `minGapMs` to the last point moves that point instead of adding one, so the last point is
 * always exact.
 */
export class LandedRows {
  private readonly points: [number, number][] = [[0, 0]];

  constructor(private readonly minGapMs: number) {}

  record(t: number, rows: number): void {
    const last = this.points[this.points.length - 1]!;
    const beforeLast = this.points[this.points.length - 2];
    if (this.points.length > 1 && beforeLast !== undefined && t - beforeLast[0] < this.minGapMs) {
      last[0] = t;
      last[1] = rows;
    } else this.points.push([t, rows]);
  }

  pointsNow(): [number, number][] {
    return this.points.map((p) => [p[0], p[1]]);
  }
}
