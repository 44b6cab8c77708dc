import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPgliteNode } from '../db/pgliteNode';
import { loadDemoDataset } from '../db/demoDataset';

/**
 * Captures real plans from PGlite, one fixture per plan quirk the parser must handle, into
 * src/plan/fixtures/NN-<quirk>.json. Run: `npx tsx src/plan/captureFixtures.ts`.
 *
 * Each fixture keeps the statement, the settings and DDL run before it, and the value PGlite
 * returned for EXPLAIN's single column, untouched (the parser's tests read that raw value).
 * Times differ between captures; the tests compare parsed values with the raw fields, so a
 * new capture needs no test edits unless a plan's shape changes.
 */

/** The dataset the fixtures are taken on: the pooling lab's (1000 customers, seed 1). */
export const FIXTURE_DATASET = { scale: { customers: 1000 }, seed: 1 } as const;

export interface PlanFixtureSpec {
  file: string;
  /** What quirk of EXPLAIN output this fixture exercises. */
  quirk: string;
  /** Run before the statement (settings, indexes); undone by `teardown`. */
  setup?: string;
  teardown?: string;
  sql: string;
  analyze: boolean;
}

export const FIXTURE_SPECS: readonly PlanFixtureSpec[] = [
  {
    file: '01-no-analyze.json',
    quirk: 'EXPLAIN without ANALYZE: estimates only (no actual rows, times, loops or buffers)',
    sql: 'select c.name, o.id, o.status, o.total, o.created_at from customers c join orders o on o.customer_id = c.id where c.id = 42 order by o.created_at desc',
    analyze: false,
  },
  {
    file: '02-loops.json',
    quirk: 'Nested Loop whose inner side (Limit, Sort, Seq Scan) runs once per outer row: Actual Loops > 1, actual rows and times are per loop',
    sql: 'select c.id, c.name, last.id as last_order from customers c cross join lateral (select o.id from orders o where o.customer_id = c.id order by o.created_at desc limit 1) last where c.id <= 10',
    analyze: true,
  },
  {
    file: '03-cte.json',
    quirk: 'Materialized CTE: a CTE Scan reading a subplan named "CTE …" (Parent Relationship InitPlan)',
    sql: 'with per_customer as materialized (select customer_id, count(*) as n, sum(total) as spent from orders group by customer_id) select c.name, p.n, p.spent from per_customer p join customers c on c.id = p.customer_id where p.n >= 12 order by p.spent desc',
    analyze: true,
  },
  {
    file: '04-subplan.json',
    quirk: 'Correlated subquery: a SubPlan run once per outer row',
    sql: 'select c.id, c.name, (select count(*) from orders o where o.customer_id = c.id) as orders from customers c where c.id <= 25',
    analyze: true,
  },
  {
    file: '05-initplan.json',
    quirk: 'Uncorrelated subquery: an InitPlan run once, its result used as a parameter ($0)',
    sql: 'select id, total from orders where total > (select avg(total) * 3 from orders)',
    analyze: true,
  },
  {
    file: '06-sort-spill.json',
    quirk: 'Sort larger than work_mem: external merge on disk (Sort Space Type Disk, temp buffers)',
    setup: "set work_mem = '64kB'",
    teardown: 'reset work_mem',
    sql: 'select * from orders order by total desc, id',
    analyze: true,
  },
  {
    file: '07-hash-join.json',
    quirk: 'Hash Join: the smaller side built into a Hash node (Hash Cond, batches, memory)',
    sql: 'select c.name, o.total from customers c join orders o on o.customer_id = c.id where o.status = \'cancelled\'',
    analyze: true,
  },
  {
    file: '08-merge-join.json',
    quirk: 'Merge Join of two inputs sorted on the join key (hash join and nested loop disabled to obtain it on this small dataset)',
    setup: 'set enable_hashjoin = off; set enable_nestloop = off',
    teardown: 'reset enable_hashjoin; reset enable_nestloop',
    sql: 'select o.id, i.line, i.quantity from orders o join order_items i on i.order_id = o.id where o.id <= 2000',
    analyze: true,
  },
  {
    file: '09-bitmap-scan.json',
    quirk: 'Bitmap Heap Scan fed by a Bitmap Index Scan (Recheck Cond, exact heap blocks)',
    setup: 'create index orders_customer_id_idx on orders (customer_id)',
    teardown: 'drop index orders_customer_id_idx',
    sql: 'select id, total from orders where customer_id = 7 or customer_id = 300',
    analyze: true,
  },
  {
    file: '10-index-only-scan.json',
    quirk: 'Index Only Scan: answered from the index alone (Heap Fetches)',
    setup: 'vacuum customers',
    sql: 'select id from customers where id between 100 and 400',
    analyze: true,
  },
  {
    file: '11-aggregate.json',
    quirk: 'Aggregate over a join: HashAggregate, then Sort on the aggregate (the pooling lab\'s revenue by city)',
    sql: 'select c.city, count(*) as orders, sum(o.total) as revenue from customers c join orders o on o.customer_id = c.id group by c.city order by revenue desc',
    analyze: true,
  },
  {
    file: '12-before-index.json',
    quirk: 'Comparison, before: a filter on orders.customer_id with no index reads every row (Seq Scan, Rows Removed by Filter)',
    sql: 'select id, status, total from orders where customer_id = 42',
    analyze: true,
  },
  {
    file: '13-after-index.json',
    quirk: 'Comparison, after: the same statement once orders.customer_id has an index',
    setup: 'create index orders_customer_id_idx on orders (customer_id)',
    teardown: 'drop index orders_customer_id_idx',
    sql: 'select id, status, total from orders where customer_id = 42',
    analyze: true,
  },
];

/** What a fixture file holds. */
export interface PlanFixture {
  quirk: string;
  dataset: typeof FIXTURE_DATASET;
  setup: string | null;
  sql: string;
  explain: string;
  /** The value of EXPLAIN's single column exactly as PGlite returned it. */
  result: unknown;
}

export async function captureFixtures(outDir: string): Promise<string[]> {
  const node = await createPgliteNode();
  const written: string[] = [];
  try {
    await loadDemoDataset(node, FIXTURE_DATASET.scale, FIXTURE_DATASET.seed);
    mkdirSync(outDir, { recursive: true });
    for (const spec of FIXTURE_SPECS) {
      if (spec.setup) await node.exec(spec.setup);
      try {
        const explain = spec.analyze ? 'EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)' : 'EXPLAIN (FORMAT JSON)';
        const { rows } = await node.query(`${explain} ${spec.sql}`);
        const first = rows[0];
        const fixture: PlanFixture = {
          quirk: spec.quirk,
          dataset: FIXTURE_DATASET,
          setup: spec.setup ?? null,
          sql: spec.sql,
          explain,
          result: first ? Object.values(first)[0] : null,
        };
        const file = resolve(outDir, spec.file);
        writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
        written.push(file);
      } finally {
        if (spec.teardown) await node.exec(spec.teardown);
      }
    }
    return written;
  } finally {
    await node.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures');
  const written = await captureFixtures(outDir);
  process.stdout.write(`wrote ${written.length} fixtures to ${outDir}\n`);
}
