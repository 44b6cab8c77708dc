import { useEffect, useRef } from 'react';
import { formatSeconds } from '../app/format';
import { play } from '../app/commands';
import { refreshRequestDetail } from '../app/labTools';
import type { RequestDetail } from '../lab/labDefinition';
import type { Particle } from '../lab/snapshot';
import { clearSelection } from '../store/selectionSlice';
import { useAppStore } from '../store/store';
import { shownCharts } from '../store/snapshotSlice';
import { ResultTable } from './ResultTable';
import { RequestPlan } from './plan/RequestPlan';
import { recordedParams } from './plan/requestPlanSql';

const STATE_TEXT: Record<Particle['state'], string> = { ok: 'in progress', waiting: 'waiting', slow: 'slow', failed: 'failed' };

/** Milliseconds with two decimals and thousands separated: 12345.678 → "12,345.68 ms". */
function ms(value: number): string {
  return `${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ms`;
}

/**
 * The clicked request: what the canvas showed, then its story from the lab (outcome, timeline,
 * its SQL and whether PGlite ran it, and the rows PGlite returned).
 */
export function RequestDetails() {
  const particle = useAppStore((s) => s.selection.particle);
  const detail = useAppStore((s) => s.selection.detail);
  const pausedForIt = useAppStore((s) => s.selection.pausedForIt);
  const playing = useAppStore((s) => s.playback.playing);
  const charts = useAppStore((s) => shownCharts(s.snapshot));
  const inFlight = detail !== undefined && detail !== null && detail.outcome === 'in flight';
  const panel = useRef<HTMLElement>(null);
  const particleId = particle?.id ?? null;
  const answered = detail !== undefined;

  // A newly chosen request's details are brought into view (as little scrolling as possible).
  useEffect(() => {
    if (particleId === null) return;
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    panel.current?.scrollIntoView({ block: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
  }, [particleId, answered]);

  // While the run plays on, a request still in flight gets its story refreshed (a few times a second).
  useEffect(() => {
    if (inFlight && playing) void refreshRequestDetail();
  }, [charts, inFlight, playing]);

  if (particle === null) return null;
  const id = detail?.id ?? particle.id;
  const seen = particle.from !== '';
  const waiting = particle.from === particle.to;
  return (
    <section ref={panel} className="panel details request-details" aria-labelledby="details-title" data-testid="request-details">
      <div className="details-head">
        <h2 id="details-title">
          Request #{id}
          {seen && <span className={`state-tag state-tag--${particle.state}`}>{STATE_TEXT[particle.state]} when clicked</span>}
        </h2>
        <button type="button" className="icon-button" onClick={clearSelection} aria-label="Close details">
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {pausedForIt && !playing && (
        <p className="details-paused">
          Playback paused so you can read this.{' '}
          <button type="button" className="link-button" onClick={play}>
            Resume
          </button>{' '}
          (or press <kbd>Space</kbd>)
        </p>
      )}
      {seen && (
        <p className="panel-note">
          {waiting
            ? `On screen: ${STATE_TEXT[particle.state]} at ${particle.from} since ${formatSeconds(particle.t0)} s.`
            : `On screen: ${particle.from} → ${particle.to}, ${formatSeconds(particle.t0)} s → ${formatSeconds(particle.t1)} s.`}
        </p>
      )}
      {detail === undefined && <p className="panel-note">Asking the lab for this request&apos;s story…</p>}
      {detail === null && (
        <p className="details-forgotten" data-testid="request-forgotten">
          Forgotten: the lab keeps the stories of its most recent requests only, and this one is older. Click a request on screen now.
        </p>
      )}
      {detail !== undefined && detail !== null && <Story detail={detail} />}
    </section>
  );
}

function Story({ detail }: { detail: RequestDetail }) {
  // The run on screen plays while its nodes boot: its statements are modelled for that reason.
  const sqlJoining = useAppStore((s) => s.playback.sqlJoining);
  const arrived = detail.timeline[0]?.t ?? 0;
  const failed = detail.outcome !== 'in flight' && !detail.outcome.startsWith('completed');
  return (
    <>
      <p className={`outcome${failed ? ' outcome--failed' : ''}`} data-testid="request-outcome">
        <span className="outcome-label">Outcome</span> {detail.outcome}
        <span className="origin origin--simulated">simulated</span>
      </p>
      <table className="timeline">
        <caption className="visually-hidden">Timeline of request #{detail.id}, simulated times</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              since arrival
            </th>
            <th scope="col" className="num">
              simulated time
            </th>
            <th scope="col">what happened</th>
          </tr>
        </thead>
        <tbody>
          {detail.timeline.map((step, i) => (
            <tr key={i}>
              <td className="num">+{ms(step.t - arrived)}</td>
              <td className="num">{ms(step.t)}</td>
              <td>{step.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {detail.sql !== undefined && (
        <div className="request-sql">
          <p className="request-sql-head">
            Statement{' '}
            {detail.executed === 'real' ? (
              <>
                <span className="origin origin--real">real</span> executed by PGlite
              </>
            ) : detail.executed === 'modelled' ? (
              <>
                <span className="origin origin--simulated">modelled</span>{' '}
                {detail.modelledBecause ??
                  (sqlJoining
                    ? 'not executed: PostgreSQL is still booting, and until real SQL joins the run every statement is modelled with the same timing (the numbers do not change)'
                    : 'not executed: its time comes from the cost model of its real plan (the lab runs at most 20 statements a simulated second for real)')}
              </>
            ) : (
              <span className="panel-note">not started yet</span>
            )}
          </p>
          <pre className="sql-text">
            <code>{detail.sql}</code>
          </pre>
          {/* Same request, same statement: the plan (and its state) stays while the story refreshes. */}
          <RequestPlan key={`${detail.id}:${detail.sql}`} requestId={detail.id} sql={detail.sql} params={recordedParams(detail)} />
        </div>
      )}
      {detail.sql === undefined && <p className="panel-note">No SQL: this run models the query (Statement: Modelled), so no statement is sent to PostgreSQL.</p>}
      {detail.rows !== undefined && (
        <div className="request-rows">
          <p className="request-sql-head">
            <span className="origin origin--real">real</span> {detail.rows.length} {detail.rows.length === 1 ? 'row' : 'rows'} PGlite returned
            {detail.rows.length >= 20 && ' (first 20 kept)'}
          </p>
          {detail.rows.length > 0 && <ResultTable fields={[]} rows={detail.rows} caption={`Rows returned to request #${detail.id}`} />}
        </div>
      )}
    </>
  );
}
