import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from './cluster';
import { workerNodes } from './workerNodes';
import { primaryWithReplicas } from './nodeList';
import { ensureDataImage } from '../db/dataImage';
import { createPgliteNode } from '../db/pgliteNode';
import type { DbNode } from '../db/dbNode';
import { errorInfo, type FromDbWorker, type ToDbWorker } from '../db/dbWorkerProtocol';
import type { ClusterNodeStatus } from './nodeStatus';

/**
 * A stand-in for db.worker.ts in a Web Worker (Node has none): the same protocol on a real
 * in-process PGlite. A statement containing `pg_sleep` never answers, as a runaway statement
 * never does in a real worker (it holds the worker's thread); terminate() ends it.
 */
class FakeDbWorker {
  onmessage: ((event: MessageEvent<FromDbWorker>) => void) | null = null;
  private node: DbNode | null = null;
  private terminated = false;
  static spawned: string[] = [];

  constructor(readonly name: string) {
    FakeDbWorker.spawned.push(name);
  }

  postMessage(message: ToDbWorker): void {
    void this.handle(message);
  }

  terminate(): void {
    this.terminated = true;
    void this.node?.close();
  }

  private reply(message: FromDbWorker): void {
    if (!this.terminated) this.onmessage?.({ data: message } as MessageEvent<FromDbWorker>);
  }

  private async handle(message: ToDbWorker): Promise<void> {
    try {
      switch (message.op) {
        case 'boot': {
          const image = message.image ?? new Blob([readFileSync(message.imageUrl!)]);
          this.node = await createPgliteNode({ name: this.name, loadDataDir: image, settings: message.settings });
          if (message.sessionSql) await this.node.exec(message.sessionSql);
          return this.reply({ id: message.id, ok: true });
        }
        case 'query': {
          if (/pg_sleep/.test(message.sql)) return; // runs away: never answers
          const result = await this.node!.query(message.sql, message.params);
          return this.reply({ id: message.id, ok: true, rows: result.rows, fields: result.fields });
        }
        case 'exec':
          await this.node!.exec(message.sql);
          return this.reply({ id: message.id, ok: true });
        case 'dump':
          return this.reply({ id: message.id, ok: true, image: await this.node!.dump!() });
        case 'memory':
          return this.reply({ id: message.id, ok: true, memoryBytes: (await this.node!.memoryBytes?.()) ?? 0 });
        case 'explain':
          return this.reply({ id: message.id, ok: true, plan: await this.node!.explain(message.sql, message.params) });
      }
    } catch (error) {
      this.reply({ id: message.id, ok: false, error: errorInfo(error) });
    }
  }
}

const DATASET = { customers: 1000, seed: 1 };
const LIMIT_MS = 1500;
let cluster: Cluster;
let statuses: ClusterNodeStatus[] = [];

beforeAll(async () => {
  const imagePath = await ensureDataImage(DATASET);
  const nodes = workerNodes({ spawn: (name) => new FakeDbWorker(name) as unknown as Worker, imageUrl: () => imagePath, statementLimitMs: LIMIT_MS });
  cluster = await Cluster.boot(nodes, DATASET, primaryWithReplicas(2), { onStatus: (s) => (statuses = s) });
}, 300_000);
afterAll(async () => {
  await cluster?.close();
});

describe('worker nodes', () => {
  it('each node has a worker of its own, with a unique name', () => {
    expect(FakeDbWorker.spawned).toEqual(['db-primary-1', 'db-replica-1-2', 'db-replica-2-3']);
    expect(statuses.map((s) => s.memoryBytes > 0)).toEqual([true, true, true]);
  });

  it('a runaway statement restarts only its node; the others keep answering; the node catches up afterwards', async () => {
    await cluster.query("update customers set name = 'before the runaway' where id = 5");
    await cluster.applyChanges('replica-1', 1);
    const runaway = cluster.query('select pg_sleep(600)', [], 'replica-1');
    const failure = expect(runaway).rejects.toMatchObject({ code: '57014', message: expect.stringMatching(/node "replica-1" was restarted from its base backup.*The rest of the lab kept running/) });
    // While replica-1 is stuck, the primary and replica-2 answer, and changes reach replica-2.
    await cluster.query("update customers set name = 'during the runaway' where id = 5");
    expect(await cluster.applyChanges('replica-2', 2)).toBe(2);
    expect((await cluster.query('select name from customers where id = 5', [], 'replica-2')).rows[0]).toEqual({ name: 'during the runaway' });
    await failure;
    expect(statuses.find((s) => s.id === 'replica-1')).toMatchObject({ restarts: 1 });
    expect(statuses.find((s) => s.id === 'primary')).toMatchObject({ restarts: 0, state: 'running' });
    // Back from its base backup (LSN 0), the replica catches up from the primary's changelog.
    expect(await cluster.applyChanges('replica-1', 2)).toBe(2);
    expect(statuses.find((s) => s.id === 'replica-1')?.state).toBe('running');
    expect(await cluster.checksums('replica-1')).toEqual(await cluster.checksums('primary'));
    // Still read-only after the restart.
    await expect(cluster.query("update customers set name = 'x' where id = 1", [], 'replica-1')).rejects.toMatchObject({ code: '25006' });
  }, 120_000);
});
