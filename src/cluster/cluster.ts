import type { DbNode, Row } from '../db/dbNode';
import { DbError } from '../db/workerDbNode';
import {
  APPLIED_LSN_SQL,
  applyTransactionSql,
  captureInstallSql,
  CHANGES_SQL,
  checksumSql,
  DESCRIBE_TABLES_SQL,
  pruneChangelogSql,
  VACUUM_CHANGELOG_SQL,
  type CapturedTable,
  type Change,
} from './changeCapture';
import type { ClusterNodeStatus, NodeRole, NodeState } from './nodeStatus';
import { capabilitySettings, holdsPreparedTransactions } from './nodeCapabilities';
import { checkNodeList, primaryWithReplicas, sameNode, type ClusterNodeSpec } from './nodeList';

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

/** How a node boots, beyond where its data comes from. */
export interface NodeBoot {
  /** postgresql.conf lines added to every node's own (its capabilities'), on every boot of it. */
  settings?: readonly string[];
}

/** How nodes are made: in-process PGlite in Node, a Web Worker per node in the browser. */
export interface NodeFactory {
  /** A node holding the loaded dataset (from the prebuilt data image when there is one). */
  fromDataset(name: string, dataset: ClusterDataset, events: NodeEvents, boot?: NodeBoot): Promise<DbNode>;
  /** A node booted from a data directory another node dumped (a base backup). */
  fromImage(name: string, image: Blob, events: NodeEvents, boot?: NodeBoot): Promise<DbNode>;
}

/** Options of {@link Cluster.boot}. */
export interface ClusterOptions {
  /** Every node's role, state and memory, whenever one changes. */
  onStatus?: (nodes: ClusterNodeStatus[]) => void;
  /** What the cluster is doing, for a progress line. */
  onProgress?: (label: string) => void;
}

interface Member {
  id: string;
  /** What the node was booted as; a reset keeps it only if the new list asks for the same node. */
  spec: ClusterNodeSpec;
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
  /** What it boots with, from its capabilities (every boot: restarts, clones and starts too). */
  boot: NodeBoot;
  /** The dataset tables it captures or replays: what its checksums cover. */
  tables: readonly CapturedTable[];
  /**
   * Something its changelog cannot show happened to it (DDL from the console, a stop, a watchdog
   * restart, a failover, a re-clone): the next reset boots it again rather than trusting it.
   */
  touched: boolean;
  /** Its changelog holds no change below this LSN (pruned: every replica had applied them). */
  prunedBelow: number;
}

/** What a primary or shard loads: its tables, and its image right after capture was installed (once taken). */
interface Origin {
  tables: readonly CapturedTable[];
  /** The base backup its replicas start from and a reset returns it to (LSN 0); null until a replica needs one. */
  image: Blob | null;
}

/** Changes read past the ones asked for, and the most kept for the next replica. */
const SHIPPING_READ_AHEAD = 200;
const SHIPPING_CACHE_LIMIT = 20_000;
/**
 * Changes every replica has applied are dropped from each changelog (and the shipping cache) in
 * steps of this many, so a long run holds about this many per node, not the whole run.
 */
const PRUNE_STEP = 500;

/** Sessions on replicas (and a fenced former primary) are read-only, as on a hot standby. */
const READ_ONLY_SQL = 'set default_transaction_read_only = on';

/** SQLSTATE 08001: the client could not connect (the node is down). */
const NODE_DOWN = '08001';

/**
 * The database nodes a lab asked for, as a list of {@link ClusterNodeSpec}s, each a real PGlite
 * node: a primary and its replicas (trigger-based change capture and replay, see
 * changeCapture.ts), shards (independent primaries, each loading the dataset with capture of its
 * own), or both. The lab's model decides when changes reach a replica (simulated network delay
 * and apply rate) and calls {@link applyChanges}; the cluster makes the real data follow. Node
 * ids are the list's; after a failover another node holds the primary role.
 */
export class Cluster {
  private members = new Map<string, Member>();
  /** The node statements go to when none is named: the primary (after a failover, the promoted node), else the first node listed. */
  private primaryId = 'primary';
  /** By {@link originKey}: what each primary or shard loads, so a reset boots it from its image. */
  private origins = new Map<string, Origin>();
  private changesApplied = 0;
  /**
   * Changes already read from the current primary's changelog, by LSN. Committed changes never
   * change, so the next replica to need them is served without asking the primary again (which
   * halves the statements per shipped change). Cleared when the timeline changes (failover, reset).
   */
  private shipped = new Map<number, Change>();
  private version = 0;
  /**
   * Writes have run on the primary since its captured LSN was last read: the status line's "last
   * LSN" is behind (shipping reads it only when a replica asks, and a primary without running replicas has none).
   */
  private capturedBehind = false;

  private constructor(
    private readonly factory: NodeFactory,
    readonly dataset: ClusterDataset,
    private readonly onStatus: (nodes: ClusterNodeStatus[]) => void,
    private readonly onProgress: (label: string) => void,
  ) {}

  /**
   * Boot the nodes listed: each primary and shard with the dataset (its `prepareSql` run, then
   * capture installed), then the replicas as base backups of the primary, so every node starts at
   * LSN 0. Nodes with capabilities boot with the settings those need (two-phase commit:
   * max_prepared_transactions). An invalid list is refused before anything boots.
   */
  static async boot(factory: NodeFactory, dataset: ClusterDataset, nodes: readonly ClusterNodeSpec[], options: ClusterOptions = {}): Promise<Cluster> {
    checkNodeList(nodes);
    const cluster = new Cluster(factory, dataset, options.onStatus ?? (() => {}), options.onProgress ?? (() => {}));
    try {
      await cluster.reset(nodes);
    } catch (error) {
      await cluster.close();
      throw error;
    }
    return cluster;
  }

  /**
   * The node that takes writes now, and that statements naming no node go to: the primary (after
   * a failover, the promoted node); in a cluster of shards only, the first shard listed.
   */
  get primary(): string {
    return this.primaryId;
  }

  /** Node ids, in the order of the list the cluster was last booted or reset to. */
  get nodeIds(): string[] {
    return [...this.members.keys()];
  }

  /** Changes replayed on replicas since the cluster booted. */
  get totalChangesApplied(): number {
    return this.changesApplied;
  }

  /** Changes the shipping cache holds (read from the primary, not yet applied by every replica). */
  get cachedChanges(): number {
    return this.shipped.size;
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
    const result = await this.running(node).node.query(sql, params);
    // Checked only until the next read of the LSN: the statements of a run pass here.
    if (!this.capturedBehind && node === this.primaryId && !isPlainRead(sql)) this.capturedBehind = true;
    return result;
  }

  /**
   * Read the primary's last captured LSN again if writes have run on it since it was last read
   * (the status line shows it). Shards are left alone: a shard's statements between a two-phase
   * commit's BEGIN and PREPARE must be the transaction's only ones (sharding/statements.ts). The
   * value read is taken as it is, not only when higher: a read inside a transaction that then
   * rolls back is corrected by the next.
   */
  async refreshCapturedLsn(): Promise<void> {
    if (!this.capturedBehind) return;
    this.capturedBehind = false;
    const primary = this.members.get(this.primaryId);
    if (primary?.node == null || primary.state !== 'running' || primary.role !== 'primary') return;
    const lsn = await readAppliedLsn(primary.node);
    if (lsn !== primary.applied) {
      primary.applied = lsn;
      this.version++;
    }
  }

  /**
   * A statement typed by a person (the SQL console). Anything that may change the data outside
   * change capture (DDL, TRUNCATE…) makes the next reset boot that node again (a primary: with
   * its replicas).
   */
  async consoleQuery(node: string, sql: string): Promise<{ rows: Row[]; fields: string[] }> {
    const member = this.members.get(node);
    if (member && !isPlainRead(sql)) member.touched = true;
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
      // A primary or shard holds its own changes: nothing to ship to it.
      if (member.role === 'primary' || member.role === 'shard') return member.applied;
      if (member.role === 'out') throw new Error(`node "${node}" is a former primary: re-clone it from the primary before shipping changes to it`);
      if (member.stale) {
        member.applied = await readAppliedLsn(replica);
        member.stale = false;
      }
      if (upToLsn <= member.applied) return member.applied;
      const changes = await this.changesAfter(member.applied, upToLsn);
      if (changes === null) {
        // The primary pruned changes this node still needs (it restarted from its base backup): as
        // a standby whose WAL is gone, it needs a new base backup, which holds them all.
        await this.cloneFromPrimary(member);
        return member.applied;
      }
      if (changes.length === 0) return member.applied;
      const horizon = this.pruneHorizon();
      const prune = horizon >= member.prunedBelow + PRUNE_STEP;
      try {
        await replica.exec(applyTransactionSql(changes, prune ? horizon : null));
      } catch (error) {
        // PGlite's session stays in the failed transaction until it is rolled back.
        await replica.exec('rollback').catch(() => {});
        throw error;
      }
      member.applied = changes[changes.length - 1]!.lsn;
      this.changesApplied += changes.length;
      this.version++;
      if (prune) {
        member.prunedBelow = horizon;
        // Pruning only saves memory: the changes are applied whether or not it succeeds.
        await replica.exec(VACUUM_CHANGELOG_SQL).catch(() => {});
        await this.prunePrimary(horizon);
      }
      return member.applied;
    });
  }

  /**
   * The LSN below which no node will ship a change again: the lowest any replica has applied
   * (a stopped one included, as a replication slot holds WAL for its standby). Failover needs no
   * more: a replica promoted serves the others from what it applied above their positions. 0
   * (nothing to prune) without replicas: a replica added later starts from LSN 0.
   */
  private pruneHorizon(): number {
    let lowest = Infinity;
    for (const m of this.members.values()) if (m.role === 'replica') lowest = Math.min(lowest, m.applied);
    return lowest === Infinity ? 0 : lowest;
  }

  /** Drop what every replica applied from the current primary's changelog and from the shipping cache. */
  private async prunePrimary(horizon: number): Promise<void> {
    for (const lsn of this.shipped.keys()) if (lsn < horizon) this.shipped.delete(lsn);
    const primary = this.members.get(this.primaryId);
    if (!primary || primary.role !== 'primary' || horizon < primary.prunedBelow + PRUNE_STEP) return;
    primary.prunedBelow = horizon;
    await this.serial(primary, async () => {
      const { node } = this.running(primary.id);
      await node.query(pruneChangelogSql(horizon));
      await node.exec(VACUUM_CHANGELOG_SQL);
    }).catch(() => {
      // A primary stopped or restarting meanwhile keeps its changes: pruning only saves memory.
    });
  }

  /**
   * The primary's changes after `afterLsn` up to `upToLsn`, from the cache when it holds them all;
   * null when the primary no longer holds the first of them (pruned).
   */
  private async changesAfter(afterLsn: number, upToLsn: number): Promise<Change[] | null> {
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
    if (rows.length > 0 && (rows[0] as unknown as Change).lsn !== from + 1) return null;
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
    if (member.role === 'shard') throw new Error(`node "${node}" is a shard: it has no primary to take over from`);
    if (member.role === 'out') throw new Error(`node "${node}" is a former primary and cannot be promoted before it is re-cloned`);
    await member.chain;
    const promotedAt = await this.appliedLsn(node);
    const old = this.members.get(this.primaryId)!;
    const oldLast = old.node !== null && old.state === 'running' ? await this.appliedLsn(old.id) : old.applied;
    member.touched = true;
    old.touched = true;
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
    if (member.role === 'shard') throw new Error(`node "${node}" is a shard: it has no primary to clone`);
    await member.chain.catch(() => {});
    await this.cloneFromPrimary(member);
  }

  /** A fresh base backup of the current primary for `member`, which becomes a replica (its chain already awaited). */
  private async cloneFromPrimary(member: Member): Promise<void> {
    const node = member.id;
    member.touched = true;
    const primary = this.running(this.primaryId);
    const image = await primary.node.dump!();
    const from = this.primaryId;
    await this.replaceNode(member, () => this.factory.fromImage(node, image, this.eventsFor(member), member.boot), `Cloning a base backup of ${from}`);
    member.role = 'replica';
    member.tables = primary.member.tables;
    await member.node!.exec(READ_ONLY_SQL);
    member.applied = await readAppliedLsn(member.node!);
    member.stale = false;
    member.prunedBelow = 0;
    this.publish();
  }

  /** Stop `node` as a clean shutdown would: its data directory is kept and it refuses queries. */
  async stop(node: string): Promise<void> {
    const { member, node: db } = this.running(node);
    await member.chain.catch(() => {});
    member.touched = true;
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
    await this.replaceNode(member, () => this.factory.fromImage(node, image, this.eventsFor(member), member.boot), 'Starting from its own data directory');
    member.stoppedImage = null;
    const session = this.eventsFor(member).sessionSql?.();
    if (session) await member.node!.exec(session);
    member.applied = await readAppliedLsn(member.node!);
    this.publish();
  }

  /** One md5 per dataset table over its rows in primary-key order, on `node`. */
  async checksums(node: string): Promise<Record<string, string>> {
    const { member, node: db } = this.running(node);
    const sums: Record<string, string> = {};
    for (const table of member.tables) {
      const { rows } = await db.query(checksumSql(table));
      sums[table.name] = `${String(rows[0]!.sum)}:${String(rows[0]!.rows)}`;
    }
    return sums;
  }

  /**
   * Back to the start for a new run, with the nodes `nodes` lists: every node at LSN 0 with the
   * data it booted with. A node already running as the list asks, untouched and at LSN 0 (and
   * with no prepared transaction in doubt), is kept as it is; nodes no longer listed are shut
   * down; the others boot (again): a primary or shard from its image taken right after capture
   * was installed (or from the dataset when none was taken), a replica as a base backup of the
   * primary. Replicas are kept only with their primary. A count is shorthand for
   * {@link primaryWithReplicas}.
   */
  async reset(nodes: readonly ClusterNodeSpec[] | number): Promise<void> {
    const specs = typeof nodes === 'number' ? primaryWithReplicas(nodes) : nodes;
    checkNodeList(specs);
    this.shipped.clear();
    const kept = await this.keptNodes(specs);
    const dropped = [...this.members.values()].filter((m) => !kept.has(m.id));
    if (dropped.some((m) => specs.some((s) => s.id === m.id))) this.onProgress('Resetting the cluster to its base backup');
    for (const m of dropped) this.members.delete(m.id);
    await Promise.all(dropped.map((m) => m.node?.close().catch(() => {})));
    const primarySpec = specs.find((s) => s.role === 'primary');
    this.primaryId = primarySpec?.id ?? specs[0]!.id;
    const fresh = specs.filter((s) => !kept.has(s.id)).map((s) => this.addMember(s));
    // In the list's order, so statuses and nodeIds follow it.
    this.members = new Map(specs.map((s) => [s.id, this.members.get(s.id)!]));
    this.publish();
    // In the browser each node boots in a worker of its own, so these boots overlap.
    await Promise.all(fresh.filter((m) => m.role !== 'replica').map((m) => this.bootOrigin(m)));
    const replicas = fresh.filter((m) => m.role === 'replica');
    if (replicas.length === 0) return;
    const primary = this.members.get(this.primaryId)!;
    const image = await this.baseBackup(primary);
    await Promise.all(
      replicas.map(async (member) => {
        await this.replaceNode(member, () => this.factory.fromImage(member.id, image, this.eventsFor(member), member.boot), 'Cloning a base backup of the primary');
        await member.node!.exec(READ_ONLY_SQL);
        member.tables = primary.tables;
      }),
    );
  }

  /** The listed nodes a reset can keep as they are; replicas only when their primary is kept. */
  private async keptNodes(specs: readonly ClusterNodeSpec[]): Promise<Set<string>> {
    const kept = new Set<string>();
    for (const spec of specs) {
      if (spec.role !== 'replica' && (await this.atStart(spec))) kept.add(spec.id);
    }
    if (!specs.some((s) => s.role === 'primary' && kept.has(s.id))) return kept;
    for (const spec of specs) {
      if (spec.role === 'replica' && (await this.atStart(spec))) kept.add(spec.id);
    }
    return kept;
  }

  /** Whether the node `spec` asks for runs already, as it booted: same node and role, untouched, at LSN 0, nothing in doubt. */
  private async atStart(spec: ClusterNodeSpec): Promise<boolean> {
    const member = this.members.get(spec.id);
    if (!member || !sameNode(member.spec, spec) || member.role !== spec.role || member.touched) return false;
    if (member.state !== 'running' || member.node === null) return false;
    if ((await readAppliedLsn(member.node)) !== 0) return false;
    if (!holdsPreparedTransactions(spec.capabilities)) return true;
    // A prepared transaction survives everything but COMMIT/ROLLBACK PREPARED: the next run must not inherit it.
    const { rows } = await member.node.query('select count(*)::int as n from pg_prepared_xacts');
    return Number(rows[0]!.n) === 0;
  }

  /** The base backup replicas start from: the primary right after capture was installed, taken once. */
  private async baseBackup(primary: Member): Promise<Blob> {
    const origin = this.origins.get(originKey(primary.spec))!;
    if (origin.image === null) {
      const { node } = this.running(primary.id);
      this.onProgress('Taking a base backup of the primary');
      if (primary.touched || (await readAppliedLsn(node)) !== 0) {
        throw new Error('the primary has changed since it booted, so it is no base backup of the dataset any more');
      }
      await node.exec('checkpoint');
      origin.image = await node.dump!();
    }
    return origin.image;
  }

  /**
   * Boot a primary or shard: from its image when one was taken, else from the dataset, then its
   * `prepareSql` (not captured: it shapes the starting data) and change capture.
   */
  private async bootOrigin(member: Member): Promise<void> {
    const key = originKey(member.spec);
    const known = this.origins.get(key);
    if (known?.image) {
      const image = known.image;
      await this.replaceNode(member, () => this.factory.fromImage(member.id, image, this.eventsFor(member), member.boot), 'Starting from the base backup');
      member.tables = known.tables;
      return;
    }
    await this.replaceNode(member, () => this.factory.fromDataset(member.id, this.dataset, this.eventsFor(member), member.boot), 'Starting with the demo dataset');
    const db = member.node!;
    if (member.spec.prepareSql) {
      this.onProgress(`${member.id}: Preparing its data`);
      await db.exec(member.spec.prepareSql);
    }
    this.onProgress(`${member.id}: Installing change capture`);
    const { rows } = await db.query(DESCRIBE_TABLES_SQL);
    const tables = rows.map((r) => ({ name: String(r.name), columns: r.columns as string[], primaryKey: r.primary_key as string[] }));
    await db.exec(captureInstallSql(tables));
    member.tables = tables;
    this.origins.set(key, { tables, image: null });
  }

  private addMember(spec: ClusterNodeSpec): Member {
    const member: Member = {
      id: spec.id,
      spec,
      role: spec.role,
      state: 'booting',
      node: null,
      applied: 0,
      label: null,
      memoryBytes: 0,
      restarts: 0,
      stale: false,
      stoppedImage: null,
      chain: Promise.resolve(),
      boot: { settings: capabilitySettings(spec.capabilities) },
      tables: [],
      touched: false,
      prunedBelow: 0,
    };
    this.members.set(spec.id, member);
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
        // A restarted node lost what it had since its image; the next reset boots it (a primary: with its replicas) again.
        member.touched = true;
        this.publish();
      },
      onRestarted: () => {
        member.state = 'running';
        member.label = null;
        this.publish();
      },
      // Primaries and shards take writes; replicas and a fenced former primary are read-only.
      sessionSql: () => (member.role === 'primary' || member.role === 'shard' ? undefined : READ_ONLY_SQL),
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

/** Primaries and shards with the same id and preparation load the same data, so they share an image. */
function originKey(spec: ClusterNodeSpec): string {
  return JSON.stringify([spec.id, spec.prepareSql ?? null]);
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
