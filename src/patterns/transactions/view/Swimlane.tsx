import type { KeyboardEvent } from 'react';
import type { TxnState } from '../modelRun';
import type { Row } from '../model/engine';
import { ColumnHeads } from '../../../lab/kit/view/ColumnHeads';

type StepView = TxnState['steps'][number];

/** Where a step stands at the current position: not issued yet, waiting, or finished. */
export function stepPhase(state: TxnState, index: number): 'future' | 'blocked' | 'queued' | 'ok' | 'error' {
  if (index > state.stepIndex) return 'future';
  const step = state.steps[index]!;
  if (step.status === 'ok' || step.status === 'error') return step.status;
  if (state.sessions.some((s) => s.blockedStep === index)) return 'blocked';
  return 'queued';
}

function RowsTable({ rows }: { rows: Row[] }) {
  if (rows.length === 0) return <span className="txn-rows-empty">(no rows)</span>;
  const columns = Object.keys(rows[0]!);
  return (
    <table className="txn-rows">
      <ColumnHeads columns={columns} />
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {columns.map((c) => (
              <td key={c}>{r[c] === null ? 'null' : String(r[c])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StepCell({ state, index, step }: { state: TxnState; index: number; step: StepView }) {
  const phase = stepPhase(state, index);
  const done = step.status === 'ok' || step.status === 'error' ? step : null;
  const current = index === state.stepIndex;
  const holders = phase === 'blocked' ? state.waits.filter((w) => w.from === step.session).map((w) => w.to) : [];
  return (
    <div className={`txn-step txn-step-${phase}${current ? ' txn-step-current' : ''}`} data-testid={`step-${index}`} data-phase={phase}>
      <div className="txn-step-head">
        <span className="txn-step-no">#{index + 1}</span>
        <code className="txn-sql">{step.sql}</code>
      </div>
      {phase === 'future' && <div className="txn-step-status">not issued yet</div>}
      {phase === 'blocked' && (
        <div className="txn-step-status txn-status-blocked">
          ◌ blocked{holders.length > 0 ? ` — waits for ${holders.join(', ')}` : ''}
        </div>
      )}
      {phase === 'queued' && <div className="txn-step-status txn-status-blocked">◌ queued behind this session’s blocked statement</div>}
      {done && (
        <div className={`txn-step-status txn-status-${done.status}`}>
          {done.status === 'ok' ? `✓ ${done.command ?? 'ok'}` : `✗ ERROR ${done.sqlstate}: ${done.message}`}
          {done.rows?.length === 1 && (
            <span className="txn-row-inline" data-testid={`rows-${index}`}>
              {' '}
              → {Object.entries(done.rows[0]!).map(([k, v]) => `${k} = ${v === null ? 'null' : String(v)}`).join(', ')}
            </span>
          )}
          {done.completedAtStep !== null && <span className="txn-waited"> (waited; completed at step #{done.completedAtStep + 1})</span>}
        </div>
      )}
      {done?.rows && done.rows.length !== 1 && <RowsTable rows={done.rows} />}
    </div>
  );
}

/** Arrows between session columns for the lock waits of this moment. */
function WaitStrip({ state }: { state: TxnState }) {
  const names = state.sessions.map((s) => s.name);
  const x = (name: string) => `${((names.indexOf(name) + 0.5) / names.length) * 100}%`;
  const edges = state.waits.filter((w, i, all) => all.findIndex((o) => o.from === w.from && o.to === w.to) === i);
  return (
    <div className="txn-wait-strip" style={{ gridColumn: `1 / span ${names.length}` }}>
      <svg width="100%" height={Math.max(28, edges.length * 18 + 10)} role="img" aria-label={edges.length === 0 ? 'No lock waits now' : `Lock waits now: ${edges.map((e) => `${e.from} waits for ${e.to}`).join('; ')}`}>
        <defs>
          <marker id="txn-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="txn-arrow-head" />
          </marker>
        </defs>
        {edges.length === 0 && (
          <text x="50%" y="18" textAnchor="middle" className="txn-wait-none">
            no lock waits
          </text>
        )}
        {edges.map((e, i) => {
          const y = 16 + i * 18;
          return (
            <g key={`${e.from}-${e.to}`}>
              <line x1={x(e.from)} y1={y} x2={x(e.to)} y2={y} className="txn-wait-line" markerEnd="url(#txn-arrow)" />
              <text x={`${(parseFloat(x(e.from)) + parseFloat(x(e.to))) / 2}%`} y={y - 4} className="txn-wait-label" textAnchor="middle">
                {e.from} waits for {e.to} ({e.reason})
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function SessionHeader({ session }: { session: TxnState['sessions'][number] }) {
  const tx = session.transaction;
  return (
    <div className={`txn-lane-head txn-lane-${session.status.replace(' ', '-')}`} data-testid={`session-${session.name}`}>
      <div className="txn-lane-name">{session.name}</div>
      <div className="txn-lane-meta">{tx ? tx.isolation : session.isolation}</div>
      <div className="txn-lane-meta">
        {session.status}
        {tx?.xid != null ? ` · xid ${tx.xid}` : ''}
      </div>
      {tx?.snapshot && (
        <div className="txn-lane-meta" title="Transactions below xmax and not in progress are visible">
          snapshot {tx.snapshot.xmin}:{tx.snapshot.xmax}
          {tx.snapshot.xip.length > 0 ? ` (in progress: ${tx.snapshot.xip.join(', ')})` : ''}
        </div>
      )}
    </div>
  );
}

/**
 * One column per session, the schedule's statements in issue order as rows: each shows its
 * status (ok with PostgreSQL's command tag, blocked, or the error with SQLSTATE and message) and
 * the rows it returned; lock waits of this moment are arrows between the columns.
 */
export function Swimlane({ state, onStep }: { state: TxnState; onStep: (delta: number | 'start' | 'end') => void }) {
  const names = state.sessions.map((s) => s.name);
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const moves: Record<string, number | 'start' | 'end'> = { ArrowRight: 1, ArrowLeft: -1, Home: 'start', End: 'end' };
    const move = moves[event.key];
    if (move === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    // The page uses → to step the simulation; inside the swimlane it steps the schedule instead.
    event.preventDefault();
    event.stopPropagation();
    onStep(move);
  }
  return (
    <div
      className="txn-lanes"
      style={{ gridTemplateColumns: `repeat(${names.length}, minmax(12rem, 1fr))` }}
      tabIndex={0}
      role="group"
      aria-label="Swimlanes, one column per session. With focus here, ← and → step back and forward, Home and End go to the start and the end."
      onKeyDown={onKeyDown}
      data-testid="swimlanes"
    >
      {state.sessions.map((s) => (
        <SessionHeader key={s.name} session={s} />
      ))}
      <WaitStrip state={state} />
      {state.steps.map((step, i) => (
        <div key={i} className="txn-lane-row" style={{ gridColumn: `${names.indexOf(step.session) + 1}`, gridRow: i + 3 }}>
          <StepCell state={state} index={i} step={step} />
        </div>
      ))}
    </div>
  );
}
