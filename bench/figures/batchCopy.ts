import { figure, type BenchContext, type Figure } from '../figure';
import { createPgliteNode } from '../../src/db/pgliteNode';
import { setupStatements } from '../../src/patterns/batch/loadTable';
import { statementSql } from '../../src/patterns/batch/statementSql';

const TRIES = 5;

/**
 * COPY has no plan to price, so the batch lab's COPY cost is a model; this figure checks its claim
 * on a real PGlite: the same rows go into a fresh table by COPY faster than by one multi-row
 * INSERT (best of five tries each, the table made afresh before every try). A timing, so a
 * figure and not a test: on a loaded machine either side can lose a single try.
 */
export async function batchCopyFigure(ctx: BenchContext): Promise<Figure> {
  const rows = ctx.quick ? 1000 : 5000;
  const node = await createPgliteNode();
  try {
    const insert = statementSql('values', 'insert', 1, rows, 1, 0);
    const copy = statementSql('copy', 'insert', 1, rows, 1, 0);
    const best = { insert: Infinity, copy: Infinity };
    for (let attempt = 0; attempt < TRIES; attempt++) {
      ctx.log(`batch COPY vs INSERT: try ${attempt + 1} of ${TRIES}, ${rows} rows`);
      for (const sql of setupStatements(0)) await node.query(sql);
      let t = performance.now();
      await node.query(insert.sql);
      best.insert = Math.min(best.insert, performance.now() - t);
      for (const sql of setupStatements(0)) await node.query(sql);
      await node.query(copy.prepare!);
      t = performance.now();
      await node.query(copy.sql);
      best.copy = Math.min(best.copy, performance.now() - t);
    }
    return figure({
      name: 'batch.copy.ms',
      value: best.copy,
      unit: 'ms',
      baseline: best.insert,
      better: 'lower',
      baselineLabel: `one multi-row INSERT of the same ${rows} rows`,
      target: { ratio: 1 },
      note: `COPY of ${rows} rows into batch_customers on PGlite, best of ${TRIES}; the lab prices COPY below a multi-row INSERT`,
    });
  } finally {
    await node.close();
  }
}
