import type { DenormDetail } from '../detail';

interface Box {
  id: string;
  label: string;
  x: number;
  y: number;
  /** The write that lands here, and how many so far. */
  write?: string;
  /** What the copy must do about it. */
  follow?: string;
}

const W = 560;
const H = 290;
const BOX_W = 132;
const BOX_H = 34;

/** How the copy follows the writes, per read model, in a few words. */
function followedBy(d: DenormDetail): { text: string; danger: boolean } {
  switch (d.readModel) {
    case 'normalized':
      return { text: 'No copy: every read joins the five tables', danger: false };
    case 'trigger-maintained':
      return { text: 'Triggers update the copy inside each write\'s transaction', danger: false };
    case 'materialized-view':
      if (d.refreshError !== null) return { text: `The last REFRESH was refused by PostgreSQL: the view falls behind`, danger: true };
      if (d.refresh === 'on-write') return { text: 'Every write runs REFRESH, rebuilding all 10,001 lines', danger: false };
      if (d.refresh === 'concurrently') return { text: 'REFRESH … CONCURRENTLY recomputes every line and rewrites those that changed, while readers go on', danger: false };
      return { text: `REFRESH rebuilds every line (${d.refresh === 'manual' ? 'when you press Refresh now' : `every ${d.refreshIntervalS} s`})`, danger: false };
    case 'denormalized-table': {
      const when = d.syncMode === 'same-transaction' ? 'in the same transaction' : d.syncMode === 'after-commit' ? 'after the commit' : 'through a queue';
      const forgot = d.writes.copiesForgotten;
      return { text: `The application updates the copy ${when}${forgot > 0 ? `, and forgot ${forgot} time${forgot === 1 ? '' : 's'}` : ''}`, danger: forgot > 0 };
    }
  }
}

/** The statement each write needs on the copy, per read model. */
function followLabels(d: DenormDetail): { customers: string; orders: string; products: string } {
  if (d.readModel === 'normalized') return { customers: '', orders: '', products: '' };
  if (d.readModel === 'materialized-view') return { customers: 'REFRESH', orders: 'REFRESH', products: 'REFRESH' };
  return { customers: 'UPDATE customer_name', orders: 'INSERT its lines', products: 'UPDATE product_price, every line' };
}

/**
 * The five tables and the copy, with an arrow from each table a write lands in to the copy: a
 * renamed customer, a new order's lines and a price change must each reach it, one way or another.
 */
export function SchemaDiagram({ detail: d }: { detail: DenormDetail }) {
  const copyName = d.readModel === 'materialized-view' ? 'customer_orders_mv' : d.readModel === 'normalized' ? null : 'user_orders_denormalized';
  const labels = followLabels(d);
  const boxes: Box[] = [
    { id: 'customers', label: 'customers', x: 10, y: 14, write: `${d.writes.renameCustomer} renamed`, follow: labels.customers },
    { id: 'orders', label: 'orders', x: 10, y: 74, write: `${d.writes.newOrder} new orders`, follow: labels.orders },
    { id: 'order_items', label: 'order_items', x: 10, y: 134, write: `their lines` },
    { id: 'products', label: 'products', x: 10, y: 194, write: `${d.writes.changePrice} price changes`, follow: labels.products },
    { id: 'categories', label: 'categories', x: 10, y: 250, write: 'never written' },
  ];
  const copy = { x: W - BOX_W - 70, y: 120 };
  const follow = followedBy(d);
  const arrowColour = d.readModel === 'normalized' ? 'var(--grid)' : follow.danger ? 'var(--danger)' : 'var(--accent)';
  return (
    <figure className="denorm-card denorm-schema" aria-label="The five tables and the copy">
      <h3>The tables and the copy</h3>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Writes to customers, orders, order_items and products must reach ${copyName ?? 'no copy'}`}>
        <defs>
          <marker id="denorm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill={arrowColour} />
          </marker>
        </defs>
        {boxes
          .filter((b) => b.follow !== undefined)
          .map((b) => (
            <path
              key={`arrow-${b.id}`}
              d={`M ${b.x + BOX_W} ${b.y + BOX_H / 2} C ${b.x + BOX_W + 120} ${b.y + BOX_H / 2}, ${copy.x - 100} ${copy.y + BOX_H / 2}, ${copy.x} ${copy.y + BOX_H / 2}`}
              fill="none"
              stroke={arrowColour}
              strokeWidth={1.6}
              strokeDasharray={d.readModel === 'normalized' ? '4 4' : undefined}
              markerEnd="url(#denorm-arrow)"
            />
          ))}
        {boxes
          .filter((b) => b.follow)
          .map((b) => (
            <text key={`label-${b.id}`} x={b.x + BOX_W + 12} y={b.y + BOX_H / 2 - 5} className="denorm-arrow-label">
              {b.follow}
            </text>
          ))}
        {boxes.map((b) => (
          <g key={b.id} transform={`translate(${b.x} ${b.y})`}>
            <rect width={BOX_W} height={BOX_H} rx={6} className="denorm-table" />
            <text x={8} y={14} className="denorm-table-name">
              {b.label}
            </text>
            {b.write && (
              <text x={8} y={28} className="denorm-table-write">
                {b.write}
              </text>
            )}
          </g>
        ))}
        <g transform={`translate(${copy.x} ${copy.y})`}>
          <rect width={BOX_W + 60} height={BOX_H + 10} rx={6} className={copyName === null ? 'denorm-copy denorm-copy--none' : 'denorm-copy'} />
          <text x={8} y={17} className="denorm-table-name">
            {copyName ?? '(no copy)'}
          </text>
          {copyName !== null && (
            <text x={8} y={34} className="denorm-table-write">
              {`${d.drift.rows} line${d.drift.rows === 1 ? '' : 's'} drifted`}
            </text>
          )}
        </g>
      </svg>
      <figcaption className={follow.danger ? 'denorm-danger' : undefined}>
        {follow.text}.{d.readModel !== 'normalized' && d.readModel !== 'materialized-view' && ` ${d.writes.copyUpdates} copy updates applied${d.writes.queued > 0 ? `, ${d.writes.queued} queued` : ''}.`}
      </figcaption>
    </figure>
  );
}
