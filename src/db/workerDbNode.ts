import type { DbNode, PlanNode, Row } from './dbNode';
import type { DbErrorInfo, DbReply, FromDbWorker, ToDbWorker } from './dbWorkerProtocol';

/** A statement that failed in PostgreSQL, with its SQLSTATE. */
export class DbError extends Error {
  constructor(readonly info: DbErrorInfo) {
    super(info.message);
    this.name = 'DbError';
    // SQLSTATE, detail, hint and position as own fields, like PGlite's errors, so that
    // errorInfo() passes them on when this error crosses the next worker boundary.
    const { message: _message, ...fields } = info;
    Object.assign(this, fields);
  }
}

/** A statement that ran past the watchdog's limit; the node was restarted. */
export class RunawayQueryError extends DbError {
  constructor(limitMs: number, name: string, restartedFrom = 'its dataset') {
    super({
      message: `the statement ran for more than ${limitMs / 1000} s and was stopped: node "${name}" was restarted from ${restartedFrom} (PGlite cannot cancel a running statement). The rest of the lab kept running.`,
      code: '57014',
    });
    this.name = 'RunawayQueryError';
  }
}

/** Options for a worker-hosted node. */
export interface WorkerDbNodeOptions {
  name: string;
  dataset: { customers: number; seed: number } | null;
  /** A prebuilt data directory holding that dataset (boots in about a second), if there is one. */
  imageUrl?: string | null;
  /** A data directory to boot from instead (a base backup of another node); a restart boots from it again. */
  image?: Blob;
  /** postgresql.conf lines beyond every node's (its capabilities); a restart boots with them again. */
  settings?: readonly string[];
  /** Watchdog: statements running longer than this (wall time) end the worker. */
  statementLimitMs?: number;
  onProgress?: (label: string) => void;
  /** Session settings applied right after every boot (a replica's read-only mode), before any statement. */
  sessionSql?: () => string | undefined;
  /** The watchdog ended a runaway statement; the node is booting again. */
  onRestart?: () => void;
  /** The node answers again after a watchdog restart. */
  onRestarted?: () => void;
  /** Creates the worker; injected so the module has no bundler-specific code in tests. */
  spawn: () => Worker;
}

/**
 * A PGlite node living in its own Web Worker, with a watchdog: a statement that runs too long
 * terminates the worker, fails with {@link RunawayQueryError}, and a fresh node boots from
 * the dataset. Everything else keeps running.
 */
export async function createWorkerDbNode(options: WorkerDbNodeOptions): Promise<DbNode & { restarts: number }> {
  const limit = options.statementLimitMs ?? 10_000;
  let worker: Worker;
  let nextId = 1;
  let statementsRun = 0;
  let restarts = 0;
  const pending = new Map<number, { resolve: (m: DbReply) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> | null }>();
  let ready: Promise<void>;

  function start(): Promise<void> {
    worker = options.spawn();
    worker.onmessage = (event: MessageEvent<FromDbWorker>) => {
      const message = event.data;
      if ('progress' in message) {
        options.onProgress?.(message.progress);
        return;
      }
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (waiter.timer) clearTimeout(waiter.timer);
      if (message.ok) waiter.resolve(message);
      else waiter.reject(new DbError(message.error));
    };
    const boot: ToDbWorker = { id: 0, op: 'boot', dataset: options.dataset, imageUrl: options.imageUrl ?? null };
    if (options.image !== undefined) boot.image = options.image;
    if (options.settings?.length) boot.settings = [...options.settings];
    const sessionSql = options.sessionSql?.();
    if (sessionSql) boot.sessionSql = sessionSql;
    return send(boot, false).then(() => undefined);
  }

  function send(message: ToDbWorker, watched = true): Promise<DbReply> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = watched
        ? setTimeout(() => {
            pending.delete(id);
            restart();
            reject(new RunawayQueryError(limit, options.name, options.image !== undefined ? 'its base backup' : 'its dataset'));
          }, limit)
        : null;
      pending.set(id, { resolve, reject, timer });
      worker.postMessage({ ...message, id });
    });
  }

  function restart(): void {
    worker.terminate();
    restarts++;
    for (const [id, waiter] of pending) {
      if (waiter.timer) clearTimeout(waiter.timer);
      waiter.reject(new DbError({ message: `node "${options.name}" was restarted while this statement waited` }));
      pending.delete(id);
    }
    options.onRestart?.();
    ready = start();
    ready.then(
      () => options.onRestarted?.(),
      () => {},
    );
  }

  ready = start();
  await ready;

  async function call(message: ToDbWorker, watched = true): Promise<DbReply> {
    await ready;
    return send(message, watched);
  }

  return {
    name: options.name,
    get statementsRun() {
      return statementsRun;
    },
    get restarts() {
      return restarts;
    },
    async query(sql: string, params: unknown[] = []) {
      const reply = await call({ id: 0, op: 'query', sql, params });
      statementsRun++;
      return { rows: (reply.rows ?? []) as Row[], fields: reply.fields ?? [] };
    },
    async exec(sql: string) {
      await call({ id: 0, op: 'exec', sql });
    },
    async explain(sql: string, params: unknown[] = [], { analyze = false } = {}) {
      const reply = await call({ id: 0, op: 'explain', sql, params, analyze });
      return reply.plan as PlanNode;
    },
    async dump() {
      // Not watched: copying a large data directory is slow but always ends.
      const reply = await call({ id: 0, op: 'dump' }, false);
      return reply.image!;
    },
    async memoryBytes() {
      const reply = await call({ id: 0, op: 'memory' });
      return reply.memoryBytes ?? 0;
    },
    async close() {
      worker.terminate();
      for (const [id, waiter] of pending) {
        if (waiter.timer) clearTimeout(waiter.timer);
        waiter.reject(new DbError({ message: `node "${options.name}" was shut down while this statement waited` }));
        pending.delete(id);
      }
    },
  };
}
