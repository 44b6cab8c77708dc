import type { MethodId } from '../methods';

export const DRIVERS = ['psycopg2', 'psycopg 3', 'node-postgres', 'Go database/sql', 'JDBC'] as const;
export type Driver = (typeof DRIVERS)[number];

/** What an application writes with one driver, and what goes over the wire because of it. */
export interface DriverCall {
  code: string;
  wire: string;
  /** Rows share a round trip: a real batch (psycopg2's executemany is not; psycopg 3's is). */
  batch: boolean;
}

type RawCall = Omit<DriverCall, 'batch'>;

/** Methods whose code works on pages of the run's batch size. */
const PAGED: readonly MethodId[] = ['batched', 'multi-row', 'unnest'];

/** Whether a method in a driver is a real batch: the loops are row by row, one transaction, and executemany where it is a loop. */
export function isRealBatch(method: MethodId, driver: Driver): boolean {
  if (method === 'row-by-row' || method === 'one-transaction') return false;
  if (method === 'executemany') return driver === 'psycopg 3' || driver === 'JDBC';
  return true;
}

const INSERT_PY = '"INSERT INTO batch_customers VALUES (%s, %s, %s, %s, %s)"';
const INSERT_N = "'INSERT INTO batch_customers VALUES ($1, $2, $3, $4, $5)'";
const INSERT_GO = '`INSERT INTO batch_customers VALUES ($1, $2, $3, $4, $5)`';
const UNNEST = 'INSERT INTO batch_customers SELECT * FROM unnest(';

/**
 * Each method in each driver: the call, and what it really sends. The point of the panel: the
 * same word (executemany, batch) means a loop in one driver and a pipeline in another.
 */
function rawCalls(n: number): Record<MethodId, Record<Driver, RawCall>> {
  return {
  'row-by-row': {
    psycopg2: { code: `conn.autocommit = True\nfor r in rows:\n    cur.execute(${INSERT_PY}, r)`, wire: 'One Query message per row (values interpolated by the client); the answer awaited each time: a round trip and a commit per row.' },
    'psycopg 3': { code: `conn = psycopg.connect(dsn, autocommit=True)\nfor r in rows:\n    conn.execute(${INSERT_PY}, r)`, wire: 'Parse/Bind/Execute/Sync per row (values bound by the server); a round trip and a commit per row.' },
    'node-postgres': { code: `for (const r of rows) {\n  await client.query(${INSERT_N}, r);\n}`, wire: 'Parse/Bind/Execute/Sync per row, each awaited: a round trip and a commit per row.' },
    'Go database/sql': { code: `for _, r := range rows {\n    _, err := db.ExecContext(ctx, ${INSERT_GO},\n        r.ID, r.Name, r.Email, r.City, r.CreatedAt)\n}`, wire: 'One round trip per row, each in autocommit (and each borrowing a pooled connection).' },
    JDBC: { code: `conn.setAutoCommit(true);\nfor (Row r : rows) {\n    bind(ps, r);\n    ps.executeUpdate();\n}`, wire: 'One round trip per row, each committed on its own.' },
  },
  'one-transaction': {
    psycopg2: { code: `for r in rows:\n    cur.execute(${INSERT_PY}, r)\nconn.commit()`, wire: 'BEGIN (sent before the first statement), one Query per row, COMMIT: a round trip per row plus two, one commit.' },
    'psycopg 3': { code: 'with conn.transaction():\n    for r in rows:\n        conn.execute(INSERT, r)', wire: 'BEGIN, one round trip per row, COMMIT.' },
    'node-postgres': { code: `await client.query('BEGIN');\nfor (const r of rows) await client.query(${INSERT_N}, r);\nawait client.query('COMMIT');`, wire: 'BEGIN, one round trip per row, COMMIT.' },
    'Go database/sql': { code: 'tx, _ := db.BeginTx(ctx, nil)\nfor _, r := range rows {\n    tx.ExecContext(ctx, insert, r.ID, r.Name, r.Email, r.City, r.CreatedAt)\n}\ntx.Commit()', wire: 'BEGIN, one round trip per row, COMMIT.' },
    JDBC: { code: 'conn.setAutoCommit(false);\nfor (Row r : rows) { bind(ps, r); ps.executeUpdate(); }\nconn.commit();', wire: 'One round trip per row, one COMMIT.' },
  },
  executemany: {
    psycopg2: { code: `cur.executemany(${INSERT_PY}, rows)\nconn.commit()`, wire: 'A loop, not a batch: psycopg2 calls execute() once per row, so one Query and one round trip per row, exactly as the loop above.' },
    'psycopg 3': { code: 'cur.executemany(INSERT, rows)', wire: 'Since psycopg 3.1 executemany uses pipeline mode: the statements go out without waiting for each answer. Here it is a batch (see "Batched").' },
    'node-postgres': { code: `await Promise.all(rows.map((r) => client.query(${INSERT_N}, r)));`, wire: 'No executemany. Promise.all does not help: a client sends its next query only after the previous answer, so still a round trip per row.' },
    'Go database/sql': { code: 'stmt, _ := tx.PrepareContext(ctx, insert)\nfor _, r := range rows {\n    stmt.ExecContext(ctx, r.ID, r.Name, r.Email, r.City, r.CreatedAt)\n}', wire: 'No executemany. A prepared statement saves parsing, not round trips: still one per row.' },
    JDBC: { code: 'for (Row r : rows) { bind(ps, r); ps.addBatch(); }\nps.executeBatch();', wire: 'JDBC has no executemany; its batch API is a real batch (see "Batched").' },
  },
  batched: {
    psycopg2: { code: `from psycopg2.extras import execute_batch\nconn.autocommit = True\nexecute_batch(cur, INSERT, rows, page_size=${n})`, wire: 'page_size statements joined with ";" into one Query: one round trip per page, run as one implicit transaction.' },
    'psycopg 3': { code: `for page in itertools.batched(rows, ${n}):  # Python 3.12\n    with conn.pipeline():\n        for r in page:\n            conn.execute(INSERT, r)`, wire: 'Pipeline mode: statements queued and sent together, answers read later; each Sync ends an implicit transaction.' },
    'node-postgres': { code: "// no pipeline API: one text of many statements (no parameters)\nawait client.query(page.map((r) => format('INSERT … VALUES (%L, %L, %L, %L, %L)', ...r)).join(';'));", wire: 'One simple Query carrying the page: one round trip, one implicit transaction. Values must be escaped by the client (pg-format).' },
    'Go database/sql': { code: 'b := &pgx.Batch{}\nfor _, r := range page {\n    b.Queue(insert, r.ID, r.Name, r.Email, r.City, r.CreatedAt)\n}\nerr := conn.SendBatch(ctx, b).Close()', wire: 'database/sql has no batch; pgx (its driver) sends a queued batch as one pipeline: one round trip.' },
    JDBC: { code: 'for (Row r : page) { bind(ps, r); ps.addBatch(); }\nps.executeBatch();\nconn.commit();', wire: 'pgjdbc sends the batch without waiting for each answer: the round trips of a batch are shared.' },
  },
  'multi-row': {
    psycopg2: { code: `from psycopg2.extras import execute_values\nexecute_values(cur,\n    "INSERT INTO batch_customers VALUES %s", rows, page_size=${n})`, wire: 'One INSERT … VALUES (…), (…), … per page, values written into the text by the client.' },
    'psycopg 3': { code: 'placeholders = ", ".join(["(%s, %s, %s, %s, %s)"] * len(page))\ncur.execute(f"INSERT INTO batch_customers VALUES {placeholders}",\n    [v for r in page for v in r])', wire: 'One statement per page, 5 parameters a row (at most 65,535 parameters a statement).' },
    'node-postgres': { code: "const values = page.map((_, i) => `($${5*i+1}, $${5*i+2}, $${5*i+3}, $${5*i+4}, $${5*i+5})`);\nawait client.query(`INSERT INTO batch_customers VALUES ${values.join(', ')}`, page.flat());", wire: 'One statement per page; at most 65,535 parameters, so 13,107 rows of 5 columns.' },
    'Go database/sql': { code: '// build "($1,$2,$3,$4,$5), ($6, …)" for the page\n_, err := db.ExecContext(ctx, "INSERT INTO batch_customers VALUES "+placeholders, args...)', wire: 'One statement per page; at most 65,535 parameters.' },
    JDBC: { code: '// jdbc:postgresql://host/db?reWriteBatchedInserts=true\nfor (Row r : page) { bind(ps, r); ps.addBatch(); }\nps.executeBatch();', wire: 'pgjdbc rewrites the batch of INSERTs into multi-row INSERT … VALUES statements.' },
  },
  unnest: {
    psycopg2: { code: `cur.execute("${UNNEST}"\n    "%s::int[], %s::text[], %s::text[], %s::text[], %s::timestamptz[])",\n    (ids, names, emails, cities, created))`, wire: 'One statement per page; Python lists become PostgreSQL arrays: 5 parameters whatever the rows.' },
    'psycopg 3': { code: `cur.execute("${UNNEST}"\n    "%s::int[], %s::text[], %s::text[], %s::text[], %s::timestamptz[])",\n    (ids, names, emails, cities, created))`, wire: 'One statement per page, the arrays sent as 5 (binary) parameters.' },
    'node-postgres': { code: `await client.query('${UNNEST}$1::int[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])',\n  [ids, names, emails, cities, created]);`, wire: 'One statement per page; JavaScript arrays become PostgreSQL arrays: 5 parameters, no 65,535 limit to watch.' },
    'Go database/sql': { code: `db.ExecContext(ctx, \`${UNNEST}$1::int[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])\`,\n    pq.Array(ids), pq.Array(names), pq.Array(emails), pq.Array(cities), pq.Array(created))`, wire: 'One statement per page, one array parameter per column (pgx takes Go slices directly).' },
    JDBC: { code: `ps = conn.prepareStatement("${UNNEST}?::int[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])");\nps.setArray(1, conn.createArrayOf("int4", ids)); // … one per column\nps.executeUpdate();`, wire: 'One statement per page, one array parameter per column.' },
  },
  copy: {
    psycopg2: { code: 'cur.copy_expert("COPY batch_customers FROM STDIN (FORMAT csv)", csv_file)', wire: 'COPY … FROM STDIN; the server answers "send the data"; then the rows as one CopyData stream and CopyDone: two round trips, one statement.' },
    'psycopg 3': { code: 'with cur.copy("COPY batch_customers FROM STDIN") as copy:\n    for r in rows:\n        copy.write_row(r)', wire: 'The same protocol: two round trips, the rows streamed in between.' },
    'node-postgres': { code: "import { from as copyFrom } from 'pg-copy-streams';\nawait pipeline(Readable.from(csvLines),\n  client.query(copyFrom('COPY batch_customers FROM STDIN (FORMAT csv)')));", wire: 'COPY through the pg-copy-streams package: two round trips, one statement.' },
    'Go database/sql': { code: 'conn.CopyFrom(ctx, pgx.Identifier{"batch_customers"},\n    []string{"id", "name", "email", "city", "created_at"}, pgx.CopyFromRows(rows))', wire: 'pgx speaks COPY (database/sql does not; lib/pq has pq.CopyIn): two round trips, one statement.' },
    JDBC: { code: 'new CopyManager(conn.unwrap(BaseConnection.class))\n    .copyIn("COPY batch_customers FROM STDIN (FORMAT csv)", reader);', wire: "pgjdbc's CopyManager: two round trips, one statement." },
  },
};
}

/**
 * Each method in each driver for this run's batch size: the call, what it really sends, and
 * whether it is a real batch. Paged methods say the page is the run's batch size.
 */
export function driverCalls(batchSize: number): Record<MethodId, Record<Driver, DriverCall>> {
  const raw = rawCalls(batchSize);
  const out = {} as Record<MethodId, Record<Driver, DriverCall>>;
  for (const method of Object.keys(raw) as MethodId[]) {
    const row = {} as Record<Driver, DriverCall>;
    for (const driver of DRIVERS) {
      const { code, wire } = raw[method][driver];
      const comment = driver.startsWith('psycopg') ? '#' : '//';
      const paged = PAGED.includes(method) && !/page_size=|itertools\.batched/.test(code);
      row[driver] = { code: paged ? `${comment} page: the next ${batchSize} rows (this run's batch size)\n${code}` : code, wire, batch: isRealBatch(method, driver) };
    }
    out[method] = row;
  }
  return out;
}
