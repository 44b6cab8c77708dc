import type { TransactionsLoadDetail } from '../load/detail';
import { abortName } from '../load/transferStory';

/**
 * The load run's accounts now: each balance beside what applying every committed transfer once
 * gives, the latest aborts (each opens its transfer's story), and the real transfers on PGlite.
 */
export function LoadPanel({ detail: d, onOpenTransfer }: { detail: TransactionsLoadDetail; onOpenTransfer(id: number): void }) {
  const total = d.accounts.reduce((s, a) => s + a.balance, 0);
  const expectedTotal = d.accounts.reduce((s, a) => s + a.expected, 0);
  const wrong = d.accounts.filter((a) => a.balance !== a.expected).length;
  return (
    <div className="txn-load" data-testid="txn-load">
      <h2>
        The accounts under load <span className="txn-origin txn-origin-sim">simulated</span>
      </h2>
      <p className="txn-muted">
        {d.strategy} at {d.isolation.toUpperCase()}. Many sessions run at once in the model of PostgreSQL (the same model the swimlanes below step through); a balance that differs from
        “expected” (every committed transfer applied exactly once) is the trace of a lost update. “Expected” can even go below zero: transfers were approved on balances that had already been spent.
      </p>
      <table className="txn-accounts">
        <thead>
          <tr>
            <th scope="col">account</th>
            {d.accounts.map((a) => (
              <th key={a.id} scope="col">
                {a.id}
              </th>
            ))}
            <th scope="col">sum</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">balance</th>
            {d.accounts.map((a) => (
              <td key={a.id} className={a.balance !== a.expected ? 'txn-bad' : ''}>
                {a.balance}
              </td>
            ))}
            <td className={total !== expectedTotal ? 'txn-bad' : ''}>{total}</td>
          </tr>
          <tr>
            <th scope="row">expected</th>
            {d.accounts.map((a) => (
              <td key={a.id}>{a.expected}</td>
            ))}
            <td>{expectedTotal}</td>
          </tr>
        </tbody>
      </table>
      <p className={wrong > 0 ? 'txn-verdict txn-bad' : 'txn-verdict txn-good'} data-testid="txn-invariant">
        {wrong > 0
          ? `✗ ${wrong} account${wrong === 1 ? '' : 's'} off; the sum of balances is ${total} instead of ${expectedTotal}: money was ${total > expectedTotal ? 'created' : 'destroyed'} by lost updates.`
          : `✓ Every balance equals its committed transfers applied once; the sum is still ${total}.`}
      </p>
      <RecentAborts detail={d} onOpenTransfer={onOpenTransfer} />
      <div className="txn-real" data-testid="txn-real">
        <h3>
          Atomicity, for real <span className="txn-origin txn-origin-real">real</span>
        </h3>
        {d.real.executed ? (
          <p>
            PGlite ran {d.real.run} of these transfers on the demo dataset’s accounts table (CHECK balance ≥ 0), one at a time — it has a single session, so the concurrency above is the model’s. Each is
            all or nothing: {d.real.committed} committed, {d.real.insufficientFunds} rolled back for insufficient funds, {d.real.injectedFailures} rolled back after a failure between the debit and the
            credit. Sum of all balances: {d.real.lastSum ?? '…'} (before the first: {d.real.openingSum ?? '…'}) —{' '}
            <strong className={d.real.sumChanged ? 'txn-bad' : 'txn-good'}>{d.real.sumChanged ? '✗ changed' : '✓ unchanged'}</strong>.
          </p>
        ) : (
          <p className="txn-muted">This run executes no SQL (model only), so no transfer ran on PGlite.</p>
        )}
      </div>
    </div>
  );
}

/** The latest 40001/40P01 aborts, newest first, each a button to its transfer's story. */
function RecentAborts({ detail: d, onOpenTransfer }: { detail: TransactionsLoadDetail; onOpenTransfer(id: number): void }) {
  const aborts = d.recentAborts ?? [];
  return (
    <div className="txn-aborts" data-testid="txn-aborts">
      <h3>Latest aborts</h3>
      {aborts.length === 0 ? (
        <p className="txn-muted">No transfer has been aborted yet (40001 serialization failure, 40P01 deadlock). Each one is also in the event log.</p>
      ) : (
        <>
          <p className="txn-muted">Every abort is in the event log too. Open one to see its statements, the lock it waited for and what the application did next.</p>
          <ul>
            {[...aborts].reverse().map((a) => (
              <li key={`${a.transfer}-${a.attempt}`}>
                <button type="button" className="button button--small" onClick={() => onOpenTransfer(a.transfer)} data-testid="txn-abort">
                  t = {(a.t / 1000).toFixed(3)} s · transfer #{a.transfer} · {abortName(a.sqlstate)} · attempt {a.attempt}, {a.next === 'retry' ? 'retried' : 'gave up'}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
