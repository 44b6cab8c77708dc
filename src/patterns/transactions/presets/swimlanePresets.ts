import dirtyRead from '../schedules/dirty-read-never.json' with { type: 'json' };
import nonRepeatableRc from '../schedules/non-repeatable-read-rc.json' with { type: 'json' };
import nonRepeatableRr from '../schedules/non-repeatable-read-rr.json' with { type: 'json' };
import phantomRc from '../schedules/phantom-rc.json' with { type: 'json' };
import phantomRr from '../schedules/phantom-rr.json' with { type: 'json' };
import lostUpdate from '../schedules/lost-update.json' with { type: 'json' };
import fixForUpdate from '../schedules/lost-update-fix-for-update.json' with { type: 'json' };
import fixAtomic from '../schedules/lost-update-fix-atomic.json' with { type: 'json' };
import fixRepeatableRead from '../schedules/lost-update-fix-repeatable-read.json' with { type: 'json' };
import writeSkewRr from '../schedules/write-skew-repeatable-read.json' with { type: 'json' };
import writeSkewSer from '../schedules/write-skew-serializable.json' with { type: 'json' };
import deadlock from '../schedules/deadlock.json' with { type: 'json' };
import deadlockFix from '../schedules/deadlock-fix-lock-order.json' with { type: 'json' };
import longTransaction from '../schedules/long-transaction.json' with { type: 'json' };
import deadlockThree from '../schedules/deadlock-three-sessions.json' with { type: 'json' };
import forShare from '../schedules/for-share.json' with { type: 'json' };
import nowait from '../schedules/nowait.json' with { type: 'json' };
import skipLocked from '../schedules/skip-locked.json' with { type: 'json' };
import readCommittedRecheck from '../schedules/read-committed-recheck.json' with { type: 'json' };
import repeatableReadConcurrentUpdate from '../schedules/repeatable-read-concurrent-update.json' with { type: 'json' };
import serializableInsert from '../schedules/serializable-insert-conflict.json' with { type: 'json' };
import uniqueViolation from '../schedules/unique-violation.json' with { type: 'json' };
import uniqueWaitRollback from '../schedules/unique-wait-rollback.json' with { type: 'json' };
import abortedTransaction from '../schedules/aborted-transaction.json' with { type: 'json' };
import type { Schedule } from '../schedule';

/** The topics the picker groups its schedules under, in teaching order. */
export const PRESET_GROUPS = ['Isolation and anomalies', 'Lost updates and their fixes', 'Locks and waiting', 'Deadlocks', 'Errors and retries'] as const;
export type PresetGroup = (typeof PRESET_GROUPS)[number];

/** A schedule the swimlane view offers, with what to look for as it is stepped through. */
export interface SwimlanePreset {
  id: string;
  group: PresetGroup;
  title: string;
  schedule: Schedule;
  /** What to notice, in a few sentences. */
  notice: string;
  /** True for schedules the differential suite runs against a real PostgreSQL. */
  verified: boolean;
}

const s = (x: unknown) => x as Schedule;

export const SWIMLANE_PRESETS: readonly SwimlanePreset[] = [
  {
    id: 'dirty-read',
    group: 'Isolation and anomalies',
    title: 'Dirty read (never in PostgreSQL)',
    schedule: s(dirtyRead),
    notice: 'T1 changes the row to 100 and has not committed. T2 even asks for READ UNCOMMITTED, yet its read returns 10: PostgreSQL treats READ UNCOMMITTED as READ COMMITTED, and a snapshot never shows a version whose xmin is still in progress. Look at the row versions: the new version is visible to T1 only.',
    verified: true,
  },
  {
    id: 'non-repeatable-read',
    group: 'Isolation and anomalies',
    title: 'Non-repeatable read (READ COMMITTED)',
    schedule: s(nonRepeatableRc),
    notice: 'T1 reads the row twice inside one transaction and gets 10, then 11: at READ COMMITTED every statement takes a fresh snapshot, so T2\u2019s commit in between shows up.',
    verified: true,
  },
  {
    id: 'non-repeatable-read-rr',
    group: 'Isolation and anomalies',
    title: '… and none at REPEATABLE READ',
    schedule: s(nonRepeatableRr),
    notice: 'The same steps with T1 at REPEATABLE READ: its snapshot is taken by its first statement and kept, so the second read still returns 10 (the new version is not visible to T1). After COMMIT, a new statement sees 11.',
    verified: true,
  },
  {
    id: 'phantom',
    group: 'Isolation and anomalies',
    title: 'Phantom (READ COMMITTED)',
    schedule: s(phantomRc),
    notice: 'The same WHERE clause counts 1 row, then 2: a row inserted and committed by T2 appears in T1\u2019s second query.',
    verified: true,
  },
  {
    id: 'phantom-rr',
    group: 'Isolation and anomalies',
    title: '… and none at REPEATABLE READ',
    schedule: s(phantomRr),
    notice: 'PostgreSQL\u2019s REPEATABLE READ is snapshot isolation, stricter than the SQL standard asks: the inserted row is outside T1\u2019s snapshot, so no phantom.',
    verified: true,
  },
  {
    id: 'lost-update',
    group: 'Lost updates and their fixes',
    title: 'Lost update (read-modify-write)',
    schedule: s(lostUpdate),
    notice: 'Both read 10 and both write 11, computed in the application. T2\u2019s update waits for nothing (T1 has committed) and overwrites T1\u2019s 11 with its own 11: two increments, one effect. Nothing failed, no error: the update is silently lost.',
    verified: true,
  },
  {
    id: 'fix-for-update',
    group: 'Lost updates and their fixes',
    title: 'Fix 1: SELECT … FOR UPDATE',
    schedule: s(fixForUpdate),
    notice: 'T2\u2019s locking read blocks on T1\u2019s row lock (the arrow). When T1 commits, T2\u2019s read completes with the committed 11, and it writes 12.',
    verified: true,
  },
  {
    id: 'fix-atomic',
    group: 'Lost updates and their fixes',
    title: 'Fix 2: an atomic UPDATE',
    schedule: s(fixAtomic),
    notice: 'value = value + 1 is computed by PostgreSQL on the row it locks: T2 waits for T1, then re-reads the newest committed version (READ COMMITTED\u2019s re-check) and adds to 11.',
    verified: true,
  },
  {
    id: 'fix-repeatable-read',
    group: 'Lost updates and their fixes',
    title: 'Fix 3: REPEATABLE READ with retry',
    schedule: s(fixRepeatableRead),
    notice: 'At REPEATABLE READ, T2\u2019s update of a row changed since its snapshot fails with 40001 (could not serialize access due to concurrent update). The application rolls back and retries: the retry reads 11 and writes 12.',
    verified: true,
  },
  {
    id: 'write-skew-rr',
    group: 'Isolation and anomalies',
    title: 'Write skew at REPEATABLE READ',
    schedule: s(writeSkewRr),
    notice: 'Each sees two doctors on call and takes a different one off. They write different rows, so nothing blocks and both commit: nobody is on call, a rule neither transaction broke on its own.',
    verified: true,
  },
  {
    id: 'write-skew-ser',
    group: 'Isolation and anomalies',
    title: '… prevented at SERIALIZABLE',
    schedule: s(writeSkewSer),
    notice: 'The same steps at SERIALIZABLE. SSI records that each read something the other wrote (rw-conflicts below); the second commit fails with 40001 (read/write dependencies among transactions). Retry it and it sees only one doctor on call.',
    verified: true,
  },
  {
    id: 'deadlock',
    group: 'Deadlocks',
    title: 'Deadlock from opposite lock order',
    schedule: s(deadlock),
    notice: 'T1 locks row 1 then row 2; T2 locks row 2 then row 1. Each waits for the other: the wait-for graph has a cycle. After deadlock_timeout PostgreSQL\u2019s check finds it and cancels one session (40P01 deadlock detected); the other goes on.',
    verified: true,
  },
  {
    id: 'deadlock-fix',
    group: 'Deadlocks',
    title: 'The fix: the same lock order',
    schedule: s(deadlockFix),
    notice: 'Both lock row 1 before row 2. T2 simply waits for T1, no cycle can form, and both commit.',
    verified: true,
  },
  {
    id: 'long-transaction',
    group: 'Locks and waiting',
    title: 'A long transaction and the sessions behind it',
    schedule: s(longTransaction),
    notice: 'T1 holds the lock on account 1 while it works. T2 and T3 queue on the same row, and T3\u2019s next statement queues behind its blocked one; T4\u2019s plain read does not wait. In an application each blocked session is a pooled connection doing nothing: with a small pool the next request would wait for a connection. When T1 commits they go one after the other, in queue order. (With a third writer queued, real PostgreSQL no longer guarantees that order: the waiters race for the row\u2019s newer version.) The load view above shows the same at scale (preset transactions-long-transaction).',
    verified: true,
  },
  {
    id: 'deadlock-three',
    group: 'Deadlocks',
    title: 'A deadlock of three sessions',
    schedule: s(deadlockThree),
    notice: 'T1 waits for T2, T2 for T3, and T3\u2019s update of row 1 closes the cycle T3 → T1 → T2 → T3. No two sessions deadlock on their own: the cycle only exists with all three. T3\u2019s deadlock check finds it and T3 fails with 40P01; its locks go, T2 gets row 3, then T1 gets row 2 once T2 commits. T3\u2019s COMMIT answers ROLLBACK.',
    verified: true,
  },
  {
    id: 'for-share',
    group: 'Locks and waiting',
    title: 'FOR SHARE: readers share, a writer waits for all',
    schedule: s(forShare),
    notice: 'T1 and T2 both lock row 1 FOR SHARE: share locks do not conflict with each other, so neither waits. T3\u2019s UPDATE needs the row exclusively and waits for both holders (two arrows); it completes only when the last of them, T2, commits.',
    verified: true,
  },
  {
    id: 'nowait',
    group: 'Locks and waiting',
    title: 'FOR UPDATE NOWAIT: fail instead of waiting',
    schedule: s(nowait),
    notice: 'T1 holds row 1 FOR UPDATE. T2 asks for the same lock with NOWAIT: rather than queue behind T1 it fails at once with 55P03 (could not obtain lock on row). The application decides what to do (here it rolls back); T1 is not disturbed.',
    verified: true,
  },
  {
    id: 'skip-locked',
    group: 'Locks and waiting',
    title: 'FOR UPDATE SKIP LOCKED: a job queue',
    schedule: s(skipLocked),
    notice: 'Worker W1 takes job 1 FOR UPDATE SKIP LOCKED. W2 asks for every new job the same way: the row W1 holds is skipped, not waited for, so W2 gets jobs 2 and 3 at once. Each worker finishes its own jobs and both commit: no waiting, no job done twice. This is how a queue table is drained by many workers.',
    verified: true,
  },
  {
    id: 'read-committed-recheck',
    group: 'Locks and waiting',
    title: 'READ COMMITTED re-checks the row it waited for',
    schedule: s(readCommittedRecheck),
    notice: 'T2\u2019s UPDATE … WHERE value = 10 waits for T1\u2019s update of the same row. When T1 commits, T2 re-evaluates its WHERE on the new version (100): it no longer matches, so UPDATE 0. T3 then waits for T1\u2019s second update; after the commit its WHERE value > 15 still matches the new 21, so it doubles it to 42 (and row 1 to 200): UPDATE 2.',
    verified: true,
  },
  {
    id: 'repeatable-read-concurrent-update',
    group: 'Errors and retries',
    title: 'REPEATABLE READ: 40001 on a concurrent update or delete',
    schedule: s(repeatableReadConcurrentUpdate),
    notice: 'T2 and T3 take their snapshots first. T2\u2019s update of row 1 waits for T1; when T1 commits, T2 does not re-check as READ COMMITTED would: it fails with 40001 (could not serialize access due to concurrent update). T3 deletes row 2, which T1 deleted and committed after T3\u2019s snapshot: 40001 (concurrent delete) at once. Both must roll back and retry.',
    verified: true,
  },
  {
    id: 'serializable-insert-conflict',
    group: 'Errors and retries',
    title: 'SERIALIZABLE: check, then insert',
    schedule: s(serializableInsert),
    notice: 'Both look for row 3 and find none; T1 inserts it and commits. T2\u2019s insert of the same key fails with 40001 (read/write dependencies among transactions), not 23505: SERIALIZABLE reports the conflict with what T2 read, so the application knows a retry is safe. The retry would find row 3.',
    verified: true,
  },
  {
    id: 'unique-violation',
    group: 'Errors and retries',
    title: 'Unique violation after waiting',
    schedule: s(uniqueViolation),
    notice: 'T2 inserts key 3, which T1 has inserted but not committed. PostgreSQL cannot tell yet whether the key will exist, so T2 waits for T1 (the arrow). T1 commits: the key exists, and T2 fails with 23505 (duplicate key value violates unique constraint).',
    verified: true,
  },
  {
    id: 'unique-wait-rollback',
    group: 'Errors and retries',
    title: '… but the first inserter rolls back',
    schedule: s(uniqueWaitRollback),
    notice: 'The same wait, but T1 rolls back: its row never existed, so T2\u2019s insert of key 3 succeeds (with T2\u2019s value, 31) as soon as T1 is gone.',
    verified: true,
  },
  {
    id: 'aborted-transaction',
    group: 'Errors and retries',
    title: 'An error aborts the whole transaction',
    schedule: s(abortedTransaction),
    notice: 'T1 updates row 1, then an insert fails with 23505. From then on every statement fails with 25P02 (current transaction is aborted) until the transaction ends, and COMMIT answers ROLLBACK: the update of row 1 is gone too. All or nothing.',
    verified: true,
  },
];
