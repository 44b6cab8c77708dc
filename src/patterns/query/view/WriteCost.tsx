import type { PlanTree } from '../../../ui/plan';
import { COST_MODEL } from '../../../db/costModel';
import { insertCostMs, readsToBreakEven } from '../indexWriteCost';
import type { Catalog, PlanChange } from './useIndexWorkbench';
import { ColumnHeads } from '../../../lab/kit/view/ColumnHeads';

const planMs = (tree: PlanTree) => COST_MODEL.statementOverheadMs + tree.root.totalCost * COST_MODEL.msPerCostUnit;
const fmtMs = (x: number) => (x >= 10 ? `${x.toFixed(1)} ms` : x >= 0.1 ? `${x.toFixed(2)} ms` : `${(x * 1000).toFixed(1)} µs`);

/** Each index's price on every INSERT, against what the last index change saved this query. */
export function WriteCost({ tables, catalog, compare }: { tables: string[]; catalog: Catalog; compare: PlanChange | null }) {
  const gain = compare ? planMs(compare.before.tree) - planMs(compare.after.tree) : null;
  return (
    <div className="query-write-cost" data-testid="query-write-cost">
      <h3>
        Write cost of the indexes <span className="origin origin--simulated">simulated</span>
      </h3>
      <table className="query-index-table">
        <ColumnHeads columns={['Table', 'Indexes', 'One INSERT', 'of which indexes']} />
        <tbody>
          {tables.map((t) => {
            const count = catalog.indexes.filter((i) => i.table === t).length;
            const c = insertCostMs(catalog.insertCost[t] ?? 0, count, catalog.rows[t] ?? 0);
            return (
              <tr key={t}>
                <td>{t}</td>
                <td>{count}</td>
                <td>{fmtMs(c.totalMs)}</td>
                <td>
                  {count} × {fmtMs(c.perIndexMs)} = {fmtMs(c.indexesMs)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {gain !== null && compare && (
        <p className="panel-note" data-testid="query-read-gain">
          This change made one run of the query {gain >= 0 ? `${fmtMs(gain)} cheaper` : `${fmtMs(-gain)} dearer`} ({fmtMs(planMs(compare.before.tree))} → {fmtMs(planMs(compare.after.tree))}, from the planner&apos;s costs).{' '}
          {gain > 0 && <BreakEven gain={gain} perIndexMs={insertCostMs(0, 1, catalog.rows[tables[0]!] ?? 0).perIndexMs} />}
        </p>
      )}
      <p className="panel-note">
        PostgreSQL&apos;s INSERT plan does not price index maintenance, so the model adds a fixed term per index (a leaf page and a B-tree descent): see indexWriteCost.ts.
      </p>
    </div>
  );
}

/** One read's saving against one INSERT's extra cost, as the number of inserts one read pays for. */
function BreakEven({ gain, perIndexMs }: { gain: number; perIndexMs: number }) {
  const insertsPerRead = 1 / readsToBreakEven(gain, perIndexMs);
  return (
    <>
      The index adds about {fmtMs(perIndexMs)} to every INSERT, so one run of this query saves what{' '}
      {insertsPerRead >= 10 ? Math.round(insertsPerRead).toLocaleString('en-US') : insertsPerRead.toFixed(1)} inserts pay for it: worth it unless the table takes more inserts than that per run of the query.
    </>
  );
}
