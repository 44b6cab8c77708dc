import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ClusterNodeStatus } from './nodeStatus';

/**
 * The loaded lab's database nodes as the simulation worker last reported them (role, state,
 * applied LSN, memory). Kept apart from the app store's slices because only the node details and
 * the console header read it; it could become a slice of its own.
 */
export const clusterStatusStore = createStore<{ nodes: ClusterNodeStatus[] }>()(() => ({ nodes: [] }));

export function setClusterStatus(nodes: ClusterNodeStatus[]): void {
  clusterStatusStore.setState({ nodes });
}

/** One node's status in a component (undefined until the cluster has reported it). */
export function useNodeStatus(nodeId: string | null): ClusterNodeStatus | undefined {
  return useStore(clusterStatusStore, (s) => (nodeId === null ? undefined : s.nodes.find((n) => n.id === nodeId)));
}

/** How a node is doing, in a few words ("running · replica · applied LSN 42 · 54 MB"). */
export function describeNode(node: ClusterNodeStatus, { withState = true } = {}): string {
  const role = node.role === 'out' ? 'former primary (fenced)' : node.role;
  const state = node.state === 'booting' || node.state === 'restarting' ? `${node.state}${node.label ? `: ${node.label}` : ''}` : node.state;
  const parts = [...(withState ? [state] : []), role, `${node.role === 'primary' ? 'last LSN' : 'applied LSN'} ${node.appliedLsn}`];
  if (node.memoryBytes > 0) parts.push(`${Math.round(node.memoryBytes / 1048576)} MB wasm heap`);
  if (node.restarts > 0) parts.push(`${node.restarts} watchdog restart${node.restarts === 1 ? '' : 's'}`);
  return parts.join(' · ');
}
