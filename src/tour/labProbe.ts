// The engine's modules, not its index: the page's first load has no need of the latency histogram library.
import { Environment } from '../engine/environment';
import { Rng } from '../engine/rng';
import type { AnyLab } from '../lab/defineLab';
import type { ParamValues } from '../lab/params';
import { metricKeys } from '../scenario/expectations';

/** What a lab shows with given parameters: the names a tour may point at. */
export interface LabNames {
  metrics: string[];
  nodes: string[];
  charts: string[];
  figures: string[];
}

/**
 * The metric keys, node ids, chart ids and headline figure keys of `lab` with `params`, from a
 * model built at time 0 and never started (a few ms; nothing runs, no database is touched).
 */
export function labNames(lab: AnyLab, params: ParamValues, durationMs: number): LabNames {
  const model = lab.create({ env: new Environment({}), rng: new Rng(1), params: { ...params }, durationMs, warmupMs: 0, sql: null });
  const snap = model.snapshot(0);
  return {
    metrics: metricKeys(model.metrics()),
    nodes: snap.topology.nodes.map((n) => n.id),
    charts: snap.charts.map((c) => c.id),
    figures: snap.headline.map((h) => h.key),
  };
}
