import type { DbNode, Row } from '../db/dbNode';
import { DbError } from '../db/workerDbNode';
import {
  APPLIED_LSN_SQL,
  applyTransactionSql,
  captureInstallSql,
  CHANGES_SQL,
  checksumSql,
  DESCRIBE_TABLES_SQL,
  type CapturedTable,
  type Change,
} from './changeCapture';
import type { ClusterNodeStatus, NodeRole, NodeState } from './nodeStatus';

/** The demo dataset a cluster holds. */
export interface ClusterDataset {
  customers: number;
  seed: number;
}

/** Callbacks a node factory gives each node it boots. */
export interface NodeEvents {
  onProgress(label: string): void;
  /** The watchdog ended a runaway statement and the node is booting again from its last image. */
  onRestart?(): void;
  /** The restarted node answers again. */
  onRestarted?(): void;
  /** Session settings a (re)booted node needs before its first statement (replicas: read-only). */
  sessionSql?(): string | undefined;
}

/** How nodes are made: in-process PGlite in Node, a Web Worker per node in the browser. */
export interface NodeFactory {
  /** A node holding the loaded dataset (from the prebuilt data image when there is one). */
  fromDataset(name: string, dataset: ClusterDataset, events: NodeEvents): Promise<DbNode>;
  /** A node booted from a data directory another node dumped (a base backup). */
  fromImage(name: string, image: Blob, events: NodeEvents): Promise<DbNode>;
}

interface Member {
  id: string;
  role: NodeRole;
  state: NodeState;
  node: DbNode | null;
  applied: number;
  label: string | null;
  memoryBytes: number;
  restarts: number;
  /** Set when the node restarted on its own (watchdog): its applied LSN must be read again. */
  stale: boolean;
  /** What a stopped node restarts from: its own data directory, dumped when it stopped. */
  stoppedImage: Blob | null;
  /** Operations on this node, one at a time (apply batches must not overlap). */
  chain: Promise<unknown>;
}

/** The replicas' names, as the labs' topologies use them. */
export function replicaName(index: number): string {
  return `replica-${index}`;
}

/** Changes read past the ones asked for, and the most kept for the next replica. */
const SHIPPING_READ_AHEAD = 200;
const SHIPPING_CACHE_LIMIT = 20_000;

/** Sessions on replicas (and a fenced former primary) are read-only, as on a hot standby. */
const READ_ONLY_SQL = 'set default_transaction_read_only = on';

/** SQLSTATE 08001: the client could not connect (the node is down). */
const NODE_DOWN = '08001';

/**
 * A primary and its replicas, each a real PGlite node, with trigger-based change capture and
 * replay (see changeCapture.ts). The lab's model decides when changes reach a replica
 * (simulated network delay and apply rate) and calls {@link applyChanges}; the cluster makes
 * the real data follow. Node ids are fixed names: 'primary' is the node booted as the primary,
 * 'replica-1'… its replicas; after a failover another node holds the primary role.
 */
export class Cluster {
  private members = new Map<string, Member>();
  private primaryId = 'primary';
  /** The primary right after capture was installed (LSN 0): every base backup and reset starts here. */
  private pristine: Blob | null = null;
  private tables: CapturedTable[] = [];
  /** Something a reset cannot see in the changelog happened (failover, stop, DDL from the console…). */
  private structuralChange = false;
  private changesApplied = 0;
  /**
   * Changes already read from the current primary's changelog, by LSN. Committed changes never
   * change, so the next replica to need them is served without asking the primary again (which
   * halves the statements per shipped change). Cleared when the timeline changes (failover, reset).
   */
  private shipped = new Map<number, Change>();
  private version = 0;

  private constructor(
    private readonly factory: NodeFactory,
    readonly dataset: ClusterDataset,
    private readonly onStatus: (nodes: ClusterNodeStatus[]) => void,
    private readonly onProgress: (label: string) => void,
  ) {}

  /**
   * Boot the primary with the dataset, install capture, then `replicas` replicas as base backups
   * of it: every node starts equal, at LSN 0.
   */
  static async boot(
    factory: NodeFactory,
    dataset: ClusterDataset,
    replicas: number,
    options: { onStatus?: (nodes: ClusterNodeStatus[]) => void; onProgress?: (label: string) => void } = {},
  ): Promise<Cluster> {
    const cluster = new Cluster(factory, dataset, options.onStatus ?? (() => {}), options.onProgress ?? (() => {}));
    await cluster.bootPrimary();
    await cluster.setReplicaCount(replicas);
    return cluster;
  }

  /** The node that takes writes now. */
  get primary(): string {
    return this.primaryId;
  }

  /** Node ids, primary first then replicas in order. */
  get nodeIds(): string[] {
    return [...this.members.keys()];
  }

  /** Changes replayed on replicas since the cluster booted. */
  get totalChangesApplied(): number {
    return this.changesApplied;
  }

  /** Grows whenever a node's status changes (applies included, which are not pushed to `onStatus`: too many). */
  get statusVersion(): number {
    return this.version;
  }

  /** Every node's role, state, applied LSN and memory. */
  statuses(): ClusterNodeStatus[] {
    return [...this.members.values()].map((m) => ({
      id: m.id,
      role: m.role,
      state: m.state,
      appliedLsn: m.applied,
      memoryBytes: m.memoryBytes,
      label: m.label,
      restarts: m.restarts,
    }));
  }

  /** The running node with this id; a clear error if it is unknown or down. */
  private running(id: string): { member: Member; node: DbNode } {
    const member = this.members.get(id);
    if (!member) throw new Error(`unknown node "${id}": this cluster has ${this.nodeIds.map((n) => `"${n}"`).join(', ')}`);
    if (member.state === 'stopped' || member.node === null) {
      throw new DbError({ message: `could not connect to node "${id}": it is stopped (start it again to query it)`, code: NODE_DOWN });
    }
    if (member.state === 'failed') throw new DbError({ message: `could not connect to node "${id}": it failed to start`, code: NODE_DOWN });
    return { member, node: member.node };
  }

  /** The node itself, for what the cluster does not wrap (plans, the cost model). */
  nodeHandle(id: string): DbNode {
    return this.running(id).node;
  }

  /** Run a statement on `node` (default: the current primary). Replicas are read-only, as hot standbys are. */
  async query(sql: string, params: unknown[] = [], node: string = this.primaryId): Promise<{ rows: Row[]; fields: string[] }> {
    return this.running(node).node.query(sql, params);
  }

  /**
   * A statement typed by a person (the SQL console). Anything that may change the data outside
   * change capture (DDL, TRUNCATE…) makes the next reset re-clone every node.
   */
  async consoleQuery(node: string, sql: string): Promise<{ rows: Row[]; fields: string[] }> {
    if (!isPlainRead(sql)) this.structuralChange = true;
    return this.query(sql, [], node);
  }

  /**
   * Ship to `node` every change with LSN ≤ `upToLsn` it has not applied, from the current primary,
   * and replay them in LSN order. Resolves to the node's applied LSN.
   */
  applyChanges(node: string, upToLsn: number): Promise<number> {
    const member = this.members.get(node);
    if (!member) return Promise.reject(new Error(`unknown node "${node}": this cluster has ${this.nodeIds.map((n) => `"${n}"`).join(', ')}`));
    return this.serial(member, async () => {
      const { node: replica } = this.running(node);
      if (member.role === 'primary') return member.applied;
      if (member.role === 'out') throw new Error(`node "${node}" is a former primary: re-clone it from the primary before shipping changes to it`);
      if (member.stale) {
        member.applied = await readAppliedLsn(replica);
        member.stale = false;
      }
      if (upToLsn <= member.applied) return member.applied;
      const changes = await this.changesAfter(member.applied, upToLsn);
      if (changes.length === 0) return member.applied;
      try {
        await replica.exec(applyTransactionSql(changes));
      } catch (error) {
        // PGlite's session stays in the failed transaction until it is rolled back.
        await replica.exec('rollback').catch(() => {});
        throw error;
      }
      member.applied = changes[changes.length - 1]!.lsn;
      this.changesApplied += changes.length;
      this.version++;
      return member.applied;
    });
  }

  /** The primary's changes after `afterLsn` up to `upToLsn`, from the cache when it holds them all. */
  private async changesAfter(afterLsn: number, upToLsn: number): Promise<Change[]> {
    const out: Change[] = [];
    for (let lsn = afterLsn + 1; lsn <= upToLsn; lsn++) {
      const cached = this.shipped.get(lsn);
      if (cached === undefined) break;
      out.push(cached);
    }
    if (out.length === upToLsn - afterLsn) return out;
    // Read everything the primary has past what we hold (bounded), not just up to upToLsn: the
    // model ships the same changes to every replica, a little later each.
    const from = afterLsn + out.length;
    const { rows } = await this.running(this.primaryId).node.query(CHANGES_SQL, [from, Math.max(upToLsn - from, 0) + SHIPPING_READ_AHEAD]);
    const primary = this.members.get(this.primaryId)!;
    for (const row of rows as unknown as Change[]) {
      this.shipped.set(row.lsn, row);
      // What the primary has captured, as far as shipping has seen (for the status line).
      if (row.lsn > primary.applied) primary.applied = row.lsn;
      if (row.lsn <= upToLsn) out.push(row);
    }
    if (this.shipped.size > SHIPPING_CACHE_LIMIT) {
      const drop = [...this.shipped.keys()].sort((a, b) => a - b).slice(0, this.shipped.size - SHIPPING_CACHE_LIMIT);
      for (const lsn of drop) this.shipped.delete(lsn);
    }
    return out;
  }

  /** Run `fn` after everything already queued on this node. */
  private serial<T>(member: Member, fn: () => Promise<T>): Promise<T> {
    const next = member.chain.then(fn, fn);
    member.chain = next.catch(() => {});
    return next;
  }

  /** The last LSN `node` holds (captured on a primary, applied on a replica), read from the node itself. */
  async appliedLsn(node: string): Promise<number> {
    const { member, node: db } = this.running(node);
    member.applied = await readAppliedLsn(db);
    return member.applied;
  }

  /**
   * Failover: `node` becomes the primary. Its capture continues from its applied LSN + 1; the
   * changes it had not applied are lost. Replicas that had applied beyond it are re-cloned from
   * it (their extra changes are gone too); the old primary is fenced (read-only, no changes
   * shipped) and stays readable until {@link reclone}d.
   */
  async promote(node: string): Promise<{ lostFromLsn: number; lostToLsn: number; recloned: string[] }> {
    const { member } = this.running(node);
    if (member.role === 'primary') return { lostFromLsn: 0, lostToLsn: -1, recloned: [] };
    if (member.role === 'out') throw new Error(`node "${node}" is a former primary and cannot be promoted before it is re-cloned`);
    await member.chain;
    const promotedAt = await this.appliedLsn(node);
    const old = this.members.get(this.primaryId)!;
    const oldLast = old.node !== null && old.state === 'running' ? await this.appliedLsn(old.id) : old.applied;
    this.structuralChange = true;
    // The new timeline diverges after `promotedAt`: changes read from the old primary beyond it are void.
    this.shipped.clear();
    await member.node!.exec('set default_transaction_read_only = off');
    member.role = 'primary';
    old.role = 'out';
    if (old.node !== null && old.state === 'running') await old.node.exec(READ_ONLY_SQL);
    this.primaryId = node;
    this.publish();
    const recloned: string[] = [];
    for (const other of this.members.values()) {
      if (other.role !== 'replica') continue;
      if (other.stale && other.node) other.applied = await readAppliedLsn(other.node);
      if (other.applied > promotedAt) {
        await this.reclone(other.id);
        recloned.push(other.id);
      }
    }
    return { lostFromLsn: promotedAt + 1, lostToLsn: oldLast, recloned };
  }

  /** Replace `node`'s data with a fresh base backup of the current primary; it becomes a replica. */
  async reclone(node: string): Promise<void> {
    const member = this.members.get(node);
    if (!member) throw new Error(`unknown node "${node}"`);
    if (member.role === 'primary') throw new Error(`node "${node}" is the primary: there is nothing to clone it from`);
    await member.chain.catch(() => {});
    this.structuralChange = true;
    const image = await this.running(this.primaryId).node.dump!();
    const from = this.primaryId;
    await this.replaceNode(member, () => this.factory.fromImage(node, image, this.eventsFor(member)), `Cloning a base backup of ${from}`);
    member.role = 'replica';
    await member.node!.exec(READ_ONLY_SQL);
    member.applied = await readAppliedLsn(member.node!);
    this.publish();
  }

  /** Stop `node` as a clean shutdown would: its data directory is kept and it refuses queries. */
  async stop(node: string): Promise<void> {
    const { member, node: db } = this.running(node);
    await member.chain.catch(() => {});
    this.structuralChange = true;
    member.stoppedImage = await db.dump!();
    member.node = null;
    member.state = 'stopped';
    member.memoryBytes = 0;
    await db.close();
    this.publish();
  }

  /** Start a stopped node again from its own data directory: it keeps everything it had. */
  async start(node: string): Promise<void> {
    const member = this.members.get(node);
    if (!member) throw new Error(`unknown node "${node}"`);
    if (member.state !== 'stopped' || member.stoppedImage === null) throw new Error(`node "${node}" is not stopped`);
    const image = member.stoppedImage;
    await this.replaceNode(member, () => this.factory.fromImage(node, image, this.eventsFor(member)), 'Starting from its own data directory');
    member.stoppedImage = null;
    if (member.role !== 'primary') await member.node!.exec(READ_ONLY_SQL);
    member.applied = await readAppliedLsn(member.node!);
    this.publish();
  }

  /** One md5 per dataset table over its rows in primary-key order, on `node`. */
  async checksums(node: string): Promise<Record<string, string>> {
    const { node: db } = this.running(node);
    const sums: Record<string, string> = {};
    for (const table of this.tables) {
      const { rows } = await db.query(checksumSql(table));
      sums[table.name] = `${String(rows[0]!.sum)}:${String(rows[0]!.rows)}`;
    }
    return sums;
  }

  /**
   * Back to the start for a new run: the primary at LSN 0 and `replicas` fresh base backups of
   * it. Nothing is rebooted when no change was captured and nothing else happened; otherwise
   * every node boots again from the image taken right after capture was installed.
   */
  async reset(replicas: number): Promise<void> {
    const primary = this.members.get(this.primaryId);
    const clean =
      !this.structuralChange &&
      this.primaryId === 'primary' &&
      primary?.state === 'running' &&
      primary.node !== null &&
      (await readAppliedLsn(primary.node)) === 0;
    this.shipped.clear();
    if (!clean) {
      this.onProgress('Resetting the cluster to its base backup');
      // No base backup yet (a primary-only cluster takes none until a replica needs it): the
      // primary boots again from the dataset and capture is installed again, as at first boot.
      const image = this.pristine;
      const old = [...this.members.values()];
      this.members.clear();
      await Promise.all(old.map((m) => m.node?.close().catch(() => {})));
      this.primaryId = 'primary';
      if (image === null) await this.bootPrimary();
      else {
        const member = this.addMember('primary', 'primary');
        await this.replaceNode(member, () => this.factory.fromImage('primary', image, this.eventsFor(member)), 'Starting from the base backup');
      }
      this.structuralChange = false;
    }
    await this.setReplicaCount(replicas);
  }

  /** Add or remove replicas (only at LSN 0, i.e. right after boot or reset). */
  private async setReplicaCount(replicas: number): Promise<void> {
    if (!Number.isInteger(replicas) || replicas < 0) throw new Error(`replicas must be a whole number ≥ 0, got ${replicas}`);
    for (const m of [...this.members.values()]) {
      const index = m.id.startsWith('replica-') ? Number(m.id.slice('replica-'.length)) : 0;
      if (index > replicas) {
        this.members.delete(m.id);
        await m.node?.close();
      }
    }
    const missing: Member[] = [];
    for (let i = 1; i <= replicas; i++) if (!this.members.has(replicaName(i))) missing.push(this.addMember(replicaName(i), 'replica'));
    this.publish();
    if (missing.length === 0) return;
    const image = await this.pristineImage();
    // In the browser each node boots in a worker of its own, so these boots overlap.
    await Promise.all(
      missing.map(async (member) => {
        await this.replaceNode(member, () => this.factory.fromImage(member.id, image, this.eventsFor(member)), 'Cloning a base backup of the primary');
        await member.node!.exec(READ_ONLY_SQL);
      }),
    );
  }

  /** The base backup every replica starts from: the primary right after capture was installed. */
  private async pristineImage(): Promise<Blob> {
    if (this.pristine === null) {
      const primary = this.running(this.primaryId).node;
      this.onProgress('Taking a base backup of the primary');
      if ((await readAppliedLsn(primary)) !== 0 || this.structuralChange) {
        throw new Error('the primary has changed since it booted, so it is no base backup of the dataset any more');
      }
      await primary.exec('checkpoint');
      this.pristine = await primary.dump!();
    }
    return this.pristine;
  }

  private async bootPrimary(): Promise<void> {
    const member = this.addMember('primary', 'primary');
    await this.replaceNode(member, () => this.factory.fromDataset('primary', this.dataset, this.eventsFor(member)), 'Starting with the demo dataset');
    this.onProgress('Installing change capture on the primary');
    const { rows } = await member.node!.query(DESCRIBE_TABLES_SQL);
    this.tables = rows.map((r) => ({ name: String(r.name), columns: r.columns as string[], primaryKey: r.primary_key as string[] }));
    await member.node!.exec(captureInstallSql(this.tables));
  }

  private addMember(id: string, role: NodeRole): Member {
    const member: Member = { id, role, state: 'booting', node: null, applied: 0, label: null, memoryBytes: 0, restarts: 0, stale: false, stoppedImage: null, chain: Promise.resolve() };
    this.members.set(id, member);
    return member;
  }

  private async replaceNode(member: Member, boot: () => Promise<DbNode>, label: string): Promise<void> {
    member.state = 'booting';
    member.label = label;
    member.node = null;
    this.onProgress(`${member.id}: ${label}`);
    this.publish();
    try {
      member.node = await boot();
    } catch (error) {
      member.state = 'failed';
      member.label = (error as Error).message;
      this.publish();
      throw error;
    }
    member.state = 'running';
    member.label = null;
    member.memoryBytes = (await member.node.memoryBytes?.()) ?? 0;
    this.publish();
  }

  private eventsFor(member: Member): NodeEvents {
    return {
      onProgress: (label) => {
        member.label = label;
        this.onProgress(`${member.id}: ${label}`);
        this.publish();
      },
      onRestart: () => {
        member.state = 'restarting';
        member.restarts++;
        member.stale = true;
        if (member.role === 'primary') this.shipped.clear();
        // A restarted primary lost what it captured since its image; the next reset re-clones all.
        this.structuralChange = true;
        this.publish();
      },
      onRestarted: () => {
        member.state = 'running';
        member.label = null;
        this.publish();
      },
      sessionSql: () => (member.role === 'primary' ? undefined : READ_ONLY_SQL),
    };
  }

  private publish(): void {
    this.version++;
    this.onStatus(this.statuses());
  }

  /** Shut every node down. */
  async close(): Promise<void> {
    const nodes = [...this.members.values()];
    this.members.clear();
    await Promise.all(nodes.map((m) => m.node?.close().catch(() => {})));
  }
}

async function readAppliedLsn(node: DbNode): Promise<number> {
  const { rows } = await node.query(APPLIED_LSN_SQL);
  return Number(rows[0]!.lsn);
}

/**
 * Whether a console statement only reads. Deliberately conservative: anything else makes the
 * next reset re-clone the cluster, which costs a second, never correctness.
 */
export function isPlainRead(sql: string): boolean {
  return /^\s*(select|show|table|values)\b/i.test(sql) && !/\b(insert|update|delete|truncate|create|drop|alter|into|nextval|setval|lo_\w+|pg_\w+\()/i.test(sql);
}
