import { describe, expect, it } from 'vitest';
import { findLab } from '../labs';
import { defaultScenario } from '../scenario/parseScenario';
import { appStore, type AppState } from '../store/store';
import { baseParams } from './urlState';
import { desiredHash } from './urlSync';

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
