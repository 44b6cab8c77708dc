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
import type { Schedule } from '../schedule';

/** A schedule the swimlane view offers, with what to look for as it is stepped through. */
export interface SwimlanePreset {
  id: string;
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
    title: 'Dirty read (never in PostgreSQL)',
    schedule: s(dirtyRead),
    notice: 'T1 changes the row to 100 and has not committed. T2 even asks for READ UNCOMMITTED, yet its read returns 10: PostgreSQL treats READ UNCOMMITTED as READ COMMITTED, and a snapshot never shows a version whose xmin is still in progress. Look at the row versions: the new version is visible to T1 only.',
    verified: true,
  },
  {
    id: 'non-repeatable-read',
    title: 'Non-repeatable read (READ COMMITTED)',
    schedule: s(nonRepeatableRc),
    notice: 'T1 reads the row twice inside one transaction and gets 10, then 11: at READ COMMITTED every statement takes a fresh snapshot, so T2\u2019s commit in between shows up.',
    verified: true,
  },
  {
    id: 'non-repeatable-read-rr',
    title: '… and none at REPEATABLE READ',
    schedule: s(nonRepeatableRr),
    notice: 'The same steps with T1 at REPEATABLE READ: its snapshot is taken by its first statement and kept, so the second read still returns 10 (the new version is not visible to T1). After COMMIT, a new statement sees 11.',
    verified: true,
  },
  {
    id: 'phantom',
    title: 'Phantom (READ COMMITTED)',
    schedule: s(phantomRc),
    notice: 'The same WHERE clause counts 1 row, then 2: a row inserted and committed by T2 appears in T1\u2019s second query.',
    verified: true,
  },
  {
    id: 'phantom-rr',
    title: '… and none at REPEATABLE READ',
    schedule: s(phantomRr),
    notice: 'PostgreSQL\u2019s REPEATABLE READ is snapshot isolation, stricter than the SQL standard asks: the inserted row is outside T1\u2019s snapshot, so no phantom.',
    verified: true,
  },
  {
    id: 'lost-update',
    title: 'Lost update (read-modify-write)',
    schedule: s(lostUpdate),
    notice: 'Both read 10 and both write 11, computed in the application. T2\u2019s update waits for nothing (T1 has committed) and overwrites T1\u2019s 11 with its own 11: two increments, one effect. Nothing failed, no error: the update is silently lost.',
    verified: true,
  },
  {
    id: 'fix-for-update',
    title: 'Fix 1: SELECT … FOR UPDATE',
    schedule: s(fixForUpdate),
    notice: 'T2\u2019s locking read blocks on T1\u2019s row lock (the arrow). When T1 commits, T2\u2019s read completes with the committed 11, and it writes 12.',
    verified: true,
  },
  {
    id: 'fix-atomic',
    title: 'Fix 2: an atomic UPDATE',
    schedule: s(fixAtomic),
    notice: 'value = value + 1 is computed by PostgreSQL on the row it locks: T2 waits for T1, then re-reads the newest committed version (READ COMMITTED\u2019s re-check) and adds to 11.',
    verified: true,
  },
  {
    id: 'fix-repeatable-read',
    title: 'Fix 3: REPEATABLE READ with retry',
    schedule: s(fixRepeatableRead),
    notice: 'At REPEATABLE READ, T2\u2019s update of a row changed since its snapshot fails with 40001 (could not serialize access due to concurrent update). The application rolls back and retries: the retry reads 11 and writes 12.',
    verified: true,
  },
  {
    id: 'write-skew-rr',
    title: 'Write skew at REPEATABLE READ',
    schedule: s(writeSkewRr),
    notice: 'Each sees two doctors on call and takes a different one off. They write different rows, so nothing blocks and both commit: nobody is on call, a rule neither transaction broke on its own.',
    verified: true,
  },
  {
    id: 'write-skew-ser',
    title: '… prevented at SERIALIZABLE',
    schedule: s(writeSkewSer),
    notice: 'The same steps at SERIALIZABLE. SSI records that each read something the other wrote (rw-conflicts below); the second commit fails with 40001 (read/write dependencies among transactions). Retry it and it sees only one doctor on call.',
    verified: true,
  },
  {
    id: 'deadlock',
    title: 'Deadlock from opposite lock order',
    schedule: s(deadlock),
    notice: 'T1 locks row 1 then row 2; T2 locks row 2 then row 1. Each waits for the other: the wait-for graph has a cycle. After deadlock_timeout PostgreSQL\u2019s check finds it and cancels one session (40P01 deadlock detected); the other goes on.',
    verified: true,
  },
  {
    id: 'deadlock-fix',
    title: 'The fix: the same lock order',
    schedule: s(deadlockFix),
    notice: 'Both lock row 1 before row 2. T2 simply waits for T1, no cycle can form, and both commit.',
    verified: true,
  },
  {
    id: 'long-transaction',
    title: 'A long transaction and the sessions behind it',
    schedule: s(longTransaction),
    notice: 'T1 holds the lock on account 1 while it works. T2 and T3 queue on the same row, and T3\u2019s next statement queues behind its blocked one; T4\u2019s plain read does not wait. In an application each blocked session is a pooled connection doing nothing: with a small pool the next request would wait for a connection. When T1 commits they go one after the other, in queue order. (With a third writer queued, real PostgreSQL no longer guarantees that order: the waiters race for the row\u2019s newer version.) The load view above shows the same at scale (preset transactions-long-transaction).',
    verified: true,
  },
];
