/// <reference lib="webworker" />
import { RunController, type SqlHost } from './runController';
import type { FromWorker, ToWorker } from './protocol';
import { createWorkerDbNode } from '../db/workerDbNode';
import type { DbNode } from '../db/dbNode';
import { dataImageUrl } from '../db/dataImageUrls';

// The simulation runs here, off the page's thread, so the page never stalls however hard
// the engine works; the page receives at most one snapshot per animation frame.
const scope = self as unknown as DedicatedWorkerGlobalScope;

/** Each lab's primary lives in a worker of its own, booted once and kept for later runs. */
const primaries = new Map<string, Promise<DbNode>>();
const sqlHost: SqlHost = {
  primary(lab, onProgress) {
    const dataset = lab.dataset ?? null;
    const key = JSON.stringify(dataset);
    let node = primaries.get(key);
    if (!node) {
      node = createWorkerDbNode({
        name: 'primary',
        dataset,
        imageUrl: dataset ? dataImageUrl(dataset) : null,
        onProgress,
        spawn: () => new Worker(new URL('../db/db.worker.ts', import.meta.url), { type: 'module', name: `db-primary-${key}` }),
      });
      // A failed boot is retried next time rather than cached.
      node.catch(() => primaries.delete(key));
      primaries.set(key, node);
    }
    return node;
  },
};

const controller = new RunController(
  (message: FromWorker) => scope.postMessage(message),
  {
    now: () => performance.now(),
    schedule: (fn, ms) => {
      setTimeout(fn, ms);
    },
  },
  sqlHost,
);

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event: MessageEvent<ToWorker>) => {
  // Console statements go straight to the database worker: a slow one must not hold up playback.
  if (event.data.type === 'sql') {
    void controller.handle(event.data);
    return;
  }
  // Everything else is handled one message at a time, in order, even when one awaits real SQL.
  queue = queue.then(() => controller.handle(event.data));
};
