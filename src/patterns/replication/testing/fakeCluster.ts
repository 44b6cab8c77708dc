import type { SqlBackend } from '../../../lab/labDefinition';
import { READ_SQL, WRITE_SQL, originalName } from '../statements';

/** One captured change, as a trigger on the primary would write it to the changelog. */
export interface CapturedChange {
  lsn: number;
  customerId: number;
  name: string;
}

/**
 * A stand-in for the PGlite cluster with the same contract (query per node, applyChanges in LSN
 * order, promote), for tests that need a cluster before the real one is available and to record
 * every call. It understands only the lab's two statements. Its LSNs come from its own capture
 * order, not from the model, so tests can check that the model counts them the same way.
 */
export class FakeCluster implements SqlBackend {
  statementsRun = 0;
  readonly calls: { op: 'query' | 'applyChanges' | 'promote'; node: string; detail: string }[] = [];
  private rows = new Map<string, Map<number, string>>();
  private appliedLsn = new Map<string, number>();
  /** The current primary's changelog, in LSN order. */
  changelog: CapturedChange[] = [];
  primary = 'primary';
  /** At each promotion: the node, its LSN, and the changes it had not applied (lost with the old timeline). */
  readonly promotions: { node: string; lsn: number; unapplied: CapturedChange[] }[] = [];

  constructor(replicas: number, customers: number) {
    for (const node of ['primary', ...Array.from({ length: replicas }, (_, i) => `replica-${i + 1}`)]) {
      const table = new Map<number, string>();
      for (let id = 1; id <= customers; id++) table.set(id, originalName(id));
      this.rows.set(node, table);
      this.appliedLsn.set(node, 0);
    }
  }

  private table(node: string): Map<number, string> {
    const t = this.rows.get(node);
    if (t === undefined) throw new Error(`no node "${node}"`);
    return t;
  }

  get lsn(): number {
    return this.appliedLsn.get(this.primary)!;
  }

  async query(sql: string, values: unknown[] = [], node = 'primary'): Promise<{ rows: Record<string, unknown>[] }> {
    this.statementsRun++;
    this.calls.push({ op: 'query', node, detail: `${sql} ${JSON.stringify(values)}` });
    const table = this.table(node);
    if (sql === WRITE_SQL) {
      if (node !== this.primary) throw new Error(`cannot execute UPDATE in a read-only transaction (${node} is a standby)`);
      const [id, name] = values as [number, string];
      table.set(id, name);
      const lsn = this.lsn + 1;
      this.appliedLsn.set(node, lsn);
      this.changelog.push({ lsn, customerId: id, name });
      return { rows: [] };
    }
    if (sql === READ_SQL) {
      const id = values[0] as number;
      return { rows: [{ id, name: table.get(id) }] };
    }
    throw new Error(`the fake cluster does not understand: ${sql}`);
  }

  async applyChanges(node: string, upToLsn: number): Promise<number> {
    this.calls.push({ op: 'applyChanges', node, detail: String(upToLsn) });
    const table = this.table(node);
    let applied = this.appliedLsn.get(node)!;
    for (const c of this.changelog) {
      if (c.lsn <= applied || c.lsn > upToLsn) continue;
      table.set(c.customerId, c.name);
      applied = c.lsn;
    }
    this.appliedLsn.set(node, applied);
    return applied;
  }

  async promote(node: string): Promise<void> {
    this.calls.push({ op: 'promote', node, detail: '' });
    const lsn = this.appliedLsn.get(node)!;
    this.promotions.push({ node, lsn, unapplied: this.changelog.filter((c) => c.lsn > lsn) });
    this.changelog = this.changelog.filter((c) => c.lsn <= lsn);
    this.primary = node;
  }

  /** A node's rows, for checksums. */
  dump(node: string): string {
    return [...this.table(node)].map(([id, name]) => `${id}:${name}`).join('\n');
  }
}
