import { readFileSync } from 'node:fs';
import { ensureDataImage } from '../db/dataImage';
import { createPgliteNode } from '../db/pgliteNode';
import type { NodeFactory } from './cluster';

/**
 * Nodes as PGlite instances in this process (the CLI, tests, benchmarks). The primary boots from
 * the prebuilt data image of its dataset, built once if missing; replicas from a base backup;
 * each with the settings its capabilities need.
 * In-process nodes share one thread: a runaway statement cannot be stopped here (the browser's
 * worker nodes have the watchdog).
 */
export const inProcessNodes: NodeFactory = {
  async fromDataset(name, dataset, events, boot = {}) {
    events.onProgress(`Starting PostgreSQL (PGlite) with the demo dataset (${dataset.customers.toLocaleString('en-US')} customers)`);
    const path = await ensureDataImage(dataset, events.onProgress);
    return createPgliteNode({ name, loadDataDir: new Blob([readFileSync(path)]), settings: boot.settings });
  },
  async fromImage(name, image, events, boot = {}) {
    events.onProgress('Starting PostgreSQL (PGlite) from a base backup');
    return createPgliteNode({ name, loadDataDir: image, settings: boot.settings });
  },
};
