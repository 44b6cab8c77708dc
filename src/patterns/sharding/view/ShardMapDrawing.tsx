import type { MapView } from '../detail';

/** A shard's colour: the chart palette first, then hues spread around the wheel. */
export function shardColor(index: number): string {
  return index < 5 ? `var(--series-${index})` : `hsl(${(index * 47 + 20) % 360} 62% 58%)`;
}

const SIZE = 220;
const R = 88;

/** The ring: every vnode a tick in its shard's colour; the looked-up key a marker on the circle. */
function Ring({ map, keyAt }: { map: Extract<MapView, { kind: 'ring' }>; keyAt: number | null }) {
  const c = SIZE / 2;
  const at = (f: number, r: number) => [c + r * Math.sin(2 * Math.PI * f), c - r * Math.cos(2 * Math.PI * f)] as const;
  return (
    <svg className="shard-ring" viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={`Consistent-hash ring: ${map.shards} shards, ${map.vnodes} vnodes each`}>
      <circle cx={c} cy={c} r={R} fill="none" stroke="var(--border)" strokeWidth={1} />
      {map.points.map((p, i) => {
        const [x1, y1] = at(p.at, R - 7);
        const [x2, y2] = at(p.at, R + 7);
        return <line key={i} x1={x1} y1={y1} x2={x2} y2={y2} stroke={shardColor(p.shard)} strokeWidth={map.points.length > 400 ? 1 : 2} />;
      })}
      {keyAt !== null &&
        (() => {
          const [x, y] = at(keyAt, R);
          const [lx, ly] = at(keyAt, R - 24);
          return (
            <g data-testid="ring-key">
              <circle cx={x} cy={y} r={5} fill="var(--text)" stroke="var(--bg)" strokeWidth={2} />
              <line x1={x} y1={y} x2={lx} y2={ly} stroke="var(--text)" strokeWidth={1} />
            </g>
          );
        })()}
      <text x={c} y={c - 4} textAnchor="middle" className="shard-ring-label">
        {map.shards} shards
      </text>
      <text x={c} y={c + 12} textAnchor="middle" className="shard-ring-label shard-ring-label--muted">
        {map.vnodes} vnodes each
      </text>
    </svg>
  );
}

/** Jump / modulo / hash-modulo: one bucket per shard, the formula, the looked-up key's bucket. */
function Buckets({ map, keyShard }: { map: Extract<MapView, { kind: 'hash' }>; keyShard: number | null }) {
  const formula = map.strategy === 'modulo' ? 'key mod n' : map.strategy === 'hash-modulo' ? 'hash(key) mod n' : 'jump(hash64(key), n)';
  return (
    <div className="shard-buckets" role="img" aria-label={`${formula} with n = ${map.shards}`}>
      <p className="shard-formula">
        shard = <code>{formula}</code>, n = {map.shards}
        {map.strategy === 'jump' ? ' (Lamping & Veach: no table, even shares, only keys for the new bucket move)' : ''}
      </p>
      <div className="shard-bucket-row">
        {Array.from({ length: map.shards }, (_, i) => (
          <span key={i} className={`shard-bucket${keyShard === i ? ' shard-bucket--key' : ''}`} style={{ borderColor: shardColor(i) }}>
            {i}
          </span>
        ))}
      </div>
    </div>
  );
}

const spaceName = { customer: 'customer id', order: 'order id', time: 'created_at' } as const;

function formatKey(space: 'customer' | 'order' | 'time', key: number): string {
  if (space !== 'time') return key.toLocaleString('en-US');
  return new Date((1704067200 + key) * 1000).toISOString().slice(0, 10);
}

/**
 * Ranges: a bar per key space, a segment per range in its shard's colour, the open end marked.
 * The open end fills what the closed ranges leave and is never narrower than its label; the
 * closed ranges give way to it. Each label sits on a chip of the page's own colours, readable on
 * any shard's colour in either theme.
 */
function Ranges({ map, keyValue }: { map: Extract<MapView, { kind: 'range' }>; keyValue: number | null }) {
  return (
    <div className="shard-ranges">
      {map.spaces.map((s) => {
        const finite = s.ranges.map((r) => r.to ?? r.from).filter((x) => Number.isFinite(x));
        const lo = s.ranges[0]!.from;
        const hi = Math.max(...finite, lo + 1);
        const span = hi - lo;
        const width = (r: { from: number; to: number | null }) => Math.max(((r.to ?? hi + span * 0.12) - r.from) / (span * 1.12), 0.01) * 100;
        return (
          <div key={s.space} className="shard-range-space">
            <span className="shard-muted">by {spaceName[s.space]}</span>
            <div className="shard-range-bar" role="img" aria-label={`Ranges of ${spaceName[s.space]}`}>
              {s.ranges.map((r, i) => (
                <span key={i} className="shard-range" style={{ flex: r.to === null ? '1 0 auto' : `0 1 ${width(r)}%`, background: shardColor(r.shard) }} title={`${formatKey(s.space, r.from)} to ${r.to === null ? '∞ (new keys)' : formatKey(s.space, r.to)}: shard-${r.shard}`}>
                  <span className="shard-range-label">
                    {r.shard}
                    {r.to === null ? ' →∞' : ''}
                  </span>
                </span>
              ))}
              {keyValue !== null && s.space !== 'order' && <span className="shard-range-key" style={{ left: `${Math.min(((keyValue - lo) / (span * 1.12)) * 100, 99)}%` }} />}
            </div>
          </div>
        );
      })}
    </div>
  );
}

/** A directory: how many keys each shard's entries hold (the table itself has one row per key). */
function Directory({ map }: { map: Extract<MapView, { kind: 'directory' }> }) {
  return (
    <table className="shard-directory">
      <caption className="shard-muted">A lookup table: one entry per key (moves are entry updates)</caption>
      <thead>
        <tr>
          <th scope="col">keys</th>
          {Array.from({ length: map.shards }, (_, i) => (
            <th key={i} scope="col" style={{ color: shardColor(i) }}>
              shard-{i}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {map.spaces.map((s) => (
          <tr key={s.space}>
            <th scope="row">
              {spaceName[s.space]} ({s.size.toLocaleString('en-US')})
            </th>
            {s.perShard.map((n, i) => (
              <td key={i}>{n.toLocaleString('en-US')}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The shard map drawn as what it is: a ring, buckets, ranges or a directory. */
export function ShardMapDrawing({ map, lookup }: { map: MapView; lookup: { ringAt: number | null; shard: number | null; key: number | null } }) {
  switch (map.kind) {
    case 'ring':
      return <Ring map={map} keyAt={lookup.ringAt} />;
    case 'hash':
      return <Buckets map={map} keyShard={lookup.shard} />;
    case 'range':
      return <Ranges map={map} keyValue={lookup.key} />;
    case 'directory':
      return <Directory map={map} />;
  }
}
