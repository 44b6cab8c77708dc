import { RunController, type SqlHost } from '../runner/runController';
import type { FromWorker } from '../runner/protocol';

/**
 * A controller on `host`'s clusters whose boot ends only when the test calls `open`, and what it
 * posts: the run plays model-only until then. Its wall clock runs at a tenth of real time by
 * default, so that a replay's pace budget (JOIN_REPLAY_WALL_BUDGET_MS) never ends a replay on a busy
 * machine: these tests are about what a replay does, not how fast.
 * `watch` sees each message as it is posted, inside the controller's work (in this process a
 * replay onto in-process nodes never yields to timers: a test acts on it from there).
 */
export function onSlowlyBootingCluster(
  host: SqlHost,
  now = () => performance.now() / 10,
  /** Sees each message as it is posted, while the controller is still at work (the test may act there). */
  watch: (message: FromWorker) => void = () => {},
): { controller: RunController; posted: FromWorker[]; open: () => void } {
  let open!: () => void;
  const booting = new Promise<void>((resolve) => (open = resolve));
  const slowHost: SqlHost = {
    async cluster(dataset, nodes, onProgress) {
      await booting;
      return host.cluster(dataset, nodes, onProgress);
    },
  };
  const posted: FromWorker[] = [];
  const controller = new RunController(
    (m) => {
      posted.push(m);
      watch(m);
    },
    { now, schedule: (fn, ms) => void setTimeout(fn, ms) },
    slowHost,
  );
  return { controller, posted, open };
}

/**
 * Resolves once the run on screen has real SQL: a run plays model-only while its nodes boot and
 * reset, then real SQL joins it (a lab that writes is replayed onto the nodes, in the message queue).
 */
export async function untilJoined(controller: RunController, posted: readonly FromWorker[]): Promise<void> {
  for (const giveUpAt = performance.now() + 300_000; ; ) {
    if (performance.now() > giveUpAt) throw new Error('the run never joined its nodes');
    await controller.idle();
    const last = posted.filter((m) => m.type === 'snapshot').at(-1);
    if (last?.type === 'snapshot' && !last.status.sqlJoining) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
