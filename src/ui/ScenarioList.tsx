import { choosePreset, openScenario } from '../app/commands';
import { scenariosForLab } from '../app/scenarios';
import { baseParams } from '../app/urlState';
import type { AnyLab } from '../lab/defineLab';
import { defaultScenario } from '../scenario/parseScenario';
import { useAppStore } from '../store/store';
import { ScenarioFileActions } from './ScenarioFileActions';

/**
 * The lab's shipped scenarios (presets): each shows one gotcha and replays identically. Compact
 * titles (the set-up is the tooltip); the active one is marked, and its set-up and lesson are under the stage.
 */
export function ScenarioList({ lab }: { lab: AnyLab }) {
  const presetName = useAppStore((s) => s.scenario.presetName);
  // The active preset with parameters changed since (in the panel or the address).
  const changed = useAppStore((s) => {
    const { base, nextParams } = s.scenario;
    if (base === null) return false;
    const start = baseParams(lab, base);
    return Object.keys(start).some((k) => nextParams[k] !== undefined && nextParams[k] !== start[k]);
  });
  const presets = scenariosForLab(lab.id);
  const items = [
    { name: null, title: 'Defaults', description: "The lab's default parameters, seed 1.", tour: false, open: () => void openScenario(defaultScenario(lab)) },
    ...presets.map((p) => ({ name: p.name, title: p.scenario.title, description: p.scenario.description, tour: p.scenario.tour !== undefined, open: () => choosePreset(p.name) })),
  ];
  return (
    <section className="panel presets" aria-labelledby="presets-title">
      <h2 id="presets-title" tabIndex={-1}>
        Presets <span className="panel-count">({presets.length})</span>
      </h2>
      <ul className="preset-list">
        {items.map((item) => {
          const active = presetName === item.name;
          return (
            <li key={item.name ?? '(defaults)'}>
              <button type="button" className="preset" aria-current={active ? 'true' : undefined} onClick={item.open} data-preset={item.name ?? ''} title={item.description}>
                <span className="preset-title">
                  {item.title}
                  {item.tour && <span className="preset-tour">guided tour</span>}
                  {active && <span className="preset-active">{changed ? 'active, changed' : 'active'}</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {presets.length === 0 && <p className="panel-note">No shipped scenarios for this lab yet.</p>}
      <ScenarioFileActions />
    </section>
  );
}
