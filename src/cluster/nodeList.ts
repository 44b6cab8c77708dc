import type { NodeCapability, NodeSpec } from '../lab/labDefinition';

/** A node as the cluster boots it: a lab's {@link NodeSpec} (its `prepareSql` is the one hook for what its data should be). */
export type ClusterNodeSpec = NodeSpec;

/** The replicas' names, as the labs' topologies use them. */
export function replicaName(index: number): string {
  return `replica-${index}`;
}

/** A primary named 'primary' and `replicas` replicas 'replica-1'…, the replication lab's cluster. */
export function primaryWithReplicas(replicas: number): ClusterNodeSpec[] {
  if (!Number.isInteger(replicas) || replicas < 0) throw new Error(`replicas must be a whole number ≥ 0, got ${replicas}`);
  return [{ id: 'primary', role: 'primary' }, ...Array.from({ length: replicas }, (_, i) => ({ id: replicaName(i + 1), role: 'replica' as const }))];
}

/**
 * Refuse a list the cluster cannot boot, before anything boots: no nodes, an id twice, more than
 * one primary, or replicas with no primary to copy (shards are primaries of their own and need none).
 */
export function checkNodeList(nodes: readonly ClusterNodeSpec[]): void {
  if (nodes.length === 0) throw new Error('a cluster needs at least one node');
  const seen = new Set<string>();
  for (const node of nodes) {
    if (node.id.trim() === '') throw new Error('a node needs an id');
    if (seen.has(node.id)) throw new Error(`node "${node.id}" is listed twice`);
    seen.add(node.id);
  }
  const primaries = nodes.filter((n) => n.role === 'primary');
  if (primaries.length > 1) throw new Error(`a cluster has at most one primary, got ${primaries.map((n) => `"${n.id}"`).join(', ')} (independent primaries are shards)`);
  if (primaries.length === 0 && nodes.some((n) => n.role === 'replica')) throw new Error('replicas need a primary to be base backups of');
}

/**
 * Whether two specs describe the same node: same id, role, partition, capabilities (in any
 * order) and preparation. A reset keeps a node only when the new list asks for the same node.
 */
export function sameNode(a: ClusterNodeSpec, b: ClusterNodeSpec): boolean {
  return identity(a) === identity(b);
}

function identity(spec: ClusterNodeSpec): string {
  const capabilities: NodeCapability[] = [...new Set(spec.capabilities ?? [])].sort();
  return JSON.stringify([spec.id, spec.role, spec.partition?.index ?? null, spec.partition?.count ?? null, capabilities, spec.prepareSql ?? null]);
}
