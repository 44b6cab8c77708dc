/// <reference lib="webworker" />
import { createPgliteNode } from './pgliteNode';
import { loadDemoDataset } from './demoDataset';
import { errorInfo, type FromDbWorker, type ToDbWorker } from './dbWorkerProtocol';
import type { DbNode } from './dbNode';

// One PostgreSQL node per worker: its queries never block the simulation or the page, and a
// runaway query can be ended by terminating the worker (PGlite's statement_timeout never fires).
const scope = self as unknown as DedicatedWorkerGlobalScope;
let node: DbNode | null = null;

function reply(message: FromDbWorker): void {
  scope.postMessage(message);
}

/** Boot this worker's node: from a base backup, the dataset's prebuilt image, or initdb and the data load. */
async function boot(message: Extract<ToDbWorker, { op: 'boot' }>): Promise<void> {
  if (message.image !== undefined) {
    reply({ id: -1, progress: 'Starting PostgreSQL (PGlite) from a base backup' });
    node = await createPgliteNode({ loadDataDir: message.image, settings: message.settings });
    return;
  }
  if (message.imageUrl !== null) {
    try {
      reply({ id: -1, progress: 'Starting PostgreSQL (PGlite) from a prebuilt data image' });
      const image = await (await fetch(message.imageUrl)).blob();
      node = await createPgliteNode({ loadDataDir: image, settings: message.settings });
      return;
    } catch {
      // No usable image (offline, stale): boot cold below, which gives the same data.
    }
  }
  reply({ id: -1, progress: 'Starting PostgreSQL (PGlite): initdb' });
  node = await createPgliteNode({ settings: message.settings });
  if (message.dataset) {
    reply({ id: -1, progress: `Loading the demo dataset (${message.dataset.customers.toLocaleString('en-US')} customers)` });
    await loadDemoDataset(node, { customers: message.dataset.customers }, message.dataset.seed);
  }
}

async function handle(message: ToDbWorker): Promise<void> {
  try {
    switch (message.op) {
      case 'boot':
        await boot(message);
        // Session settings (a replica's read-only mode) hold before the first statement is answered.
        if (message.sessionSql) await node!.exec(message.sessionSql);
        return reply({ id: message.id, ok: true });
      case 'query': {
        const result = await node!.query(message.sql, message.params);
        return reply({ id: message.id, ok: true, rows: result.rows, fields: result.fields });
      }
      case 'exec':
        await node!.exec(message.sql);
        return reply({ id: message.id, ok: true });
      case 'dump':
        return reply({ id: message.id, ok: true, image: await node!.dump!() });
      case 'memory':
        return reply({ id: message.id, ok: true, memoryBytes: (await node!.memoryBytes?.()) ?? 0 });
      case 'explain':
        return reply({ id: message.id, ok: true, plan: await node!.explain(message.sql, message.params, { analyze: message.analyze }) });
    }
  } catch (error) {
    reply({ id: message.id, ok: false, error: errorInfo(error) });
  }
}

scope.onmessage = (event: MessageEvent<ToDbWorker>) => void handle(event.data);
