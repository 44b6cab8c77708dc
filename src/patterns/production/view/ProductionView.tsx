import './production.css';
import type { MouseEvent } from 'react';
import type { LabViewApi, LabViewProps } from '../../../lab/view';
import type { ProductionParams } from '../params';
import type { ProductionDetail } from '../project';
import { PART_NAMES, type LatencyParts, type RequestKind } from '../request';
import { ownLabAddress, ownLabs } from '../ownLabs';
import { SaturationPanel } from './SaturationPanel';

type Api = LabViewApi<ProductionParams, ProductionDetail>;

const PART_LABELS: Record<keyof LatencyParts, string> = {
  poolWait: 'pool wait',
  network: 'network',
  cache: 'cache',
  dbQueue: 'DB queue',
  dbExecution: 'DB execution',
  replicationWait: 'replication wait',
};
const KIND_LABELS: Record<RequestKind, string> = { read: 'Reads', write: 'Writes', readBack: 'Read-backs' };

/**
 * The production stack's panel: which part saturates first as load grows (the saturation sweep), where each request type's time goes
 * (a stacked bar each), the fault buttons (the model's actions) and the fault timeline.
 */
export default function ProductionView({ api }: LabViewProps<ProductionParams, ProductionDetail>) {
  const detail = api.useDetail();
  const { loaded } = api.usePlayback();
  const params = api.useParams();
  if (detail?.kind !== 'production') return null;
  return (
    <section className="panel lab-view production-view" aria-label="Production stack" data-testid="production-view">
      <SaturationPanel detail={detail} />
      <Breakdown detail={detail} />
      <FaultButtons api={api} disabled={!loaded} detail={detail} />
      <FaultTimeline detail={detail} />
      <OwnLabs params={params} />
    </section>
  );
}

function Breakdown({ detail }: { detail: ProductionDetail }) {
  const rows = detail.breakdown.filter((b) => b.count > 0);
  const widest = Math.max(detail.sloP99Ms, ...rows.map((b) => PART_NAMES.reduce((sum, n) => sum + b.parts[n], 0)));
  return (
    <div className="prod-breakdown" data-testid="production-breakdown">
      <h3>Where the time goes (mean per request)</h3>
      {rows.length === 0 && <p className="prod-muted">No request has ended yet.</p>}
      {rows.map((b) => {
        const total = PART_NAMES.reduce((sum, n) => sum + b.parts[n], 0);
        return (
          <div key={b.kind} className="prod-bar-row">
            <span className="prod-bar-label">
              {KIND_LABELS[b.kind]} <span className="prod-muted">{total.toFixed(1)} ms</span>
            </span>
            <div className="prod-bar" role="img" aria-label={`${KIND_LABELS[b.kind]}: ${PART_NAMES.map((n) => `${PART_LABELS[n]} ${b.parts[n].toFixed(2)} ms`).join(', ')}`}>
              {PART_NAMES.map((n) =>
                b.parts[n] > 0 ? <span key={n} className={`prod-seg prod-seg-${n}`} style={{ width: `${(b.parts[n] / widest) * 100}%` }} title={`${PART_LABELS[n]}: ${b.parts[n].toFixed(2)} ms`} /> : null,
              )}
            </div>
          </div>
        );
      })}
      <ul className="prod-legend">
        {PART_NAMES.map((n) => (
          <li key={n}>
            <span className={`prod-swatch prod-seg-${n}`} /> {PART_LABELS[n]}
          </li>
        ))}
      </ul>
    </div>
  );
}

const BUTTONS: { label: string; action: string; args?: Record<string, number | string> }[] = [
  { label: 'Fail over', action: 'failover' },
  { label: 'Crash the cache (10 s)', action: 'cacheCrash', args: { seconds: 10 } },
  { label: 'Flush the cache', action: 'cacheFlush' },
  { label: 'Traffic spike 3× (10 s)', action: 'trafficSpike', args: { factor: 3, seconds: 10 } },
  { label: 'Drop the index', action: 'dropIndex' },
  { label: 'Create the index', action: 'createIndex' },
  { label: 'Leak 5 % of connections', action: 'connectionLeak', args: { fraction: 0.05 } },
  { label: 'Fix the leak', action: 'fixLeak' },
];

function FaultButtons({ api, disabled, detail }: { api: Api; disabled: boolean; detail: ProductionDetail }) {
  // A stop button for each node running now (after a failover, replica-1 may be the primary).
  const stops = detail.runningNodes.map((node) => ({ label: `Stop ${node}`, action: 'stopNode', args: { node } }));
  const shown = [...stops, ...BUTTONS];
  return (
    <div className="prod-faults" role="group" aria-label="Faults">
      <span className="prod-muted">Inject:</span>
      {shown.map((b) => (
        <button key={b.label} type="button" className="chip-button" disabled={disabled} onClick={() => api.runAction(b.action, b.args)}>
          {b.label}
        </button>
      ))}
    </div>
  );
}

/**
 * The address of this run just after `tMs` (1 ms, so the fault has happened): the lab's address
 * with `t` set, as a shared link with a time, so following it replays the run there, the faults
 * the address records included.
 */
export function addressAt(hash: string, tMs: number): string {
  const [path, query = ''] = hash.split('?');
  const q = new URLSearchParams(query);
  q.set('t', String((Math.ceil(tMs) + 1) / 1000));
  return `${path}?${q.toString()}`;
}

/** Follow the address at `tMs`, read when clicked (the app records a button's fault in the address after it runs). */
function jumpTo(event: MouseEvent<HTMLAnchorElement>, tMs: number): void {
  event.preventDefault();
  window.location.hash = addressAt(window.location.hash, tMs);
}

function FaultTimeline({ detail }: { detail: ProductionDetail }) {
  if (detail.faults.length === 0) return <p className="prod-muted">No fault yet: use the buttons above, or a preset with faults on its timeline.</p>;
  return (
    <div className="prod-timeline" data-testid="production-faults">
      <h3>
        Fault timeline <span className="prod-muted">(click a time to replay the run to it)</span>
      </h3>
      <ol>
        {detail.faults.map((f, i) => (
          <li key={i} className={`prod-fault-${f.kind}`}>
            <a className="prod-time" href={addressAt(window.location.hash, f.t)} onClick={(e) => jumpTo(e, f.t)}>
              {(f.t / 1000).toFixed(1)} s
            </a>{' '}
            {f.what}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Each part opens in its own lab, with the settings it has here. */
function OwnLabs({ params }: { params: ProductionParams }) {
  return (
    <nav className="prod-own-labs" aria-label="Each part in its own lab">
      <span className="prod-muted">Each part in its own lab:</span>
      {ownLabs(params).map((own) => (
        <a key={own.lab} href={ownLabAddress(own)}>
          {own.part}
        </a>
      ))}
    </nav>
  );
}
