import { useMemo, useState } from 'react';
import { scaleLinear } from 'd3';
import { batchCosts } from '../batchCosts';
import { summarizeLoad, type LoadSettings, type LoadSummary } from '../loadPlan';
import { METHOD_IDS, METHOD_NAMES, usesBatchSize, type MethodId } from '../methods';
import { loadSettingsOf } from '../loadPlan';
import type { BatchParams } from '../params';
import { TripBars } from './TripBars';
import { planBars } from './planBars';
import { formatCount, formatMs } from './format';
import { ColumnHeads } from '../../../lab/kit/view/ColumnHeads';

const WIDTH = 1000;
const LANE = 20;

/** The same load by `method` (a batch size past the rows is clamped, as a learner would). */
function settingsFor(params: BatchParams, method: MethodId): LoadSettings {
  return { ...loadSettingsOf(params), method, batchSize: Math.min(params.batchSize, params.rows) };
}

function summaryOf(params: BatchParams, method: MethodId): LoadSummary {
  return summarizeLoad(settingsFor(params, method), batchCosts, params.networkRttMs, params.commitMs);
}

/**
 * The same load under two methods side by side, on one time scale, then every method in a table:
 * statements, round trips, commits, time and what a bad row leaves. Computed from the plan (one
 * writer alone on the server: exactly what a run with one writer measures).
 */
export function MethodComparison({ params }: { params: BatchParams }) {
  const [chosen, setChosen] = useState<MethodId | null>(null);
  const other: MethodId = chosen !== null && chosen !== params.method ? chosen : params.method === 'row-by-row' ? 'multi-row' : 'row-by-row';
  const key = JSON.stringify(params);
  const all = useMemo(() => new Map(METHOD_IDS.map((m) => [m, summaryOf(params, m)])), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const pair = useMemo(
    () => [params.method, other].map((m) => ({ method: m, bars: planBars(settingsFor(params, m), batchCosts, params.networkRttMs, params.commitMs, 240), summary: all.get(m)! })),
    [key, other, all], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const longest = Math.max(...pair.map((p) => p.summary.writers[0]!.ms), 1e-9);
  const x = scaleLinear().domain([0, longest]).range([0, WIDTH]);
  const bad = params.badRowAt > 0;
  return (
    <section className="batch-compare" aria-labelledby="batch-compare-title" data-testid="batch-compare">
      <h2 id="batch-compare-title">
        The same load, two methods <span className="panel-count">({formatCount(params.rows)} rows, {params.networkRttMs} ms round trips{params.concurrency > 1 ? ', one writer\'s share' : ''})</span>
      </h2>
      <label className="batch-compare-pick">
        Compare with{' '}
        <select value={other} onChange={(e) => setChosen(e.target.value as MethodId)} data-testid="batch-compare-with">
          {METHOD_IDS.filter((m) => m !== params.method).map((m) => (
            <option key={m} value={m}>
              {METHOD_NAMES[m]}
            </option>
          ))}
        </select>
      </label>
      <div className="batch-pair">
        {pair.map((p) => (
          <div key={p.method} className="batch-pair-row" data-method={p.method}>
            <div className="batch-pair-label">
              <strong>{METHOD_NAMES[p.method]}</strong> {formatMs(p.summary.writers[0]!.ms)}
              <span className="batch-pair-counts">
                {formatCount(p.summary.writers[0]!.roundTrips)} round trips
              </span>
            </div>
            <svg viewBox={`0 0 ${WIDTH} ${LANE}`} preserveAspectRatio="none" className="batch-pair-bar" role="img" aria-label={`${METHOD_NAMES[p.method]}: ${formatMs(p.summary.writers[0]!.ms)}`}>
              <TripBars bars={p.bars} x={x} y={2} height={LANE - 4} />
            </svg>
          </div>
        ))}
      </div>
      <div className="batch-table-scroll">
        <table className="batch-method-table">
          <ColumnHeads columns={['Method', 'Statements', 'Round trips', 'Commits', 'Time', 'Rows/s', bad ? `Rows left if row ${formatCount(params.badRowAt)} is bad` : 'Rows left (no bad row)']} />
          <tbody>
            {METHOD_IDS.map((m) => {
              const s = all.get(m)!;
              return (
                <tr key={m} aria-current={m === params.method ? 'true' : undefined} data-method={m}>
                  <th scope="row">
                    {METHOD_NAMES[m]}
                    {usesBatchSize(m) && <span className="batch-muted"> ({formatCount(Math.min(params.batchSize, params.rows))})</span>}
                  </th>
                  <td>{formatCount(s.statements)}</td>
                  <td>{formatCount(s.roundTrips)}</td>
                  <td>{formatCount(s.commits)}</td>
                  <td className="batch-strong">{formatMs(s.totalMs)}</td>
                  <td>{formatCount(s.totalMs > 0 ? (s.keptRows * 1000) / s.totalMs : 0)}</td>
                  <td>
                    {formatCount(s.keptRows)}
                    {bad && s.rolledBackRows > 0 && <span className="batch-muted"> ({formatCount(s.rolledBackRows)} rolled back)</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="panel-note">executemany in psycopg2 is a loop of execute(): its row is the same as one transaction's. {params.concurrency > 1 ? 'With several writers the times assume they do not slow each other down; the run above measures it.' : 'With one writer these times are exactly what a run measures.'}</p>
    </section>
  );
}
