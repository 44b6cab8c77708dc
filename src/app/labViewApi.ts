import type { ParamValues } from '../lab/params';
import type { LabViewApi } from '../lab/view';
import { useAppStore } from '../store/store';
import { pause, runLabAction } from './commands';
import { inspectRequest } from './labTools';
import { runSql } from './simulationClient';

/**
 * The API a lab's own view gets (src/lab/view.ts): the app's store and commands behind one small
 * interface, so views never import `app/` or `store/`. Built once; the hooks select what they
 * return, so a view re-renders only when that changes (detail and time at the calm rate of the DOM,
 * a few times a second while playing: see store/snapshotSlice.ts).
 */
export const labViewApi: LabViewApi<ParamValues, unknown> = {
  useDetail: () => useAppStore((s) => s.snapshot.calm?.detail ?? null),
  useParams: () => useAppStore((s) => s.scenario.params),
  useTime: () => useAppStore((s) => s.snapshot.calm?.t ?? 0),
  usePlayback: () => {
    const loaded = useAppStore((s) => s.playback.loaded);
    const playing = useAppStore((s) => s.playback.playing);
    return { loaded, playing };
  },
  useDb: () => {
    const state = useAppStore((s) => s.console.db);
    const label = useAppStore((s) => s.console.dbLabel);
    return { state, label };
  },
  pause,
  runAction: (name, args = {}) => runLabAction(name, args),
  openRequest: (id) => {
    pause();
    return inspectRequest(id);
  },
  runSql: (sql, node) => runSql(sql, node),
};
