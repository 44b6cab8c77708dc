import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricTree } from '../lab/snapshot';
import { SimulationRun } from '../runner/simulationRun';
import { parseScenario } from './parseScenario';
import { PATTERNS_DIR, shippedScenarioFiles, type ShippedFile } from './shippedFiles';
import { loadAllLabModels } from '../labs';

/**
 * Golden metrics: each shipped scenario's metrics from a model-only run in Node, committed beside
 * the lab (`src/patterns/<lab>/scenarios.golden.json`) so a change of any number shows in a diff.
 * A unit test keeps them equal to Node's; the browser suite checks Chromium against them.
 */
export function goldenPath(lab: string): string {
  return join(PATTERNS_DIR, lab, 'scenarios.golden.json');
}

/** The committed golden metrics of one lab's scenarios, by scenario name ({} if none yet). */
export function readGolden(lab: string): Record<string, MetricTree> {
  const path = goldenPath(lab);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, MetricTree>) : {};
}

/** A shipped scenario's metrics, as the golden file records them (model-only, in this process). */
export async function metricsOf(file: ShippedFile): Promise<MetricTree> {
  const parsed = parseScenario(JSON.parse(readFileSync(file.path, 'utf8')));
  if (!parsed.ok) throw new Error(`${file.name}: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return asJson(await new SimulationRun(parsed.value, { traceLimit: 0 }).runToEnd());
}

/** Metrics as a JSON file holds them (no -0, no undefined), so that a comparison with one is exact. */
export function asJson(metrics: MetricTree): MetricTree {
  return JSON.parse(JSON.stringify(metrics)) as MetricTree;
}

/** Rewrite every lab's golden file from this process's runs (`npm run golden`). */
export async function writeGolden(): Promise<void> {
  await loadAllLabModels();
  const byLab = new Map<string, Record<string, MetricTree>>();
  for (const file of shippedScenarioFiles()) {
    const golden = byLab.get(file.lab) ?? {};
    golden[file.name] = await metricsOf(file);
    byLab.set(file.lab, golden);
  }
  for (const [lab, golden] of byLab) writeFileSync(goldenPath(lab), `${JSON.stringify(golden, null, 1)}\n`);
}

if (process.argv[1]?.endsWith('goldenMetrics.ts')) {
  void writeGolden().then(() => process.stdout.write('golden metrics written\n'));
}
