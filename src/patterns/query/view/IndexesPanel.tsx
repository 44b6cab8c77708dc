import { AddIndexForm } from './AddIndexForm';
import { unusedIndexes, type IndexInfo } from './indexChecklist';
import { createIndexSql, dropIndexSql } from './indexSql';
import type { SeedQuery } from './seedQueries';
import type { Catalog } from './useIndexWorkbench';
import { ColumnHeads } from '../../../lab/kit/view/ColumnHeads';

interface IndexesPanelProps {
  seed: SeedQuery | null;
  catalog: Catalog | null;
  /** Tables the current plan reads (their key indexes are listed; others' are not). */
  tables: string[];
  busy: boolean;
  /** The "Index on orders.customer_id" parameter in force (undefined before the first run). */
  paramIndexed: boolean | undefined;
  /** Run the DDL `ddl()` makes and compare the plans before and after. */
  changeIndexes(label: string, ddl: () => string): void;
}

/** The demo tables' indexes: the seed query's suggestions, a form to add one, the list with drops, and the unused ones. */
export function IndexesPanel({ seed, catalog, tables, busy, paramIndexed, changeIndexes }: IndexesPanelProps) {
  const unused = catalog ? unusedIndexes(catalog.indexes) : [];
  const added = catalog ? catalog.indexes.filter((i) => !i.constraint) : [];
  return (
    <div className="query-indexes" data-testid="query-indexes">
      <h3>Indexes</h3>
      <p className="query-param-link" data-testid="query-param-link">
        <span aria-hidden="true">⇄ </span>An index on <code>orders (customer_id …)</code> is the parameter <strong>Index on orders.customer_id</strong>, now{' '}
        <strong data-testid="query-param-link-state">{paramIndexed === undefined ? '…' : paramIndexed ? 'on' : 'off'}</strong>: creating or dropping it here switches the parameter, and switching the parameter creates or drops it here.
      </p>
      {seed && (
        <div className="query-suggestions">
          {seed.suggestions.map((s) => {
            const exists = catalog?.indexes.some((i) => i.table === s.table && i.columns.join(',') === s.columns.join(','));
            return (
              <button
                key={s.columns.join(',')}
                type="button"
                className="button"
                disabled={busy || catalog === null || exists}
                onClick={() => changeIndexes('Creating the index', () => createIndexSql(s.table, s.columns, catalog!.columns))}
                data-testid={`suggest-${s.table}-${s.columns.join('-')}`}
              >
                {exists ? 'Exists: ' : 'Add index on '}
                {s.table} ({s.columns.join(', ')})
              </button>
            );
          })}
        </div>
      )}
      <AddIndexForm catalog={catalog} busy={busy} onCreate={(table, columns) => changeIndexes('Creating the index', () => createIndexSql(table, columns, catalog?.columns ?? {}))} />
      <IndexTable indexes={(catalog?.indexes ?? []).filter((i) => tables.length === 0 || tables.includes(i.table) || !i.constraint)} busy={busy} onDrop={(name) => changeIndexes('Dropping the index', () => dropIndexSql(name))} />
      {added.length > 1 && (
        <button type="button" className="button" disabled={busy} onClick={() => changeIndexes('Dropping the indexes you added', () => added.map((i) => dropIndexSql(i.name)).join('; '))}>
          Drop all {added.length} indexes you added
        </button>
      )}
      {unused.length > 0 && (
        <p className="query-unused" data-testid="query-unused">
          Never used since the primary started (<code>pg_stat_user_indexes.idx_scan = 0</code>): {unused.map((i) => i.name).join(', ')}. Each still costs every INSERT.
        </p>
      )}
    </div>
  );
}

/** Each index with its columns in order and how often it was used; the ones the learner added can be dropped. */
function IndexTable({ indexes, busy, onDrop }: { indexes: IndexInfo[]; busy: boolean; onDrop(name: string): void }) {
  return (
    <table className="query-index-table">
      <ColumnHeads
        columns={[
          'Index',
          'Columns, in order',
          { key: 'used', label: 'Used', title: 'pg_stat_user_indexes.idx_scan since the primary started' },
          { key: 'drop', label: <span className="visually-hidden">Drop</span> },
        ]}
      />
      <tbody>
        {indexes.map((i) => (
          <tr key={i.name} data-index={i.name}>
            <td>{i.name}</td>
            <td>
              {i.table} ({i.columns.join(', ')})
            </td>
            <td>{i.scans.toLocaleString('en-US')}×</td>
            <td>
              {i.constraint ? (
                <span className="panel-count">key</span>
              ) : (
                <button type="button" className="button button--small" disabled={busy} onClick={() => onDrop(i.name)} aria-label={`Drop index ${i.name}`}>
                  Drop
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
