import { useRef } from 'react';
import { loadScenarioObject } from '../app/commands';
import { scenarioForRun } from '../app/urlState';
import { parseJson, issuesToText } from '../scenario/parseScenario';
import { appStore, useAppStore } from '../store/store';
import { pushToast } from '../store/uiSlice';

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
  const blob = new Blob([`${JSON.stringify(scenario, null, 2)}\n`], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `${scenario.name}.json`;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Open a scenario file from disk, or save the current state as one. */
export function ScenarioFileActions() {
  const input = useRef<HTMLInputElement>(null);
  const hasScenario = useAppStore((s) => s.scenario.base !== null);
  return (
    <div className="scenario-file-actions">
      <button type="button" onClick={() => input.current?.click()}>
        Open scenario file…
      </button>
      <button type="button" onClick={saveFile} disabled={!hasScenario}>
        Save as scenario file
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
