import type { ComponentType } from 'react';
import type { AnyLab } from './lab/defineLab';
import type { ComingLab } from './lab/labDefinition';
import type { AnyLabViewProps } from './lab/view';
import { loadLabModel } from './lab/lazyModel';
import { batchLab } from './patterns/batch/lab';
import { cachingLab } from './patterns/caching/lab';
import { denormalizationLab } from './patterns/denormalization/lab';
import { mmcLab } from './patterns/mmc/lab';
import { poolingLab } from './patterns/pooling/lab';
import { productionLab } from './patterns/production/lab';
import { queryLab } from './patterns/query/lab';
import { replicationLab } from './patterns/replication/lab';
import { shardingLab } from './patterns/sharding/lab';
import { transactionsLab } from './patterns/transactions/lab';

/** A lab's own view (the panel under its topology), loaded only when the lab is opened. */
export type LazyLabView = () => Promise<{ default: ComponentType<AnyLabViewProps> }>;

/** A subcommand a lab adds to the CLI (`npm run sim -- <command> …`), loaded only when used. */
export interface LabCliCommand {
  command: string;
  /** One line for the CLI's usage text. */
  usage: string;
  load: () => Promise<{ run(argv: string[]): Promise<number> }>;
}

/** One lab as the app, the CLI and the tests see it. */
export interface LabEntry {
  lab: AnyLab;
  view?: LazyLabView;
  cli?: LabCliCommand;
}

/**
 * Every lab, one line each, in teaching order. Adding a lab is a folder under src/patterns/ and a
 * line here; labs not built yet are listed as coming so the home page shows the whole curriculum.
 */
const catalogue: readonly (LabEntry | ComingLab)[] = [
  { lab: mmcLab },
  { lab: poolingLab, view: () => import('./patterns/pooling/view/PoolingView') },
  { lab: queryLab, view: () => import('./patterns/query/view/QueryView') },
  { lab: replicationLab, view: () => import('./patterns/replication/view/ReplicationView') },
  { lab: shardingLab, view: () => import('./patterns/sharding/view/ShardingView') },
  {
    lab: transactionsLab,
    view: () => import('./patterns/transactions/view/TransactionsView'),
    cli: { command: 'txn', usage: 'npm run sim -- txn --schedule FILE [--json] [--against postgres://…] (txn --help)', load: () => import('./patterns/transactions/cli') },
  },
  { lab: batchLab, view: () => import('./patterns/batch/view/BatchView') },
  { lab: cachingLab, view: () => import('./patterns/caching/view/CachingView') },
  { lab: denormalizationLab, view: () => import('./patterns/denormalization/view/DenormalizationView') },
  { lab: productionLab, view: () => import('./patterns/production/view/ProductionView') },
];

/** True for curriculum entries that are not built yet. */
export function isComing<T extends object>(entry: T | ComingLab): entry is ComingLab {
  return 'comingSoon' in entry;
}

/** The labs that can be opened and run, in teaching order. */
export const labEntries: readonly LabEntry[] = catalogue.filter((e): e is LabEntry => !isComing(e));

/** Every lab of the curriculum in teaching order, those not built yet marked as coming (the home page). */
export const curriculum: readonly (AnyLab | ComingLab)[] = catalogue.map((e) => (isComing(e) ? e : e.lab));

/** The labs' definitions, in teaching order. */
export const labs: readonly AnyLab[] = labEntries.map((e) => e.lab);

/** The lab with this id, or undefined. */
export function findLab(id: string): AnyLab | undefined {
  return labs.find((lab) => lab.id === id);
}

/** The entry (definition, view, CLI command) of the lab with this id, or undefined. */
export function findLabEntry(id: string): LabEntry | undefined {
  return labEntries.find((e) => e.lab.id === id);
}

/**
 * Load every lab's model (each is imported on demand, so the page's first load holds none): the
 * CLI, the benchmarks and the tests build runs of any lab at once, and parse scenarios with their
 * models loaded (a tour's names are checked against them).
 */
export async function loadAllLabModels(): Promise<void> {
  await Promise.all(labs.map(loadLabModel));
}
