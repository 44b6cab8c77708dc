import { PGlite } from '@electric-sql/pglite';
import { figure, type BenchContext, type Figure } from '../figure';
import { timeOnce } from '../timing';
import { Cluster } from '../../src/cluster/cluster';
import { inProcessNodes } from '../../src/cluster/inProcessNodes';
import { primaryWithReplicas } from '../../src/cluster/nodeList';
import { ensureDataImage } from '../../src/db/dataImage';

const DATASET = { customers: 1000, seed: 1 };

const rssMb = () => process.memoryUsage().rss / 1048576;

/** Let the collector run if node was started with --expose-gc (RSS figures are steadier then). */
function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * The PGlite cluster in Node: how long a primary with two replicas takes to be ready to query
 * against one cold PGlite boot (initdb), what each node costs in memory, and how fast a replica
 * applies shipped changes against running the same statements directly.
 */
export async function clusterFigures(ctx: BenchContext): Promise<Figure[]> {
  ctx.log('cluster: making sure the prebuilt data image exists (built once)');
  await ensureDataImage(DATASET, ctx.log);

  ctx.log('cluster: one cold PGlite boot (initdb), the baseline');
  const rssBeforeCold = rssMb();
  const cold = await timeOnce(async () => {
    const db = new PGlite();
    await db.waitReady;
    await db.query('select 1');
    return db;
  });
  const coldRss = rssMb() - rssBeforeCold;
  await cold.result.close();

  ctx.log('cluster: a primary with two replicas (best of 2)');
  let clusterMs = Infinity;
  for (let i = 0; i < 2; i++) {
    const t = await timeOnce(async () => {
      const cluster = await Cluster.boot(inProcessNodes, DATASET, primaryWithReplicas(2));
      await Promise.all(cluster.nodeIds.map((n) => cluster.query('select count(*) from customers', [], n)));
      return cluster;
    });
    clusterMs = Math.min(clusterMs, t.ms);
    await t.result.close();
  }

  ctx.log('cluster: memory per extra replica (process RSS) and wasm heap per node');
  collect();
  const cluster = await Cluster.boot(inProcessNodes, DATASET, primaryWithReplicas(1));
  collect();
  const rss1 = rssMb();
  const extra = 3;
  await cluster.reset(primaryWithReplicas(1 + extra));
  collect();
  const perNodeRss = (rssMb() - rss1) / extra;
  const heaps = cluster.statuses().map((s) => s.memoryBytes / 1048576);
  const heapMb = heaps.reduce((a, b) => a + b, 0) / heaps.length;
  await cluster.reset(primaryWithReplicas(1));

  const n = ctx.quick ? 300 : 3000;
  ctx.log(`cluster: ${n} single-row updates on the primary (the baseline), then shipped to a replica`);
  const direct = await timeOnce(async () => {
    for (let i = 0; i < n; i++) await cluster.query('update accounts set balance = balance + 1 where id = $1', [1 + (i % 1000)]);
  });
  const batch = 50;
  const shipped = await timeOnce(async () => {
    for (let lsn = batch; lsn <= n; lsn += batch) await cluster.applyChanges('replica-1', lsn);
    return cluster.applyChanges('replica-1', n);
  });
  const singles = ctx.quick ? 50 : 300;
  for (let i = 0; i < singles; i++) await cluster.query('update accounts set balance = balance + 1 where id = $1', [1 + (i % 1000)]);
  const oneByOne = await timeOnce(async () => {
    for (let lsn = n + 1; lsn <= n + singles; lsn++) await cluster.applyChanges('replica-1', lsn);
  });
  const equal = JSON.stringify(await cluster.checksums('replica-1')) === JSON.stringify(await cluster.checksums('primary'));
  await cluster.close();

  return [
    figure({
      name: 'cluster.boot',
      value: clusterMs,
      unit: 'ms',
      baseline: cold.ms,
      better: 'lower',
      baselineLabel: 'one cold PGlite boot (initdb)',
      target: { ratio: 0.5 },
      note: 'primary from the prebuilt image + change capture + base backup + 2 replicas from it, each answering a query',
    }),
    figure({
      name: 'cluster.memoryPerNode',
      value: perNodeRss,
      unit: 'MB',
      baseline: coldRss,
      better: 'lower',
      baselineLabel: 'the first cold PGlite in the process (RSS, includes compiling its wasm)',
      target: { value: 80 },
      note: `process RSS added per extra replica (1k-customer dataset, shared_buffers=8MB); wasm heap reserved per node ${heapMb.toFixed(0)} MB (pages untouched are not resident)`,
    }),
    figure({
      name: 'cluster.shipping',
      value: n / (shipped.ms / 1000),
      unit: 'changes/s',
      baseline: n / (direct.ms / 1000),
      better: 'higher',
      baselineLabel: 'the same updates run directly',
      note: `batches of ${batch}; one change per batch: ${Math.round(singles / (oneByOne.ms / 1000))}/s; checksums equal after drain: ${equal ? 'yes' : 'NO'}`,
    }),
  ];
}
