import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { LabDefinition } from '../lab/labDefinition';

/** Props every lab-specific view gets; it reads the rest (snapshot.detail, playback) from the store. */
export interface LabViewProps {
  lab: LabDefinition;
}

/**
 * Each lab's own panel, drawn under the topology (lag gauges, plan viewer, swimlanes…), loaded
 * lazily so a lab's code is fetched only when it is opened. A pattern's view lives in its folder.
 */
export const labViews: Partial<Record<string, LazyExoticComponent<ComponentType<LabViewProps>>>> = {
  // Add one line per lab, with `import { lazy } from 'react'`:
  //   replication: lazy(() => import('../patterns/replication/view/ReplicationView')),
  transactions: lazy(() => import('../patterns/transactions/view/TransactionsView')),
  query: lazy(() => import('../patterns/query/view/QueryView')),
  replication: lazy(() => import('../patterns/replication/view/ReplicationView')),
};
