import { useState } from 'react';
import type { LabViewApi, SqlOutcome } from '../../../lab/view';
import type { BatchDetail } from '../detail';
import { COUNT_LOADED_SQL } from '../loadTable';
import type { MethodId } from '../methods';
import type { BatchParams } from '../params';
import { formatCount } from './format';

/** Why a bad row leaves what it leaves, per method. */
const AFTER_A_BAD_ROW: Record<MethodId, string> = {
  'row-by-row': 'Each row commits on its own: the rows before the bad one stay, the application stops at the error, the rest are never sent.',
  'one-transaction': 'One transaction: the error aborts it, and the ROLLBACK undoes every row before the bad one. Nothing stays.',
  executemany: 'executemany runs inside one transaction: the error aborts it and nothing stays, as with one transaction.',
  batched: 'Each batch is one transaction: the batches committed before the failing one stay; the failing batch is rolled back whole.',
  'multi-row': 'Each statement is all or nothing: the statements committed before the failing one stay; with one statement, nothing stays.',
  unnest: 'Each statement is all or nothing: the statements committed before the failing one stay; with one statement, nothing stays.',
  copy: 'One COPY is one statement: all or nothing. Nothing stays.',
};

function countText(outcome: SqlOutcome | null): string | null {
  if (outcome === null) return null;
  if (!outcome.ok) return `PostgreSQL: ${outcome.error.message}`;
  return `${formatCount(Number(outcome.rows[0]?.loaded_rows ?? 0))} rows carry the load's values`;
}

/** What the load left in the real table: counted in PGlite, compared, and countable by hand. */
export function OutcomePanel({ api, detail, params }: { api: LabViewApi<BatchParams, BatchDetail>; detail: BatchDetail | null; params: BatchParams }) {
  const db = api.useDb();
  const [counted, setCounted] = useState<SqlOutcome | null>(null);
  const real = detail?.real ?? null;
  const status = (() => {
    if (real === null) return 'Press play: the load runs against a real PostgreSQL (PGlite) primary.';
    switch (real.phase) {
      case 'off':
        return 'Model only: no SQL ran; the rows shown are those the model committed.';
      case 'ready':
        return `Press play: the load will make batch_customers afresh with ${formatCount(params.customers)} customers and write its rows into it, on a real PostgreSQL (PGlite).`;
      case 'setting-up':
        return `Making batch_customers afresh with ${formatCount(params.customers)} customers on PostgreSQL…`;
      case 'loading':
        return 'Loading for real: each transaction runs on PGlite when its writer commits it.';
      case 'checking':
        return 'Counting the table in PostgreSQL…';
      case 'checked':
        return real.match
          ? `✓ Counted in PostgreSQL: ${formatCount(real.loaded ?? 0)} rows carry the load's values, exactly the rows expected (checksums equal), ${formatCount(real.total ?? 0)} rows in the table.`
          : `✗ The table differs from what the model expects: ${formatCount(real.loaded ?? 0)} rows counted, ${formatCount(detail?.rowsExpected ?? 0)} expected.`;
    }
  })();
  return (
    <section className="batch-outcome" aria-labelledby="batch-outcome-title" data-testid="batch-outcome">
      <h2 id="batch-outcome-title">What the load left in the table</h2>
      <p className={`batch-status ${real?.phase === 'checked' ? (real.match ? 'batch-status--ok' : 'batch-status--error') : ''}`} data-testid="batch-real-status">
        <span className="origin origin--real">real</span> {status}
      </p>
      {real?.error && (
        <p className="batch-status batch-status--error" role="status">
          PostgreSQL refused the bad row: <q>{real.error}</q>
        </p>
      )}
      {real?.mismatch && <p className="batch-status batch-status--error">{real.mismatch}</p>}
      <p>
        {params.badRowAt > 0 ? (
          <>
            Row {formatCount(params.badRowAt)} has no email, which the table refuses (NOT NULL). {AFTER_A_BAD_ROW[params.method]}{' '}
            <strong data-testid="batch-expected">
              {formatCount(detail?.rowsExpected ?? 0)} of {formatCount(params.rows)} rows stay
            </strong>
            {detail !== null && detail.rowsRolledBack > 0 ? `; ${formatCount(detail.rowsRolledBack)} were written, then rolled back${detail.finishedAt === null ? ' so far' : ''}` : ''}.
          </>
        ) : (
          <>No bad row: all {formatCount(params.rows)} rows should land. Set “Bad row at” to see what an error in the middle leaves behind.</>
        )}
      </p>
      <div className="batch-count">
        <code>{COUNT_LOADED_SQL}</code>{' '}
        <button type="button" className="button button--small" disabled={db.state !== 'ready'} onClick={() => void api.runSql(COUNT_LOADED_SQL).then(setCounted)} data-testid="batch-count-button">
          Count them in PostgreSQL
        </button>{' '}
        {counted !== null && <span data-testid="batch-count-result">{countText(counted)}</span>}
      </div>
    </section>
  );
}
