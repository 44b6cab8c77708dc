import { createWorkerDbNode } from '../db/workerDbNode';
import type { NodeFactory } from './cluster';

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
  const name = (node: string) => `db-${node}-${++serial}`;
  return {
    fromDataset(node, dataset, events, boot = {}) {
      const workerName = name(node);
      return createWorkerDbNode({
        name: node,
        dataset,
        imageUrl: options.imageUrl(dataset),
        settings: boot.settings,
        statementLimitMs: options.statementLimitMs,
        onProgress: events.onProgress,
        onRestart: events.onRestart,
        onRestarted: events.onRestarted,
        sessionSql: events.sessionSql,
        spawn: () => options.spawn(workerName),
      });
    },
    fromImage(node, image, events, boot = {}) {
      const workerName = name(node);
      return createWorkerDbNode({
        name: node,
        dataset: null,
        image,
        settings: boot.settings,
        statementLimitMs: options.statementLimitMs,
        onProgress: events.onProgress,
        onRestart: events.onRestart,
        onRestarted: events.onRestarted,
        sessionSql: events.sessionSql,
        spawn: () => options.spawn(workerName),
      });
    },
  };
}
