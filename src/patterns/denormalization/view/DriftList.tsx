import { useState } from 'react';
import type { LabViewApi } from '../../../lab/view';
import type { DenormDetail } from '../detail';
import type { DenormParams } from '../params';
import type { DriftReason } from '../rowBook';
import { driftSql } from '../sql';
import { ColumnHeads } from '../../../lab/kit/view/ColumnHeads';

type Api = LabViewApi<DenormParams, DenormDetail>;

const REASON_WORDS: Record<DriftReason, string> = {
  missing: 'line missing',
  customer_name: 'old customer name',
  product_price: 'old product price',
};

/** What PGlite says differs, for the lines it lists: the copy's value and the truth's, column by column. */
interface RealDrift {
  rows: { orderId: number; line: number; differences: string[] }[];
  error: string | null;
}

function differences(copy: Record<string, unknown> | null, truth: Record<string, unknown> | null): string[] {
  if (copy === null) return ['missing from the copy'];
  if (truth === null) return ['not in the join'];
  return Object.keys(truth)
    .filter((k) => JSON.stringify(copy[k]) !== JSON.stringify(truth[k]))
    .map((k) => `${k}: ${JSON.stringify(copy[k])} ≠ ${JSON.stringify(truth[k])}`);
}

/**
 * The lines of the copy that differ from the normalized truth: the model's list as the run goes,
 * the count on PGlite at the end, and a button that asks PGlite now (EXCEPT both ways).
 */
export function DriftList({ detail: d, api }: { detail: DenormDetail; api: Api }) {
  const [real, setReal] = useState<RealDrift | null>(null);
  const [busy, setBusy] = useState(false);
  const relation = d.drift.relation;
  const check = async () => {
    if (relation === null) return;
    setBusy(true);
    const outcome = await api.runSql(driftSql(relation, 10));
    setBusy(false);
    if (!outcome.ok) {
      setReal({ rows: [], error: outcome.error.message });
      return;
    }
    setReal({
      error: null,
      rows: outcome.rows.map((r) => ({
        orderId: Number(r.order_id),
        line: Number(r.line),
        differences: differences(r.copy_row as Record<string, unknown> | null, r.truth_row as Record<string, unknown> | null),
      })),
    });
  };
  return (
    <section className="denorm-card denorm-drift" aria-label="Drift">
      <h3>
        Drift: {d.drift.rows} line{d.drift.rows === 1 ? '' : 's'} differ from the join <span className="origin origin--simulated">simulated</span>
      </h3>
      {relation === null ? (
        <p className="denorm-muted">The normalized read has no copy: nothing can drift.</p>
      ) : (
        <>
          <p className="denorm-muted">
            {d.drift.byReason.missing} missing, {d.drift.byReason.customer_name} with an old name, {d.drift.byReason.product_price} with an old price.
            {d.drift.check !== null && (
              <>
                {' '}
                At the end: <span className="origin origin--real">real</span> {d.drift.check.real ?? '—'} on PGlite (EXCEPT both ways), the model {d.drift.check.model}.
              </>
            )}
          </p>
          {d.drift.listed.length > 0 && (
            <table className="denorm-table-list" data-testid="drift-list">
              <ColumnHeads columns={['order', 'line', 'customer', 'product', 'why']} />
              <tbody>
                {d.drift.listed.slice(0, 8).map((l) => (
                  <tr key={`${l.orderId}-${l.line}`}>
                    <td>{l.orderId}</td>
                    <td>{l.line}</td>
                    <td>{l.customerId}</td>
                    <td>{l.productId}</td>
                    <td>{l.reasons.map((r) => REASON_WORDS[r]).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <button type="button" onClick={() => void check()} disabled={busy}>
            {busy ? 'Asking PGlite…' : 'Check on PGlite now (EXCEPT both ways)'}
          </button>
          {real !== null && <RealDriftRows real={real} />}
        </>
      )}
    </section>
  );
}

function RealDriftRows({ real }: { real: RealDrift }) {
  if (real.error !== null) return <p className="denorm-alert">{real.error}</p>;
  if (real.rows.length === 0) return <p>PGlite finds no difference: the copy equals the join.</p>;
  return (
    <ul className="denorm-real-drift" aria-label="Drifted lines on PGlite">
      {real.rows.map((r) => (
        <li key={`${r.orderId}-${r.line}`}>
          <span className="origin origin--real">real</span> order {r.orderId} line {r.line}: {r.differences.join('; ')}
        </li>
      ))}
    </ul>
  );
}
