import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_SCHEMA, demoDataSql, loadDemoDataset } from './demoDataset';
import { createPgliteNode, NODE_SETTINGS, SLIM_INITDB_ARGS } from './pgliteNode';
import { labs } from '../labs';

/** Where the prebuilt images go: the app imports them from here (src/db/dataImageUrls.ts). */
export const IMAGES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'images');

type Dataset = { customers: number; seed: number };


/** PGlite's version, read from its package (its exports do not expose package.json). */
function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The image's file name: the dataset's key plus a hash of everything that shapes its bytes
 * (PGlite's version, the schema, the data SQL), so a stale image is never loaded.
 */
export function dataImageName(dataset: Dataset): string {
  const hash = createHash('sha256')
    .update(pgliteVersion())
    .update(SLIM_INITDB_ARGS.join(' '))
    .update(NODE_SETTINGS.join(' '))
    .update(DEMO_SCHEMA)
    .update(demoDataSql({ customers: dataset.customers }, dataset.seed))
    .digest('hex')
    .slice(0, 12);
  return `demo-${dataset.customers}-${dataset.seed}-${hash}.tar.gz`;
}

/**
 * Make sure a prebuilt data directory exists for every lab dataset, so the browser boots its
 * nodes from an image (about a second) instead of running initdb and loading data on page load.
 * Stale images are removed. Called by the Vite plugin at dev-server start and at build.
 */
export async function ensureDataImages(log: (message: string) => void = () => {}): Promise<string[]> {
  mkdirSync(IMAGES_DIR, { recursive: true });
  const datasets = new Map<string, Dataset>();
  for (const lab of labs) if (lab.dataset) datasets.set(dataImageName(lab.dataset), lab.dataset);
  for (const file of readdirSync(IMAGES_DIR)) {
    if (file.endsWith('.tar.gz') && !datasets.has(file)) unlinkSync(join(IMAGES_DIR, file));
  }
  for (const dataset of datasets.values()) await ensureDataImage(dataset, log);
  return [...datasets.keys()];
}

/** The image of one dataset, built first if missing (initdb and the data load, once). Returns its path. */
export async function ensureDataImage(dataset: Dataset, log: (message: string) => void = () => {}): Promise<string> {
  const name = dataImageName(dataset);
  const path = join(IMAGES_DIR, name);
  if (existsSync(path) && readFileSync(path).length > 0) return path;
  mkdirSync(IMAGES_DIR, { recursive: true });
  log(`building the PGlite data image ${name} (initdb + demo data, once)`);
  // Slim: 1 MB WAL segments (the default of every cold node) and template0 dropped below, so an
  // image is a few MB and a node boots from it in well under a second (DESIGN.md §4).
  const node = await createPgliteNode();
  try {
    await loadDemoDataset(node, { customers: dataset.customers }, dataset.seed);
    // Nobody creates databases from template0 here; template1 stays for CREATE DATABASE.
    // Two calls: DROP DATABASE cannot run inside the implicit transaction of a multi-statement string.
    await node.exec("update pg_database set datistemplate = false where datname = 'template0'");
    await node.exec('drop database template0');
    await node.exec('checkpoint');
    const blob = await node.pglite.dumpDataDir('gzip');
    // Written under a temporary name first: a process stopped half-way leaves no truncated image.
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    renameSync(partial, path);
  } finally {
    await node.close();
  }
  return path;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = await ensureDataImages((m) => process.stdout.write(`${m}\n`));
  process.stdout.write(`data images up to date: ${names.join(', ')}\n`);
}
