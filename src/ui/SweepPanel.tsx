import { useState } from 'react';
import { cancelSweep, runSweep, sweepBasis } from '../app/sweepClient';
import { bestPoint } from '../app/sweepPoints';
import { formatFigure } from '../app/format';
import type { LabSweep } from '../lab/labDefinition';
import type { AnyLab } from '../lab/defineLab';
import type { SweepPoint } from '../runner/protocol';
import { useAppStore } from '../store/store';
import { SweepChart } from '../viz/SweepChart';

/**
 * A lab's parameter sweep (e.g. pool size): computed in the background in a worker of its own, so
 * the run on screen is not disturbed; charted with the current value marked.
 */
export function SweepPanel({ lab, sweep: main }: { lab: AnyLab; sweep: NonNullable<AnyLab['sweep']> }) {
  const state = useAppStore((s) => s.sweep);
  const sweeps = [main, ...(lab.otherSweeps ?? [])];
  const [chosen, choose] = useState(state.labId === lab.id && state.param !== '' ? state.param : main.param);
  const sweep = sweeps.find((s) => s.param === chosen) ?? main;
  const params = useAppStore((s) => s.scenario.nextParams);
  // Re-rendered when the parameters change, so "computed for other parameters" stays true.
  const basisKey = useAppStore((s) => sweepBasis(s)?.key ?? '');
  const spec = lab.params.find((p) => p.key === sweep.param);
  const current = params[sweep.param];
  const unavailable = sweep.unavailable?.(params) ?? null;
  // The results on screen are those of the sweep chosen (another parameter's are not mixed in).
  const mine = state.labId === lab.id && state.param === sweep.param ? state : null;
  const running = mine?.status === 'running';
  const [primary, secondary] = sweep.metrics;
  const stale = mine !== null && mine.points.length > 0 && mine.basis !== basisKey;
  const total = mine?.values.length ?? sweep.values.length;
  const done = mine?.points.length ?? 0;
  const nextValue = mine?.values[done];

  return (
    <section className="panel sweep" aria-labelledby="sweep-title" data-testid="sweep">
      <div className="sweep-head">
        <h2 id="sweep-title">
          Sweep: {spec?.label ?? sweep.param} <span className="panel-count">({sweep.param} = {sweep.values.join(', ')})</span>
        </h2>
        {sweeps.length > 1 && (
          <label className="sweep-choice">
            <span>Sweep</span>
            <select value={sweep.param} onChange={(e) => choose(e.target.value)} disabled={state.status === 'running'} data-testid="sweep-choice">
              {sweeps.map((s) => (
                <option key={s.param} value={s.param}>
                  {lab.params.find((p) => p.key === s.param)?.label ?? s.param}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="origin origin--simulated">simulated</span>
      </div>
      <p className="panel-note">
        One model-only run of this scenario per value, with everything else as set now, computed in the background (a second simulation worker) while the lab keeps playing.
      </p>
      <div className="sweep-actions">
        {running ? (
          <button type="button" className="button" onClick={cancelSweep}>
            Cancel
          </button>
        ) : (
          <button type="button" className="button button--primary" onClick={() => void runSweep(sweep.param)} disabled={unavailable !== null} data-testid="sweep-run">
            {mine !== null && mine.points.length > 0 ? 'Run the sweep again' : 'Run sweep'}
          </button>
        )}
        {running && (
          <div className="sweep-progress" role="progressbar" aria-label="Sweep progress" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} data-testid="sweep-progress">
            <div className="sweep-progress-fill" style={{ width: `${(done / Math.max(total, 1)) * 100}%` }} />
            <span>
              {done} of {total} runs{nextValue !== undefined ? ` · now ${sweep.param} = ${nextValue}` : ''}
            </span>
          </div>
        )}
        {mine?.status === 'done' && mine.wallMs !== null && <span className="panel-note">{total} runs in {(mine.wallMs / 1000).toFixed(1)} s</span>}
        {mine?.status === 'cancelled' && <span className="panel-note">Cancelled.</span>}
      </div>
      {unavailable !== null && <p className="panel-note">{unavailable}</p>}
      {mine?.status === 'failed' && mine.error !== null && (
        <p className="field-error" role="alert">
          The sweep failed: {mine.error}
        </p>
      )}
      {mine !== null && mine.points.length > 0 && primary !== undefined && (
        <>
          <Reading points={mine.points} sweep={sweep} current={typeof current === 'number' ? current : undefined} done={mine.status === 'done'} />
          {stale && <p className="param-pending">Computed for other parameters than the ones set now: run it again to update.</p>}
          <ul className="chart-legend">
            <li>
              <svg width="22" height="10" aria-hidden="true">
                <line x1="0" y1="5" x2="22" y2="5" className="series series-0" />
              </svg>
              {primary.label} ({primary.unit}, left, log scale)
            </li>
            {secondary !== undefined && (
              <li>
                <svg width="22" height="10" aria-hidden="true">
                  <line x1="0" y1="5" x2="22" y2="5" className="series series-3" />
                </svg>
                {secondary.label} ({secondary.unit}, right)
              </li>
            )}
            <li>
              <svg width="22" height="10" aria-hidden="true">
                <line x1="11" y1="0" x2="11" y2="10" className="sweep-current-line" />
              </svg>
              current {sweep.param}
            </li>
          </ul>
          <SweepChart points={mine.points} values={mine.values} param={sweep.param} primary={primary} secondary={secondary} current={typeof current === 'number' ? current : undefined} />
          <details className="sweep-table">
            <summary>The numbers</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{sweep.param}</th>
                  {sweep.metrics.map((m) => (
                    <th key={m.key} scope="col" className="num">
                      {m.label} ({m.unit})
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {mine.points.map((p) => (
                  <tr key={p.value}>
                    <td>{p.value}</td>
                    {sweep.metrics.map((m) => (
                      <td key={m.key} className="num">
                        {formatFigure(p.metrics[m.key] ?? NaN)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

function Reading({ points, sweep, current, done }: { points: readonly SweepPoint[]; sweep: LabSweep; current: number | undefined; done: boolean }) {
  const [primary, secondary] = sweep.metrics;
  if (primary === undefined || primary.better === 'none') return null;
  const best = bestPoint(points, primary.key, primary.better);
  if (best === null) return null;
  const here = current === undefined ? undefined : points.find((p) => p.value === current);
  const fmt = (p: SweepPoint, m: { key: string; unit: string }) => `${formatFigure(p.metrics[m.key] ?? NaN)} ${m.unit}`;
  return (
    <p className="sweep-reading" data-testid="sweep-reading">
      {done ? 'Best' : 'Best so far:'} {primary.label} at <strong>{sweep.param} = {best.value}</strong> ({fmt(best, primary)}
      {secondary !== undefined && `, ${secondary.label.toLowerCase()} ${fmt(best, secondary)}`})
      {here !== undefined && here !== best && `; at the current ${sweep.param} = ${current}: ${fmt(here, primary)}`}
      {here === best && ` — the current ${sweep.param}`}.
    </p>
  );
}
