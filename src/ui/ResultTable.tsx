import type { Row } from '../db/dbNode';
import { formatSqlValue } from './sqlValues';

/** Rows as a table, column headers from `fields` (or the first row's keys). */
export function ResultTable({ fields, rows, caption }: { fields: readonly string[]; rows: readonly Row[]; caption: string }) {
  const columns = fields.length > 0 ? fields : Object.keys(rows[0] ?? {});
  return (
    <div className="result-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="result-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={`${c}-${i}`} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {columns.map((c, i) => {
                const v = formatSqlValue(row[c]);
                return (
                  <td key={`${c}-${i}`} className={`cell--${v.kind}`}>
                    {v.text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
