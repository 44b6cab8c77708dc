import type { LabViewApi } from '../../../lab/view';
import type { QueryDetail } from '../detail';
import type { QueryParams } from '../params';
import { requestPlan } from '../queryCosts';
import { STRATEGY_IDS, type StrategyId } from '../strategies';
import { ColumnHeads } from '../../../lab/kit/view/ColumnHeads';

const NAMES: Record<StrategyId, string> = { 'n-plus-one': 'N+1', join: 'JOIN', batch: 'Batch (= ANY)' };
const WIDTH = 640;
const ROW_H = 22;

function ms(x: number): string {
  return x >= 100 ? `${Math.round(x).toLocaleString('en-US')} ms` : `${x.toFixed(x >= 10 ? 1 : 2)} ms`;
}

/**
 * One request of each strategy, to scale: every round trip as a grey network segment and a
 * coloured database segment. N+1 is a long comb of small requests; JOIN and batch one or two.
 */
export function StrategyPanel({ api }: { api: LabViewApi<QueryParams, QueryDetail> }) {
  // Partial: the page knows no parameters until the lab's first run is loaded.
  const params: Partial<QueryParams> = api.useParams();
  const detail = api.useDetail();
  // Playing but still at 0 s with nothing compared: the run is waiting for the comparison on PGlite
  // (snapshots are only published once it is done, so the model's own flag is rarely seen).
  const { playing } = api.usePlayback();
  const t = api.useTime();
  const db = api.useDb().state;
  const waiting = playing && t === 0 && db !== 'cold';
  const customers = params.customers ?? 50;
  const rtt = params.networkRttMs ?? 1;
  const indexed = params.ordersIndex === true;
  const rows = STRATEGY_IDS.map((id) => {
    const plan = requestPlan(id, customers, indexed);
    const database = plan.statementMs.reduce((s, x) => s + x, 0);
    return { id, plan, network: plan.roundTrips * rtt, database, total: plan.roundTrips * rtt + database };
  });
  const longest = Math.max(...rows.map((r) => r.total), 1e-9);
  const scale = WIDTH / longest;
  return (
    <section className="query-strategies" aria-labelledby="query-strategies-title" data-testid="query-strategies">
      <h2 id="query-strategies-title">
        One request, three ways <span className="panel-count">(the first {customers} customers with their orders)</span>
      </h2>
      <p className="panel-note">
        Each statement waits for a network round trip ({rtt} ms) and runs for the cost of its real plan,{' '}
        <strong data-testid="query-strategy-index">{indexed ? 'with the index on orders.customer_id' : 'without an index on orders.customer_id'}</strong> (the parameter “Index on orders.customer_id”, which is also the
        index on orders (customer_id) in the index view below: create or drop it there and this follows). Bars to scale, without load: grey is the network, colour the database.
      </p>
      <table className="query-strategy-table">
        <ColumnHeads columns={['Strategy', 'Statements', 'Rows', 'Network', 'Database', 'Latency', { key: 'scale', label: 'To scale', className: 'query-bar-col' }]} />
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} aria-current={params.strategy === r.id ? 'true' : undefined} data-strategy={r.id}>
              <th scope="row">{NAMES[r.id]}</th>
              <td>{r.plan.statements.toLocaleString('en-US')}</td>
              <td>{r.plan.rowsTransferred.toLocaleString('en-US')}</td>
              <td>{ms(r.network)}</td>
              <td>{ms(r.database)}</td>
              <td className="query-total">{ms(r.total)}</td>
              <td className="query-bar-col">
                <svg viewBox={`0 0 ${WIDTH} ${ROW_H}`} preserveAspectRatio="none" className="query-bar" role="img" aria-label={`${NAMES[r.id]}: ${r.plan.roundTrips} round trips, ${ms(r.total)}`}>
                  {Bars(r.plan.statementMs, rtt, scale)}
                </svg>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ResultCheck detail={detail} customers={customers} waiting={waiting} />
    </section>
  );
}

function Bars(statementMs: readonly number[], rtt: number, scale: number) {
  const out = [];
  let x = 0;
  for (let i = 0; i < statementMs.length; i++) {
    const net = rtt * scale;
    const db = statementMs[i]! * scale;
    out.push(<rect key={`n${i}`} x={x} y={4} width={Math.max(net, 0)} height={ROW_H - 8} className="query-bar-network" />);
    x += net;
    out.push(<rect key={`d${i}`} x={x} y={2} width={Math.max(db, 0.6)} height={ROW_H - 4} className="query-bar-db" />);
    x += db;
  }
  return out;
}

function ResultCheck({ detail, customers, waiting }: { detail: QueryDetail | null; customers: number; waiting: boolean }) {
  const c = detail?.comparison ?? null;
  if (detail?.comparisonError) {
    return (
      <p className="query-result query-result--error" role="alert">
        The strategies could not be compared on PostgreSQL: {detail.comparisonError}
      </p>
    );
  }
  if (detail?.comparing || (waiting && c === null && !detail?.comparisonError)) {
    return (
      <p className="query-result" data-testid="query-result" role="status">
        <span className="spinner" aria-hidden="true" /> <span className="origin origin--real">real</span> Running the three strategies on PostgreSQL to compare their results ({customers + 4} statements); the run waits for them.
      </p>
    );
  }
  if (c === null && detail?.waitingForNode) {
    return (
      <p className="query-result" data-testid="query-result" role="status">
        <span className="spinner" aria-hidden="true" /> <span className="origin origin--real">real</span> Waiting for PostgreSQL to start: the three strategies are compared on it once it is up ({customers + 4}{' '}
        statements); the run plays meanwhile.
      </p>
    );
  }
  if (c === null) {
    return (
      <p className="query-result" data-testid="query-result">
        <span className="origin origin--real">real</span> Not compared yet: the three strategies run on PostgreSQL when a run executes SQL (not in model-only runs).
      </p>
    );
  }
  const sizes = Object.values(c.sizes)[0]!;
  return (
    <p className={`query-result ${c.match ? 'query-result--ok' : 'query-result--error'}`} data-testid="query-result">
      <span className="origin origin--real">real</span>{' '}
      {c.match
        ? `Same data: all three returned ${sizes.customers.toLocaleString('en-US')} customers and ${sizes.orders.toLocaleString('en-US')} orders on PostgreSQL (compared row by row, sorted).`
        : `The results differ: ${c.difference}.`}
      {detail?.comparedCustomers !== customers && detail?.comparedCustomers != null && ` (Compared for ${detail.comparedCustomers} customers.)`}
    </p>
  );
}
