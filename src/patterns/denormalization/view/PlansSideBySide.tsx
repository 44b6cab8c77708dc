import { useState } from 'react';
import { PlanCompare, PlanViewer } from '../../../ui/plan';
import type { LabViewApi } from '../../../lab/view';
import type { DenormDetail } from '../detail';
import type { DenormParams } from '../params';

type Api = LabViewApi<DenormParams, DenormDetail>;

interface Plans {
  join: unknown;
  copy: unknown | null;
  error: string | null;
}

async function explain(api: Api, sql: string): Promise<unknown> {
  const outcome = await api.runSql(`explain (analyze, format json) ${sql}`);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.rows;
}

/** The two reads' real plans on the primary (EXPLAIN ANALYZE), side by side: the 4-join against the copy's index scan. */
export function PlansSideBySide({ detail: d, api }: { detail: DenormDetail; api: Api }) {
  const [plans, setPlans] = useState<Plans | null>(null);
  const [busy, setBusy] = useState(false);
  const { state } = api.useDb();
  const show = async () => {
    setBusy(true);
    try {
      const join = await explain(api, d.plans.join);
      const copy = d.plans.copy === null ? null : await explain(api, d.plans.copy);
      setPlans({ join, copy, error: null });
    } catch (error) {
      setPlans({ join: null, copy: null, error: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="denorm-card denorm-plans" aria-label="Plans">
      <h3>
        The read&apos;s real plans <span className="origin origin--real">real</span>
      </h3>
      <p className="denorm-muted">
        Customer 1&apos;s orders with all their details, read both ways with <code>EXPLAIN (ANALYZE, FORMAT JSON)</code> on this lab&apos;s PostgreSQL.
      </p>
      <button type="button" onClick={() => void show()} disabled={busy || state !== 'ready'} data-testid="show-plans">
        {busy ? 'Running EXPLAIN ANALYZE…' : plans ? 'Run them again' : 'Show the two plans'}
      </button>
      {state !== 'ready' && <span className="denorm-muted"> (waiting for the database)</span>}
      {plans?.error != null && <p className="denorm-alert">{plans.error}</p>}
      {plans !== null && plans.error === null && plans.copy !== null && (
        <PlanCompare before={plans.join} after={plans.copy} title="The 4-join against the copy" beforeTitle="Normalized: the 4-join" afterTitle={`Denormalized: ${d.drift.relation}`} />
      )}
      {plans !== null && plans.error === null && plans.copy === null && (
        <>
          <PlanViewer plan={plans.join} title="Normalized: the 4-join" sql={d.plans.join} headingLevel={4} compact />
          <p className="denorm-muted">This read model has no copy: choose another read model (and reset) to compare its index scan.</p>
        </>
      )}
    </section>
  );
}
