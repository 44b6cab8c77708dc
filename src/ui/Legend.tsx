import { useState } from 'react';
import { findLab } from '../labs';
import type { SlotState } from '../lab/snapshot';
import { useAppStore } from '../store/store';

/** Each slot state the stage draws, with the words the legend gives it, in the legend's order. */
const SLOT_LEGEND: readonly (readonly [SlotState, string])[] = [
  ['idle', 'idle'],
  ['busy', 'busy'],
  ['opening', 'opening'],
  ['leaked', 'leaked'],
  ['closed', 'not open'],
];

/** Slot states as one string of words in the legend's order (a stable value for the store's selector). */
function inLegendOrder(states: ReadonlySet<string>): string {
  return SLOT_LEGEND.filter(([state]) => states.has(state))
    .map(([state]) => state)
    .join(' ');
}

function slotStatesDrawn(nodes: readonly { slots?: readonly SlotState[] }[] | undefined): string {
  return inLegendOrder(new Set((nodes ?? []).flatMap((node) => node.slots ?? [])));
}

/**
 * What the stage's dots, crosses and slots mean, for this lab: the slot states it has drawn so far
 * in this page (a pool's "leaked" appears with the first leak and stays; the M/M/c servers are only
 * ever idle or busy), and the purple dot only where the lab says what it means.
 */
export function Legend({ labId, reducedMotion }: { labId: string; reducedMotion: boolean }) {
  const slowRequestsAre = findLab(labId)?.slowRequestsAre;
  const drawnNow = useAppStore((s) => slotStatesDrawn(s.snapshot.calm?.topology.nodes));
  // Remembered across snapshots (set during render, React's pattern for state derived from earlier renders).
  const [seen, setSeen] = useState({ labId, states: '' });
  const before = seen.labId === labId ? seen.states : '';
  const states = inLegendOrder(new Set([...before.split(' '), ...drawnNow.split(' ')]));
  if (seen.labId !== labId || seen.states !== states) setSeen({ labId, states });
  const slots = SLOT_LEGEND.filter(([state]) => states.split(' ').includes(state));
  return (
    <div className="legend" aria-label="Legend">
      <ul>
        <li className="legend-title">Requests</li>
        <li>
          <span className="dot dot--ok" aria-hidden="true" /> in progress
        </li>
        <li>
          <span className="dot dot--waiting" aria-hidden="true" /> waiting
        </li>
        {slowRequestsAre !== undefined && (
          <li>
            <span className="dot dot--slow" aria-hidden="true" /> {slowRequestsAre}
          </li>
        )}
        <li>
          <span className="cross" aria-hidden="true">
            ✕
          </span>{' '}
          failed
        </li>
      </ul>
      {slots.length > 0 && (
        <ul>
          <li className="legend-title">Slots</li>
          {slots.map(([state, label]) => (
            <li key={state}>
              <span className={`swatch slot--${state}`} aria-hidden="true" /> {label}
            </li>
          ))}
        </ul>
      )}
      {reducedMotion && <p className="legend-note">Reduced motion: requests in progress are counted, not animated.</p>}
    </div>
  );
}
