import type { RequestDetail } from '../../lab/labDefinition';
import type { LoadSettings, PlannedRoundTrip } from './loadPlan';
import { firstIdOf } from './loadTable';
import { statementSql } from './statementSql';

/** One round trip as the model recorded it. */
export interface TripRecord {
  id: number;
  writer: number;
  trip: PlannedRoundTrip;
  t0: number;
  networkMs: number;
  /** On the server: running its statements (waits for a busy CPU included), then waiting for the commit's flush. */
  ranMs: number;
  committedMs: number;
  /** When the answer came back (NaN while in flight). */
  t1: number;
}

const WHAT: Record<PlannedRoundTrip['kind'], string> = {
  begin: 'BEGIN',
  statement: 'a statement',
  pipeline: "a pipeline: the batch's statements and one Sync (one implicit transaction)",
  commit: 'COMMIT',
  rollback: 'ROLLBACK (after the error)',
  'copy-start': 'COPY … FROM STDIN (the server answers "send the data")',
  'copy-data': 'the COPY data and its end',
};

/** The first rows of a statement, as text: enough to read its shape. */
function sqlOf(t: TripRecord, s: LoadSettings): string | undefined {
  const first = t.trip.statements[0];
  if (first === undefined) return WHAT[t.trip.kind].split(' (')[0];
  const shown = Math.min(first.rows, 3);
  const text = statementSql(first.form, s.operation, first.firstRow, shown, firstIdOf(s.operation, s.customers, s.rows), s.badRowAt);
  const more = first.rows > shown ? ` -- showing ${shown} of its ${first.rows.toLocaleString('en-US')} rows` : '';
  const others = t.trip.statements.length > 1 ? ` -- and ${t.trip.statements.length - 1} more statements in this round trip` : '';
  return `${text.sql}${more}${others}`;
}

/** The story of one round trip, for the request details panel. */
export function roundTripStory(t: TripRecord, s: LoadSettings, withSql: boolean): RequestDetail {
  const { trip } = t;
  const half = t.networkMs / 2;
  const rows = trip.statements.reduce((n, st) => n + st.rows, 0);
  const timeline: RequestDetail['timeline'] = [{ t: t.t0, what: `writer ${t.writer + 1} sends ${WHAT[trip.kind]}${rows > 0 ? ` carrying ${rows.toLocaleString('en-US')} row${rows === 1 ? '' : 's'}` : ''}` }];
  const atServer = t.t0 + half;
  if (trip.statements.length > 0) timeline.push({ t: atServer, what: `the server runs ${trip.statements.length} statement${trip.statements.length === 1 ? '' : 's'}${trip.failed ? ' and stops at the bad row' : ''}` });
  if (trip.commit) timeline.push({ t: atServer + t.ranMs, what: `commit: waits for the WAL flush (${rows > 0 ? `${trip.rowsCommitted.toLocaleString('en-US')} rows durable` : 'the transaction durable'})` });
  if (!Number.isNaN(t.t1)) timeline.push({ t: t.t1, what: trip.failed ? 'the error comes back' : 'the answer comes back' });
  const outcome = Number.isNaN(t.t1) ? 'in flight' : trip.failed ? 'failed: a row violates NOT NULL' : trip.commit ? 'committed' : 'answered';
  return { id: t.id, outcome, timeline, sql: sqlOf(t, s), executed: withSql ? 'real' : 'modelled' };
}
