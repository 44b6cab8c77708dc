import fc from 'fast-check';
import type { IsolationLevel } from './sql/ast';
import type { Schedule } from './schedule';

/**
 * Random schedules for the differential tests (test support; uses fast-check): a few sessions
 * running short transactions of reads, writes, row locks, inserts and deletes over a
 * three-row table, interleaved at random. Keys 1–5 and small values make conflicts (lock waits,
 * re-checks, unique violations, deadlocks, serialization failures) frequent.
 */
const key = fc.integer({ min: 1, max: 4 });
const small = fc.integer({ min: 1, max: 9 });
const threshold = fc.constantFrom(10, 15, 20, 25);

const statement: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: key.map((k) => `select * from test where id = ${k}`) },
  { weight: 2, arbitrary: fc.constant('select * from test') },
  { weight: 2, arbitrary: fc.constant('select sum(value) from test') },
  { weight: 1, arbitrary: threshold.map((x) => `select count(*) from test where value > ${x}`) },
  { weight: 4, arbitrary: fc.tuple(small, key).map(([d, k]) => `update test set value = value + ${d} where id = ${k}`) },
  { weight: 2, arbitrary: fc.tuple(small, key).map(([d, k]) => `update test set value = ${d * 10} where id = ${k}`) },
  { weight: 2, arbitrary: fc.tuple(small, threshold).map(([d, x]) => `update test set value = value + ${d} where value > ${x}`) },
  { weight: 1, arbitrary: key.map((k) => `delete from test where id = ${k}`) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 5 }), small).map(([k, d]) => `insert into test values (${k}, ${d})`) },
  { weight: 2, arbitrary: fc.tuple(key, fc.constantFrom('for update', 'for share', 'for update nowait', 'for update skip locked', 'for share skip locked', 'for no key update')).map(([k, lock]) => `select * from test where id = ${k} ${lock}`) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 5 }), key).map(([k2, k]) => `update test set id = ${k2} where id = ${k}`) },
);

/** One session's script: transactions (BEGIN … COMMIT/ROLLBACK) and the odd autocommit statement. */
const script: fc.Arbitrary<string[]> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.array(statement, { minLength: 1, maxLength: 3 }), fc.constantFrom('commit', 'commit', 'commit', 'rollback')).map(([body, end]) => ['begin', ...body, end]) },
      { weight: 1, arbitrary: statement.map((s) => [s]) },
    ),
    { minLength: 1, maxLength: 2 },
  )
  .map((parts) => parts.flat());

/** Interleave per-session scripts: `picks` chooses, at each step, which session with statements left goes next. */
function interleave(scripts: string[][], picks: number[]): [string, string][] {
  const names = scripts.map((_, i) => `T${i + 1}`);
  const positions = scripts.map(() => 0);
  const steps: [string, string][] = [];
  for (const pick of picks) {
    const open = scripts.map((_, i) => i).filter((i) => positions[i]! < scripts[i]!.length);
    if (open.length === 0) break;
    const i = open[pick % open.length]!;
    steps.push([names[i]!, scripts[i]![positions[i]!++]!]);
  }
  return steps;
}

export function randomSchedule(sessions: number, isolation: IsolationLevel | 'mixed'): fc.Arbitrary<Schedule> {
  const levels: fc.Arbitrary<IsolationLevel[]> =
    isolation === 'mixed' ? fc.array(fc.constantFrom<IsolationLevel>('read committed', 'repeatable read', 'serializable'), { minLength: sessions, maxLength: sessions }) : fc.constant(Array.from({ length: sessions }, () => isolation));
  return fc.tuple(fc.array(script, { minLength: sessions, maxLength: sessions }), fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), levels).map(([scripts, picks, lv]) => ({
    setup: ['create table test (id int primary key, value int)', 'insert into test values (1, 10), (2, 20), (3, 30)'],
    sessions: Object.fromEntries(lv.map((level, i) => [`T${i + 1}`, { isolation: level }])),
    steps: interleave(scripts, picks),
  }));
}
