import { useRef } from 'react';
import { loadScenarioObject } from '../app/commands';
import { scenarioForRun } from '../app/urlState';
import { parseJson, issuesToText } from '../scenario/parseScenario';
import { appStore, useAppStore } from '../store/store';
import { pushToast } from '../store/uiSlice';
import { download, metricsCsv } from './exports';

/** Read a scenario file chosen by the learner; a bad file is reported and the current run is kept. */
async function openFile(file: File): Promise<void> {
  const parsed = parseJson(await file.text());
  if (!parsed.ok) {
    pushToast('error', `${file.name}: ${issuesToText(parsed.issues)}`);
    return;
  }
  try {
    await loadScenarioObject(parsed.value);
    pushToast('info', `Loaded ${file.name}.`);
  } catch (error) {
    pushToast('error', `${file.name}: ${(error as Error).message}`);
  }
}

/** Save what is on screen (scenario, parameters, live changes) as a scenario file that replays it. */
function saveFile(): void {
  const { base, runParams, edits } = appStore.getState().scenario;
  if (base === null) return;
  const scenario = { $schema: './scenario.schema.json', ...scenarioForRun(base, runParams, edits.filter((e) => !Number.isNaN(e.atMs))) };
  download(new Blob([`${JSON.stringify(scenario, null, 2)}\n`], { type: 'application/json' }), `${scenario.name}.json`);
}

/** The metrics on screen now, as CSV or as JSON with the run they come from. */
function saveMetrics(format: 'csv' | 'json'): void {
  const { snapshot, scenario, playback } = appStore.getState();
  const metrics = snapshot.latest?.metrics;
  if (metrics === undefined || scenario.base === null) return;
  const name = `${scenario.base.name}-seed${playback.seed}-t${Math.round(playback.now / 1000)}s-metrics.${format}`;
  if (format === 'csv') download(new Blob([metricsCsv(metrics)], { type: 'text/csv' }), name);
  else {
    const run = { lab: scenario.labId, scenario: scenario.base.name, seed: playback.seed, simulatedMs: playback.now, metrics };
    download(new Blob([`${JSON.stringify(run, null, 2)}\n`], { type: 'application/json' }), name);
  }
}

/** Open a scenario file from disk, or save the current state as one (and the metrics as CSV or JSON). */
export function ScenarioFileActions() {
  const input = useRef<HTMLInputElement>(null);
  const hasScenario = useAppStore((s) => s.scenario.base !== null);
  const hasMetrics = useAppStore((s) => s.snapshot.latest !== null);
  return (
    <div className="scenario-file-actions">
      <button type="button" className="button button--small" onClick={() => input.current?.click()}>
        Open scenario file…
      </button>
      <button type="button" className="button button--small" onClick={saveFile} disabled={!hasScenario}>
        Save as scenario file
      </button>
      <button type="button" className="button button--small" onClick={() => saveMetrics('csv')} disabled={!hasMetrics || !hasScenario} title="The metrics now, one row per metric (the CLI's --json keys)">
        Metrics as CSV
      </button>
      <button type="button" className="button button--small" onClick={() => saveMetrics('json')} disabled={!hasMetrics || !hasScenario} title="The metrics now, with the lab, scenario, seed and simulated time">
        Metrics as JSON
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="Scenario file"
        data-testid="scenario-file-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void openFile(file);
        }}
      />
    </div>
  );
}
