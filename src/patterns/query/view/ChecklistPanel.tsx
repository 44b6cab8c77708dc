import { useMemo } from 'react';
import { indexChecklist } from './indexChecklist';
import { ScanSummary } from './ScanSummary';
import type { Catalog, Explained, PlanChange } from './useIndexWorkbench';
import { WriteCost } from './WriteCost';

interface ChecklistPanelProps {
  current: Explained | null;
  catalog: Catalog | null;
  /** Tables the current plan reads. */
  tables: string[];
  compare: PlanChange | null;
}

/** The columns the query filters, joins and sorts on, each with the index that serves it or why none does; then how each table is read and what its indexes cost a write. */
export function ChecklistPanel({ current, catalog, tables, compare }: ChecklistPanelProps) {
  const tree = current?.tree ?? null;
  const checklist = useMemo(() => (tree && catalog ? indexChecklist(tree, current!.sql, catalog.indexes, catalog.columns) : []), [tree, catalog, current]);
  return (
    <div className="query-checklist" data-testid="query-checklist">
      <h3>Index checklist for this query</h3>
      {checklist.length === 0 ? (
        <p className="panel-note">{tree ? 'This plan filters, joins and sorts on no table column.' : 'Run the query to see which columns it filters, joins and sorts on.'}</p>
      ) : (
        <ul>
          {checklist.map((item) => (
            <li key={`${item.role}:${item.table}.${item.column}`} className={item.coveredBy ? 'is-covered' : 'is-missing'}>
              <span className="query-check-mark" aria-hidden="true">
                {item.coveredBy ? '✓' : '✗'}
              </span>
              <span className="query-check-role">{item.role}</span>{' '}
              <code>
                {item.table}.{item.column}
              </code>{' '}
              {item.coveredBy ? (
                <>— index {item.coveredBy}</>
              ) : item.notLeading ? (
                <>
                  — {item.notLeading.index} has it, but after {item.notLeading.before.join(', ')}: an index is searched by its first column(s), so it cannot find rows by {item.column} alone
                </>
              ) : (
                <>— no index</>
              )}
            </li>
          ))}
        </ul>
      )}
      <ScanSummary tree={tree} />
      {catalog && tables.length > 0 && <WriteCost tables={tables} catalog={catalog} compare={compare} />}
    </div>
  );
}
