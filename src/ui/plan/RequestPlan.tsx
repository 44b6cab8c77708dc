import { useState } from 'react';
import { runSql } from '../../app/simulationClient';
import { setDbState } from '../../store/consoleSlice';
import { appStore } from '../../store/store';
import { PlanDialog } from './PlanDialog';
import { PlanViewer } from './PlanViewer';
import { planStatementFor } from './requestPlanSql';
import './plan.css';

type State =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'shown'; rows: unknown; explain: string; note: string | null; open: boolean }
  | { kind: 'error'; message: string };

/**
 * "Show plan" for a request's statement: runs EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) on the
 * lab's primary through the SQL console's path and shows the plan in a dialog.
 */
export function RequestPlan({ requestId, sql, params }: { requestId: number; sql: string; params?: readonly unknown[] | undefined }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const statement = planStatementFor(sql, params);
  // A statement with no plan to show says why at once, in place of a button that could only fail.
  if (!statement.ok) return <p className="panel-note request-plan-actions" data-testid="no-plan">No plan: {statement.error}.</p>;
  const show = async () => {
    setState({ kind: 'running' });
    // The first statement boots PostgreSQL: say so at once, as the console does.
    if (appStore.getState().console.db === 'cold') setDbState('booting', 'Starting PostgreSQL (PGlite)');
    const outcome = await runSql(statement.sql);
    if (!outcome.ok) {
      const { message, code } = outcome.error;
      setState({ kind: 'error', message: `PostgreSQL could not explain this statement: ${message}${code ? ` (SQLSTATE ${code})` : ''}.` });
      return;
    }
    setState({ kind: 'shown', rows: outcome.rows, explain: statement.sql, note: statement.note, open: true });
  };
  const close = () => setState((s) => (s.kind === 'shown' ? { ...s, open: false } : s));
  return (
    <div className="request-plan-actions">
      <button type="button" className="button" onClick={() => void show()} disabled={state.kind === 'running'} data-testid="show-plan">
        {state.kind === 'running' ? 'Explaining…' : 'Show plan'}
      </button>
      {state.kind === 'idle' && <span className="panel-note">runs EXPLAIN ANALYZE on the primary and shows where the time goes</span>}
      {state.kind === 'error' && (
        <p className="error-box plan-error" role="alert" data-testid="plan-error">
          {state.message}
        </p>
      )}
      {state.kind === 'shown' && (
        <PlanDialog open={state.open} title={`Plan of request #${requestId}'s statement`} onClose={close}>
          {state.note && <p className="plan-dialog-note">{state.note}</p>}
          <PlanViewer plan={state.rows} title="Query plan" sql={state.explain} fileName={`request-${requestId}-plan`} headingLevel={3} />
        </PlanDialog>
      )}
    </div>
  );
}
