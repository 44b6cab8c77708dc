import { batchCosts } from '../batchCosts';
import { roundTripsOf, roundTripStatementMs, writerShares } from '../loadPlan';
import { loadSettingsOf } from '../loadPlan';
import type { BatchParams } from '../params';
import { formatMs } from './format';

/** The first round trip that carries rows, as the plan times it: where its time goes, in ms. */
function firstLoadedTrip(params: BatchParams): { network: number; statements: number; commit: number; rows: number } {
  const s = loadSettingsOf(params);
  for (const trip of roundTripsOf(s, writerShares(s.rows, s.concurrency)[0]!)) {
    const rows = trip.statements.reduce((n, st) => n + st.rows, 0);
    if (rows > 0) return { network: params.networkRttMs, statements: roundTripStatementMs(s, batchCosts, trip), commit: trip.commit ? params.commitMs : 0, rows };
  }
  return { network: params.networkRttMs, statements: 0, commit: 0, rows: 0 };
}

/** One round trip drawn large, with its three parts named: most of it is waiting. */
export function RoundTripUpClose({ params }: { params: BatchParams }) {
  const t = firstLoadedTrip(params);
  const total = t.network + t.statements + t.commit;
  const pct = (ms: number) => (total > 0 ? (ms / total) * 100 : 0);
  const parts = [
    { key: 'network', ms: t.network / 2, label: 'to the server' },
    { key: 'statements', ms: t.statements, label: 'statements' },
    { key: 'commit', ms: t.commit, label: 'commit' },
    { key: 'network', ms: t.network / 2, label: 'back' },
  ].filter((p) => p.ms > 0);
  return (
    <section className="batch-upclose" aria-labelledby="batch-upclose-title" data-testid="batch-upclose">
      <h3 id="batch-upclose-title">
        One round trip up close <span className="panel-count">({t.rows.toLocaleString('en-US')} row{t.rows === 1 ? '' : 's'}, {formatMs(total)})</span>
      </h3>
      <div className="batch-upclose-bar" role="img" aria-label={`network ${formatMs(t.network)}, statements ${formatMs(t.statements)}, commit ${formatMs(t.commit)}`}>
        {parts.map((p, i) => (
          <span key={i} className={`batch-upclose-part batch-upclose-part--${p.key}`} style={{ flexBasis: `${pct(p.ms)}%` }} title={`${p.label}: ${formatMs(p.ms)}`} />
        ))}
      </div>
      <p className="panel-note">
        Network {formatMs(t.network)} · statements {formatMs(t.statements)} · commit {formatMs(t.commit)}: the server works {pct(t.statements).toFixed(t.statements / total < 0.01 ? 2 : 0)}% of this round trip.
      </p>
    </section>
  );
}
