import { createWorkerDbNode } from '../db/workerDbNode';
import type { ClusterDataset, NodeBoot, NodeEvents, NodeFactory } from './cluster';

/**
 * Nodes for the browser: each a PGlite in a Web Worker of its own, so queries never block the
 * page or the simulation, nodes boot and query in parallel, and each has its own watchdog (a
 * runaway statement restarts only its node). Every worker gets a unique name: workers from one
 * script must never share a database (DESIGN.md §4).
 */
export function workerNodes(options: {
  spawn: (workerName: string) => Worker;
  imageUrl: (dataset: { customers: number; seed: number }) => string | null;
  statementLimitMs?: number;
}): NodeFactory {
  let serial = 0;
  /** One node in a worker of its own (a unique name), booting from the dataset or from an image. */
  const boot = (node: string, source: { dataset: ClusterDataset } | { image: Blob }, events: NodeEvents, settings: NodeBoot['settings']) => {
    const workerName = `db-${node}-${++serial}`;
    return createWorkerDbNode({
      name: node,
      ...('image' in source ? { dataset: null, image: source.image } : { dataset: source.dataset, imageUrl: options.imageUrl(source.dataset) }),
      settings,
      statementLimitMs: options.statementLimitMs,
      onProgress: events.onProgress,
      onRestart: events.onRestart,
      onRestarted: events.onRestarted,
      sessionSql: events.sessionSql,
      spawn: () => options.spawn(workerName),
    });
  };
  return {
    fromDataset: (node, dataset, events, { settings } = {}) => boot(node, { dataset }, events, settings),
    fromImage: (node, image, events, { settings } = {}) => boot(node, { image }, events, settings),
  };
}
