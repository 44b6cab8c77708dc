import { rate, saturationHeadline, saturationWhy, tellingStep, times } from '../saturationStory';
import type { ProductionDetail } from '../project';
import { AMBER, RED, type StackPart } from '../utilization';

const COLUMN: Record<StackPart, string> = { pool: 'Pool', primaryCpu: 'Primary CPU', replicaCpu: 'Replica CPU', cache: 'Cache' };

export function tone(u: number): string {
  return u >= RED ? 'prod-red' : u >= AMBER ? 'prod-amber' : 'prod-ok';
}

/**
 * Which part breaks first as load grows, at what load and why: the saturation sweep's answer in
 * words, then every part's utilization in this run and at each load the sweep ran.
 */
export function SaturationPanel({ detail }: { detail: ProductionDetail }) {
  const sat = detail.saturation;
  const telling = tellingStep(sat);
  const rows = [{ key: 'run', label: 'this run so far', utilization: detail.utilization, telling: false }, ...sat.steps.map((s) => ({ key: String(s.multiple), label: `${times(s.multiple)} (${rate(s.arrivalRatePerS)}/s)`, utilization: s.utilization, telling: s === telling }))];
  return (
    <div className="prod-bottleneck" data-testid="production-bottleneck">
      <h3>What breaks first as load grows</h3>
      <p className="prod-saturation-says">{saturationHeadline(sat, detail.pooling, detail.arrivalRate)}</p>
      <p className="prod-muted">{saturationWhy(sat, detail.pooling)}</p>
      <table className="prod-sweep" aria-label="Utilization of each part as load grows">
        <thead>
          <tr>
            <th scope="col">Load</th>
            {detail.parts.map((k) => (
              <th key={k} scope="col" className={k === sat.part ? 'prod-sweep-part' : undefined}>
                {k === 'pool' && !detail.pooling ? 'Connections' : COLUMN[k]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={r.telling ? 'prod-sweep-telling' : undefined}>
              <th scope="row">{r.label}</th>
              {detail.parts.map((k) => (
                <td key={k} className={tone(r.utilization[k])}>
                  {Math.round(r.utilization[k] * 100)} %
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
