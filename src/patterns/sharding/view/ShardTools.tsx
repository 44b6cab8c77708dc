import { useState } from 'react';
import type { LabViewApi, SqlOutcome } from '../../../lab/view';
import { hash32 } from '../../../models/sharding/hash';
import type { ShardingDetail } from '../detail';
import type { ShardingParams } from '../params';
import { shardColor } from './ShardMapDrawing';
import { ColumnHeads } from '../../../lab/kit/view/ColumnHeads';

type Api = LabViewApi<ShardingParams, ShardingDetail>;

/** What the key lookup found for a customer id. */
export interface Lookup {
  customerId: number;
  key: number;
  hash: number;
  ringAt: number;
  shard: number | null;
  next: number | null;
}

export function lookupCustomer(detail: ShardingDetail, customerId: number): Lookup | null {
  if (!(Number.isInteger(customerId) && customerId >= 1 && customerId <= detail.customers) || detail.customerKey === null) return null;
  const key = detail.customerKey[customerId]!;
  const hash = hash32(key);
  return { customerId, key, hash, ringAt: hash / 4294967296, shard: detail.customerShard?.[customerId] ?? null, next: detail.customerShardNext?.[customerId] ?? null };
}

const keyText = (detail: ShardingDetail, key: number) => (detail.shardKey === 'created_at' ? new Date((1704067200 + key) * 1000).toISOString().slice(0, 10) : String(key));

/** Type a customer id: its shard key, its hash, its shard now and after the next reshard. */
export function KeyLookup({ detail, value, onChange, found }: { detail: ShardingDetail; value: string; onChange: (v: string) => void; found: Lookup | null }) {
  return (
    <div className="shard-lookup" data-testid="key-lookup">
      <label>
        Look up customer{' '}
        <input type="number" min={1} max={detail.customers} value={value} onChange={(e) => onChange(e.target.value)} aria-label="Customer id" data-testid="key-lookup-input" />
      </label>
      {detail.customerKey === null ? (
        <p className="shard-muted">The lookup lists every customer’s shard up to 5,000 customers.</p>
      ) : found === null ? (
        <p className="shard-muted">A customer id from 1 to {detail.customers.toLocaleString('en-US')}.</p>
      ) : (
        <p data-testid="key-lookup-result">
          shard key <code>{detail.shardKey === 'created_at' ? 'created_at' : 'customer_id'}</code> = {keyText(detail, found.key)} · hash <code>0x{found.hash.toString(16).padStart(8, '0')}</code>
          {detail.map.kind === 'ring' ? ` (at ${(found.ringAt * 360).toFixed(1)}° on the ring)` : ''} → <strong style={{ color: found.shard === null ? undefined : shardColor(found.shard) }}>shard-{found.shard}</strong>
          {found.next !== null && (
            <>
              {' '}
              · with {detail.nextShardCount} shards: <strong style={{ color: shardColor(found.next) }}>shard-{found.next}</strong> {found.next === found.shard ? '(stays)' : '(moves)'}
            </>
          )}
          {detail.shardKey !== 'customer_id' && <span className="shard-muted"> · its orders are placed by {detail.shardKey}, on any shard</span>}
        </p>
      )}
    </div>
  );
}

/** The report's fan-out: every shard answers, the router merges; and whether the merges were right. */
export function ScatterPanel({ detail }: { detail: ShardingDetail }) {
  const s = detail.scatter;
  const apart = detail.shardKey !== 'customer_id';
  const active = detail.shards.filter((x) => x.active);
  return (
    <div className="shard-scatter" data-testid="scatter-panel">
      <h3>
        Reports: scatter-gather <span className="shard-muted">— top 10 customers by revenue, revenue and average order per city, total balance</span>
      </h3>
      <div className="shard-fanout" aria-label={`The router sends the report to ${active.length} shards and merges their answers`}>
        <span className="shard-chip">router</span>
        <span className="shard-fan-arrows" aria-hidden="true">
          ⇉
        </span>
        {active.map((x) => (
          <span key={x.id} className="shard-chip" style={{ borderColor: shardColor(x.index) }}>
            {x.id}: {apart ? 'every customer’s partial sums' : 'its top 10 + city sums'}
          </span>
        ))}
        <span className="shard-fan-arrows" aria-hidden="true">
          ⇶
        </span>
        <span className="shard-chip">merge: {apart ? 'add per customer, then rank' : 'top 10 of the top 10s'}; average = Σ revenue ÷ Σ orders</span>
      </div>
      <p>
        Merges checked against one node holding every row: {s.verified.toLocaleString('en-US')} (simulated), {s.mismatches === 0 ? 'all equal' : <strong className="shard-bad">{s.mismatches} differed</strong>}
        {detail.sql.reference && (
          <>
            {' '}
            · on the real shards against the <em>reference</em> node: {s.sqlChecked.toLocaleString('en-US')}, {s.sqlMismatches === 0 ? 'all equal' : <strong className="shard-bad">{s.sqlMismatches} differed ({s.lastMismatch})</strong>}
          </>
        )}
      </p>
    </div>
  );
}

const QUICK = [
  ['rows', "select 'customers' as t, count(*) from customers union all select 'orders', count(*) from orders union all select 'accounts', count(*) from accounts"],
  ['in doubt', 'select gid, prepared from pg_prepared_xacts'],
  ['balances', 'select sum(balance) as total, count(*) as accounts from accounts'],
] as const;

/** A SQL console on any shard (or the reference node): the real rows each node holds. */
export function ShardConsole({ detail, api }: { detail: ShardingDetail; api: Api }) {
  const nodes = [...detail.shards.map((s) => s.id), 'reference'];
  const [node, setNode] = useState(nodes[0]!);
  const [sql, setSql] = useState<string>(QUICK[0][1]);
  const [outcome, setOutcome] = useState<SqlOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (text: string) => {
    setBusy(true);
    try {
      setOutcome(await api.runSql(text, node));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="shard-console" data-testid="shard-console">
      <h3>
        SQL on a node <span className="shard-muted">— real PGlite rows (each shard holds only its keys; “reference” holds every row)</span>
      </h3>
      <div className="shard-console-bar">
        <select value={node} onChange={(e) => setNode(e.target.value)} aria-label="Node">
          {nodes.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
        {QUICK.map(([label, text]) => (
          <button key={label} type="button" className="button button--small" onClick={() => (setSql(text), void run(text))}>
            {label}
          </button>
        ))}
      </div>
      <textarea value={sql} onChange={(e) => setSql(e.target.value)} rows={2} aria-label="SQL" spellCheck={false} />
      <button type="button" className="button" disabled={busy} onClick={() => void run(sql)}>
        {busy ? 'Running…' : `Run on ${node}`}
      </button>
      {outcome && <Outcome outcome={outcome} />}
    </div>
  );
}

function Outcome({ outcome }: { outcome: SqlOutcome }) {
  if (!outcome.ok) return <p className="shard-bad">{outcome.error.message}</p>;
  return (
    <table className="shard-result">
      <ColumnHeads columns={outcome.fields} />
      <tbody>
        {outcome.rows.slice(0, 20).map((r, i) => (
          <tr key={i}>
            {outcome.fields.map((f) => (
              <td key={f}>{String(r[f] instanceof Date ? (r[f] as Date).toISOString() : r[f])}</td>
            ))}
          </tr>
        ))}
      </tbody>
      {outcome.rowCount > 20 && (
        <caption className="shard-muted">
          {outcome.rowCount} rows, first 20 shown
        </caption>
      )}
    </table>
  );
}
