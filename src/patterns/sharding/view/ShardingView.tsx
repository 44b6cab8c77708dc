import './sharding.css';
import { useState } from 'react';
import type { LabViewProps } from '../../../lab/view';
import type { ShardingDetail } from '../detail';
import type { ShardingParams } from '../params';
import { ShardMapDrawing } from './ShardMapDrawing';
import { ReshardPanel, ShardBars, TransactionsPanel } from './ShardPanels';
import { KeyLookup, lookupCustomer, ScatterPanel, ShardConsole } from './ShardTools';

const strategyName: Record<ShardingDetail['strategy'], string> = {
  modulo: 'key mod n',
  'hash-modulo': 'hash(key) mod n',
  range: 'key ranges',
  'consistent-hash': 'a consistent-hash ring',
  jump: 'jump consistent hash',
  directory: 'a directory (lookup table)',
};

/**
 * The sharding lab's panel: the shard map drawn as what it is with a key lookup beside it, each
 * shard's rows and load, the report's fan-out, resharding progress, the transfers (in-doubt ones
 * first, in the danger colour), the event timeline and a SQL console on any node.
 */
export default function ShardingView({ api }: LabViewProps<ShardingParams, ShardingDetail>) {
  const detail = api.useDetail();
  const { loaded } = api.usePlayback();
  const [lookup, setLookup] = useState('1');
  // The latest snapshot may still be another lab's for a moment after switching labs.
  if (detail?.kind !== 'sharding') return null;
  const found = lookupCustomer(detail, Number(lookup));
  const disabled = !loaded;
  return (
    <section className="panel lab-view sharding-view" aria-label="Sharding" data-testid="sharding-view">
      <div className="shard-top">
        <div className="shard-map" data-testid="shard-map">
          <h3>
            Shard map <span className="shard-muted">— {strategyName[detail.strategy]}, shard key {detail.shardKey}</span>
          </h3>
          <ShardMapDrawing map={detail.map} lookup={{ ringAt: found?.ringAt ?? null, shard: found?.shard ?? null, key: found?.key ?? null }} />
          <KeyLookup detail={detail} value={lookup} onChange={setLookup} found={found} />
        </div>
        <ShardBars detail={detail} api={api} disabled={disabled} />
      </div>
      <TransactionsPanel detail={detail} api={api} disabled={disabled} />
      <ReshardPanel detail={detail} api={api} disabled={disabled} />
      <ScatterPanel detail={detail} />
      <Timeline detail={detail} />
      <ShardConsole detail={detail} api={api} />
    </section>
  );
}

function Timeline({ detail }: { detail: ShardingDetail }) {
  if (detail.events.length === 0) return <p className="shard-muted">No faults or moves yet: use the buttons above, or a preset.</p>;
  return (
    <div className="shard-timeline">
      <h3>Faults, moves and checks</h3>
      <ol>
        {detail.events
          .slice(-8)
          .reverse()
          .map((e, i) => (
            <li key={`${e.t}-${i}`} className={`shard-event shard-event--${e.kind}`}>
              <span className="shard-muted">{(e.t / 1000).toFixed(2)} s</span> {e.what}
            </li>
          ))}
      </ol>
    </div>
  );
}
