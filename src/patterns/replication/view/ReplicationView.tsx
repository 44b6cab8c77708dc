import './replication.css';
import type { LabViewApi, LabViewProps } from '../../../lab/view';
import type { NodeState, ReplicationDetail, StaleReadSummary } from '../detail';
import type { ReplicationParams } from '../params';
import { RoutingCode } from './RoutingCode';
import { ColumnHeads } from '../../../lab/kit/view/ColumnHeads';

type Api = LabViewApi<ReplicationParams, ReplicationDetail>;

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;

/**
 * The replication lab's panel: what a learner must see at a glance. The stale reads and the lost
 * commits sit first and in the danger colour; then the fault buttons (the same model actions a
 * scenario scripts), a lag gauge and the load of every node, and the timeline of faults.
 */
export default function ReplicationView({ api }: LabViewProps<ReplicationParams, ReplicationDetail>) {
  const detail = api.useDetail();
  const { loaded } = api.usePlayback();
  const params = api.useParams();
  // The latest snapshot may still be another lab's for a moment after switching labs.
  if (detail?.kind !== 'replication') return null;
  return (
    <section className="panel lab-view replication-view" aria-label="Replication" data-testid="replication-view">
      {detail.lostCommitsTotal > 0 && <LostCommits detail={detail} />}
      <StaleReads detail={detail} api={api} />
      <FaultButtons detail={detail} disabled={!loaded} api={api} />
      <NodeTable detail={detail} />
      <FaultTimeline detail={detail} />
      <RoutingCode params={params} />
    </section>
  );
}

function LostCommits({ detail }: { detail: ReplicationDetail }) {
  const shown = detail.lostCommits.slice(-20);
  return (
    <div className="lab-alert" role="alert" data-testid="lost-commits">
      <h3>
        {detail.lostCommitsTotal} acknowledged commit{detail.lostCommitsTotal === 1 ? '' : 's'} lost in the failover
      </h3>
      <p>Their clients were told ‘committed’, but the promoted replica had never received them; they are not on the new primary ({detail.primary}).</p>
      <table className="repl-table">
        <ColumnHeads columns={['write', 'LSN', 'customer', 'committed at']} />
        <tbody>
          {shown.map((c) => (
            <tr key={`${c.timeline}-${c.lsn}`}>
              <td>#{c.writeId}</td>
              <td>{c.lsn}</td>
              <td>{c.customerId}</td>
              <td>{seconds(c.committedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {detail.lostCommits.length > shown.length && <p className="repl-note">and {detail.lostCommits.length - shown.length} more (all in the event log)</p>}
    </div>
  );
}

function StaleReads({ detail, api }: { detail: ReplicationDetail; api: Api }) {
  const share = detail.readsTotal === 0 ? 0 : (detail.staleTotal / detail.readsTotal) * 100;
  const open = (s: StaleReadSummary) => void api.openRequest(s.id);
  return (
    <div className="lab-problems" data-testid="stale-reads">
      <h3>
        Stale reads: <span className="lab-problems-count repl-stale-count">{detail.staleTotal}</span>
        <span className="repl-muted"> of {detail.readsTotal} reads ({share.toFixed(1)}%) returned an older row than the primary had committed</span>
      </h3>
      {detail.staleReads.length === 0 ? (
        <p className="repl-muted">None yet.</p>
      ) : (
        <ul className="lab-problems-list">
          {detail.staleReads.slice(0, 6).map((s) => (
            <li key={s.id}>
              <button type="button" className="lab-problems-item repl-stale-item" onClick={() => open(s)} title="Show this request: its timeline, the row it got and the primary's row">
                <span className="lab-problem-badge">{s.own ? 'own write missed' : 'stale'}</span> {seconds(s.t)} · {s.node} returned customer {s.customerId} as {s.sawWriteId === 0 ? 'the original row' : `write #${s.sawWriteId}`}; the primary had <strong>write #{s.primaryWriteId}</strong>
                <span className="repl-muted"> · {s.executed === 'real' ? 'real rows from PGlite' : 'modelled'}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function FaultButtons({ detail, disabled, api }: { detail: ReplicationDetail; disabled: boolean; api: Api }) {
  const live = detail.nodes.filter((n) => n.role !== 'retired');
  const replicas = detail.nodes.filter((n) => n.role === 'replica');
  return (
    <div className="repl-faults" role="group" aria-label="Faults">
      <span className="repl-muted">Faults:</span>
      {live.map((n) =>
        n.up ? (
          <button key={`stop-${n.id}`} type="button" className="button" disabled={disabled} onClick={() => api.runAction('stopNode', { node: n.id })}>
            Stop {n.id}
          </button>
        ) : (
          <button key={`start-${n.id}`} type="button" className="button" disabled={disabled} onClick={() => api.runAction('restartNode', { node: n.id })}>
            Restart {n.id}
          </button>
        ),
      )}
      {replicas.map((n) => (
        <button key={`link-${n.id}`} type="button" className="button" disabled={disabled} onClick={() => api.runAction(n.linkUp ? 'cutLink' : 'healLink', { node: n.id })}>
          {n.linkUp ? `Cut link to ${n.id}` : `Heal link to ${n.id}`}
        </button>
      ))}
      <button type="button" className="button" disabled={disabled || replicas.length === 0} onClick={() => api.runAction('failover', {})}>
        Fail over now
      </button>
      <button type="button" className="button" disabled={disabled} onClick={() => api.runAction('burst', { writes: 1000 })}>
        Write burst (1,000)
      </button>
      {replicas.length > 0 && (
        <button type="button" className="button" disabled={disabled} onClick={() => api.runAction('analyticsQuery', { node: replicas[replicas.length - 1]!.id, seconds: 20 })}>
          20 s report on {replicas[replicas.length - 1]!.id}
        </button>
      )}
    </div>
  );
}

function LagGauge({ node, scaleMs }: { node: NodeState; scaleMs: number }) {
  const fraction = Math.min(1, node.lagMs / scaleMs);
  const level = node.lagMs > 1000 ? 'bad' : node.lagMs > 200 ? 'warn' : 'ok';
  return (
    <div className="repl-gauge" role="meter" aria-label={`${node.id} lag`} aria-valuemin={0} aria-valuemax={scaleMs} aria-valuenow={Math.round(node.lagMs)}>
      {/* The figures on the panel's own background and the bar on a track under them: no text over a coloured bar, in either theme. */}
      <span className="repl-gauge-text">
        {Math.round(node.lagMs).toLocaleString('en-US')} ms · {node.lagChanges.toLocaleString('en-US')} changes behind
      </span>
      <span className="repl-gauge-track" aria-hidden="true">
        <span className={`repl-gauge-bar repl-gauge-bar--${level}`} style={{ width: `${Math.max(fraction * 100, node.lagMs > 0 ? 1 : 0)}%` }} />
      </span>
    </div>
  );
}

function nodeState(n: NodeState, detail: ReplicationDetail): string {
  const parts: string[] = [];
  if (n.role === 'retired') return 'out (old timeline)';
  parts.push(n.up ? 'running' : 'stopped');
  if (n.up !== n.routerUp) parts.push(n.routerUp ? 'router not told yet' : 'router: down');
  else if (!n.routerUp) parts.push('router: down');
  if (!n.linkUp) parts.push('link cut');
  if (n.replayHeld) parts.push('replay held by a report');
  if (n.id === detail.syncStandby) parts.push('synchronous standby');
  return parts.join(', ');
}

function NodeTable({ detail }: { detail: ReplicationDetail }) {
  const maxLag = Math.max(...detail.nodes.map((n) => n.lagMs), 0);
  const scaleMs = maxLag <= 1000 ? 1000 : maxLag <= 10000 ? 10000 : 60000;
  return (
    <table className="repl-table repl-nodes">
      <caption className="repl-caption">
        Nodes (simulated): lag gauges scaled to {seconds(scaleMs)}; primary at LSN {detail.lsn}
        {detail.timeline > 1 ? `, timeline ${detail.timeline}` : ''}
      </caption>
      <ColumnHeads columns={['node', 'state', 'applied', 'replication lag', 'reads', 'writes', 'stale', 'failed']} />
      <tbody>
        {detail.nodes.map((n) => (
          <tr key={n.id} className={n.up ? undefined : 'repl-row--down'}>
            <th scope="row">
              {n.id}
              {n.role === 'primary' ? ' (primary)' : ''}
            </th>
            <td>{nodeState(n, detail)}</td>
            <td>LSN {n.applied}</td>
            <td>{n.role === 'replica' ? <LagGauge node={n} scaleMs={scaleMs} /> : '—'}</td>
            <td>{n.reads}</td>
            <td>{n.writes}</td>
            <td className={n.staleReads > 0 ? 'repl-bad' : undefined}>{n.staleReads}</td>
            <td className={n.failedReads > 0 ? 'repl-bad' : undefined}>{n.failedReads}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FaultTimeline({ detail }: { detail: ReplicationDetail }) {
  if (detail.faults.length === 0) return <p className="repl-muted repl-timeline-empty">No faults yet: use the buttons above, or a preset.</p>;
  return (
    <div className="repl-timeline">
      <h3>Faults and repairs</h3>
      <ol>
        {detail.faults
          .slice(-8)
          .reverse()
          .map((f, i) => (
            <li key={`${f.t}-${i}`} className={`repl-fault repl-fault--${f.kind}`}>
              <span className="repl-fault-time">{seconds(f.t)}</span> {f.what}
            </li>
          ))}
      </ol>
    </div>
  );
}
