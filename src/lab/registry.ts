import type { ComingLab, LabDefinition } from './labDefinition';
import { mmcLab } from '../patterns/mmc/lab';
import { poolingLab } from '../patterns/pooling/lab';
import { replicationLab } from '../patterns/replication/lab';
import { queryLab } from '../patterns/query/lab';
import { transactionsLab } from '../patterns/transactions/lab';

/** Labs that can be opened and run. */
export const labs: readonly LabDefinition[] = [mmcLab, poolingLab, replicationLab, queryLab, transactionsLab];

/** Every lab named in the curriculum, in teaching order; those not built yet are marked as coming. */
export const curriculum: readonly (LabDefinition | ComingLab)[] = [
  mmcLab,
  poolingLab,
  queryLab,
  replicationLab,
  { id: 'sharding', title: 'Sharding', summary: 'Shard keys, hash/range/consistent hashing, hot shards, scatter-gather, resharding.', comingSoon: true },
  transactionsLab,
  { id: 'batch', title: 'Batch operations', summary: 'Row-by-row vs batched vs multi-row inserts.', comingSoon: true },
  { id: 'caching', title: 'Caching', summary: 'Cache-aside, write-through, write-behind, and what a crash loses.', comingSoon: true },
  { id: 'denormalization', title: 'Denormalization & materialized views', summary: 'Refresh strategies and staleness.', comingSoon: true },
  { id: 'production', title: 'The production stack', summary: 'Everything composed, with faults injected.', comingSoon: true },
];

/** The lab with this id, or undefined. */
export function findLab(id: string): LabDefinition | undefined {
  return labs.find((lab) => lab.id === id);
}

/** True for curriculum entries that are not built yet. */
export function isComing(entry: LabDefinition | ComingLab): entry is ComingLab {
  return 'comingSoon' in entry;
}
