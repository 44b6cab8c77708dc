import { useMemo } from 'react';
import { batchCosts } from '../batchCosts';
import { summarizeLoad, type LoadSettings } from '../loadPlan';
import type { MethodId } from '../methods';
import { formatMs } from './format';
import { ColumnHeads } from '../../../lab/kit/view/ColumnHeads';

const SEED = { rows: 1000, networkRttMs: 10, commitMs: 1 };

const CLAIMS: { method: MethodId; batchSize: number; label: string; seedSays: string; note: string }[] = [
  { method: 'row-by-row', batchSize: 1, label: 'Individual inserts', seedSays: '10 s', note: 'reproduced: 1,000 round trips of 10 ms, plus a commit each' },
  { method: 'batched', batchSize: 50, label: 'Batches of 50', seedSays: '200 ms', note: 'same order: 20 round trips (200 ms) plus 1,000 statements still parsed and run one by one' },
  { method: 'multi-row', batchSize: 1000, label: 'One multi-row insert', seedSays: '50 ms', note: 'same order: one round trip; the rest is writing 1,000 rows and their index entries' },
];

/** The seed's three figures beside this lab's for the same load (1,000 rows, 10 ms round trips, 1 ms commits). */
export function SeedTable() {
  const rows = useMemo(
    () =>
      CLAIMS.map((c) => {
        const s: LoadSettings = { method: c.method, operation: 'insert', rows: SEED.rows, batchSize: c.batchSize, badRowAt: 0, customers: 1000, concurrency: 1 };
        return { ...c, ms: summarizeLoad(s, batchCosts, SEED.networkRttMs, SEED.commitMs).totalMs };
      }),
    [],
  );
  return (
    <section className="batch-seed" aria-labelledby="batch-seed-title" data-testid="batch-seed">
      <h2 id="batch-seed-title">
        The seed&apos;s table <span className="panel-count">(1,000 rows, 10 ms round trips, 1 ms commits)</span>
      </h2>
      <table className="batch-method-table">
        <ColumnHeads columns={['Method', 'The seed says', 'This lab', 'What we reproduce']} />
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.seedSays}</td>
              <td className="batch-strong">{formatMs(r.ms)}</td>
              <td className="batch-wrap">{r.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="panel-note">
        The order and the orders of magnitude come out; the exact figures depend on the server (the seed does not say how long a statement or a commit takes). What the seed leaves out: what each driver call really sends (below), and what a bad row leaves in the table.
      </p>
    </section>
  );
}
