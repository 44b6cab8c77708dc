import type { TxnState } from '../modelRun';

const xidText = (xid: number, status: string | null, session: string | null) => {
  const who = session === null ? '' : session.startsWith('(') ? ` ${session}` : ` (${session})`;
  return `${xid}${who}${status ? `, ${status}` : ''}`;
};

/** Every row version (heap tuple) with xmin/xmax, row locks, and which session's next statement would see it. */
export function VersionsTable({ state }: { state: TxnState }) {
  const names = state.sessions.map((s) => s.name);
  const tables = [...new Set(state.versions.map((v) => v.table))];
  return (
    <div className="txn-versions" data-testid="versions">
      <h3>Row versions and who sees them</h3>
      <p className="txn-muted">
        An UPDATE writes a new version and stamps the old one’s xmax; a session sees a version if its snapshot counts xmin as committed and xmax as not. ✓ = the session’s next statement would see it (its transaction snapshot at REPEATABLE READ and SERIALIZABLE, a fresh one otherwise).
      </p>
      {tables.map((table) => {
        const versions = state.versions.filter((v) => v.table === table);
        const columns = Object.keys(versions[0]?.values ?? {});
        return (
          <table key={table} className="txn-version-table">
            <caption>{table}</caption>
            <thead>
              <tr>
                <th scope="col">version</th>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
                <th scope="col">xmin</th>
                <th scope="col">xmax</th>
                <th scope="col">row locks</th>
                {names.map((n) => (
                  <th key={n} scope="col">
                    {n} sees
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => {
                const dead = v.xmaxStatus === 'committed';
                return (
                  <tr key={v.id} className={dead ? 'txn-version-dead' : v.xminStatus === 'in progress' ? 'txn-version-new' : ''}>
                    <td>v{v.id}</td>
                    {columns.map((c) => (
                      <td key={c}>{v.values[c] === null ? 'null' : String(v.values[c])}</td>
                    ))}
                    <td>{xidText(v.xmin, v.xminStatus, v.xminSession)}</td>
                    <td>{v.xmax === null ? '—' : xidText(v.xmax, v.xmaxStatus, null)}</td>
                    <td>{v.locks.length === 0 ? '—' : v.locks.map((l) => `FOR ${l.strength.toUpperCase()} by ${l.session}`).join(', ')}</td>
                    {names.map((n) => (
                      <td key={n} className={v.visibleTo.includes(n) ? 'txn-seen' : 'txn-unseen'}>
                        {v.visibleTo.includes(n) ? '✓' : '–'}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}

/** The wait-for graph of each deadlock found so far: the cycle, and the session PostgreSQL cancelled. */
export function DeadlockPanel({ state }: { state: TxnState }) {
  if (state.deadlocks.length === 0) return null;
  return (
    <div className="txn-deadlock" role="alert" data-testid="deadlock">
      {state.deadlocks.map((d, k) => {
        const r = 70;
        const cx = 110;
        const cy = 95;
        const at = (i: number) => {
          // Points on a circle without trigonometry: the cycle is small, so a fixed table of directions is enough.
          const dirs = [[0, -1], [0.87, 0.5], [-0.87, 0.5], [0.71, -0.71], [-0.71, 0.71], [-0.71, -0.71], [0.71, 0.71], [1, 0], [-1, 0]];
          const n = d.cycle.length;
          const dir = n === 2 ? ([[-1, 0], [1, 0]][i] ?? [0, 0]) : n === 4 ? ([[0, -1], [1, 0], [0, 1], [-1, 0]][i] ?? [0, 0]) : (dirs[i] ?? [0, 0]);
          return { x: cx + r * dir[0]!, y: cy + r * dir[1]! };
        };
        return (
          <div key={k} className="txn-deadlock-item">
            <svg width="220" height="190" role="img" aria-label={`Wait-for graph: ${d.cycle.join(' waits for ')} waits for ${d.cycle[0]}; victim ${d.victim}`}>
              <defs>
                <marker id={`txn-dl-arrow-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                  <path d="M 0 0 L 10 5 L 0 10 z" className="txn-dl-head" />
                </marker>
              </defs>
              {d.cycle.map((from, i) => {
                const a = at(i);
                const b = at((i + 1) % d.cycle.length);
                const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
                const ux = (b.x - a.x) / len;
                const uy = (b.y - a.y) / len;
                // Two-node cycles: bend the two edges apart so both arrows show.
                const off = d.cycle.length === 2 ? (i === 0 ? -14 : 14) : 0;
                return (
                  <line
                    key={from}
                    x1={a.x + ux * 24}
                    y1={a.y + uy * 24 + off}
                    x2={b.x - ux * 24}
                    y2={b.y - uy * 24 + off}
                    className="txn-dl-edge"
                    markerEnd={`url(#txn-dl-arrow-${k})`}
                  />
                );
              })}
              {d.cycle.map((name, i) => {
                const p = at(i);
                const victim = name === d.victim;
                return (
                  <g key={name}>
                    <circle cx={p.x} cy={p.y} r={20} className={victim ? 'txn-dl-victim' : 'txn-dl-node'} />
                    <text x={p.x} y={p.y + 5} textAnchor="middle" className="txn-dl-label">
                      {name}
                    </text>
                  </g>
                );
              })}
            </svg>
            <div>
              <h3>Deadlock at step #{d.stepIndex + 1}</h3>
              <p>
                Wait-for cycle: {[...d.cycle, d.cycle[0]].join(' → ')}. Nobody can go on, so after <code>deadlock_timeout</code> (1 s by default) the deadlock check of the waiting session finds the cycle and PostgreSQL cancels it:
              </p>
              <p className="txn-victim">
                Victim: <strong>{d.victim}</strong> — ERROR 40P01: deadlock detected. Its transaction is aborted and its locks released, so the others continue.
              </p>
            </div>
          </div>
        );
      })}
    </div>
  );
}

/** SERIALIZABLE's read/write dependencies, as SSI records them. */
export function ConflictsPanel({ state }: { state: TxnState }) {
  if (state.rwConflicts.length === 0) return null;
  return (
    <div className="txn-conflicts" data-testid="rw-conflicts">
      <h3>SERIALIZABLE: read/write dependencies</h3>
      <ul>
        {state.rwConflicts.map((c, i) => (
          <li key={i}>
            {c.reader} read data that {c.writer} changed (a rw-antidependency {c.reader} → {c.writer}). Two of them in a row among concurrent transactions make SSI abort one with 40001.
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Every table's committed rows at this point: what a new session would read. */
export function CommittedRows({ state }: { state: TxnState }) {
  return (
    <div className="txn-committed" data-testid="committed">
      <h3>Committed now</h3>
      {Object.entries(state.committed).map(([table, rows]) => (
        <div key={table} className="txn-committed-table">
          <span className="txn-muted">{table}:</span>{' '}
          {rows.map((r) => `(${Object.values(r).map((v) => (v === null ? 'null' : String(v))).join(', ')})`).join('  ') || '(empty)'}
        </div>
      ))}
    </div>
  );
}
