import { describe, expect, it, vi } from 'vitest';
import { findLab } from '../labs';
import { defaultScenario } from '../scenario/parseScenario';
import { appStore, type AppState } from '../store/store';
import { baseParams } from './urlState';
import { desiredHash, installUrlSync } from './urlSync';

/** The replication lab's page, its run paused at `now`, as the store holds it. */
function replicationPage(playback: Partial<AppState['playback']>): AppState {
  const lab = findLab('replication')!;
  const base = defaultScenario(lab);
  const params = baseParams(lab, base);
  const state = appStore.getState();
  return {
    ...state,
    ui: { ...state.ui, route: { name: 'lab', labId: 'replication' } },
    scenario: { ...state.scenario, labId: 'replication', base, runParams: params, params, nextParams: params },
    playback: { ...state.playback, loaded: true, durationMs: 60_000, ...playback },
  };
}

describe('desiredHash: the address follows the run the page shows', () => {
  it('writes the paused time of the run shown', () => {
    expect(desiredHash(replicationPage({ now: 2500 }))).toMatch(/^#\/lab\/replication\?.*t=2\.5/);
  });

  it('is left alone while a new run is prepared (issue 18, 6a and 7): no time of another run is written into it', () => {
    expect(desiredHash(replicationPage({ now: 2500, preparing: true }))).toBeNull();
    expect(desiredHash(replicationPage({ now: 2500, loaded: false }))).toBeNull();
  });
});

describe('installUrlSync: the address writer', () => {
  /**
   * A writer on a stand-in address bar at `hash`; the store set to the replication lab paused at
   * 2.5 s; `between` runs before the debounce is due. Returns what was written and the address after.
   */
  function pauseAt2500(hash: string, between: (bar: { location: { hash: string } }) => void = () => {}) {
    vi.useFakeTimers();
    const before = appStore.getState();
    const writes: string[] = [];
    const bar = {
      location: { hash },
      history: { state: null, replaceState: (_s: unknown, _u: string, url: string) => (writes.push(url), (bar.location.hash = url)) },
    };
    const stop = installUrlSync(bar);
    try {
      appStore.setState(replicationPage({ now: 2500 }));
      between(bar);
      vi.advanceTimersByTime(1000);
      return { writes, address: bar.location.hash };
    } finally {
      stop();
      appStore.setState(before, true);
      vi.useRealTimers();
    }
  }

  it('writes the paused state once it settles', () => {
    const { writes } = pauseAt2500('#/lab/replication');
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/t=2\.5/);
  });

  it('does not overwrite an address followed before the write was due (a link clicked just after pausing)', () => {
    const { writes, address } = pauseAt2500('#/lab/replication', (bar) => (bar.location.hash = '#/lab/replication?t=1.001'));
    expect(writes).toEqual([]);
    expect(address).toBe('#/lab/replication?t=1.001');
  });
});
