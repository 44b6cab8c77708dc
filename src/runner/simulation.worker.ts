/// <reference lib="webworker" />
import { RunController, type SqlHost } from './runController';
import type { FromWorker, ToWorker } from './protocol';
import { dataImageUrl } from '../db/dataImageUrls';
import { Cluster } from '../cluster/cluster';
import { workerNodes } from '../cluster/workerNodes';

// The simulation runs here, off the page's thread, so the page never stalls however hard
// the engine works; the page receives at most one snapshot per animation frame.
const scope = self as unknown as DedicatedWorkerGlobalScope;

const nodeFactory = workerNodes({
  spawn: (workerName) => new Worker(new URL('../db/db.worker.ts', import.meta.url), { type: 'module', name: workerName }),
  imageUrl: dataImageUrl,
});

/**
 * One cluster per dataset, each node in a worker of its own, booted once with the first lab's
 * node list and kept: a new run resets it to the list that run asks for (nodes untouched since
 * they booted are kept; the others boot again from their image taken at LSN 0; nodes are added
 * or shut down as the list says).
 */
const clusters = new Map<string, Promise<Cluster>>();
const sqlHost: SqlHost = {
  cluster(dataset, nodes, onProgress) {
    const key = JSON.stringify(dataset);
    let cluster = clusters.get(key);
    if (!cluster) {
      cluster = Cluster.boot(nodeFactory, dataset, nodes, { onProgress, onStatus: (statuses) => controller.clusterStatus(key, statuses) });
      // A failed boot is retried next time rather than cached.
      cluster.catch(() => clusters.delete(key));
      clusters.set(key, cluster);
    }
    return cluster;
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

scope.onmessage = (event: MessageEvent<ToWorker>) => controller.receive(event.data);
