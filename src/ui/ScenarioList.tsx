import { choosePreset, openScenario } from '../app/commands';
import { scenariosForLab } from '../app/scenarios';
import type { LabDefinition } from '../lab/labDefinition';
import { defaultScenario } from '../scenario/parseScenario';
import { useAppStore } from '../store/store';

/** The lab's shipped scenarios: each shows one gotcha and replays identically. */
export function ScenarioList({ lab }: { lab: LabDefinition }) {
  const presetName = useAppStore((s) => s.scenario.presetName);
  const presets = scenariosForLab(lab.id);
  return (
    <section className="panel presets" aria-labelledby="presets-title">
      <h2 id="presets-title">Scenarios</h2>
      <ul className="preset-list">
        <li>
          <button type="button" className="preset" aria-current={presetName === null ? 'true' : undefined} onClick={() => void openScenario(defaultScenario(lab))}>
            <span className="preset-title">Defaults</span>
            <span className="preset-desc">The lab&apos;s default parameters, seed 1.</span>
          </button>
        </li>
        {presets.map((p) => (
          <li key={p.name}>
            <button type="button" className="preset" aria-current={presetName === p.name ? 'true' : undefined} onClick={() => choosePreset(p.name)}>
              <span className="preset-title">{p.scenario.title}</span>
              {p.scenario.description !== undefined && <span className="preset-desc">{p.scenario.description}</span>}
            </button>
          </li>
        ))}
      </ul>
      {presets.length === 0 && <p className="panel-note">No shipped scenarios for this lab yet.</p>}
    </section>
  );
}
