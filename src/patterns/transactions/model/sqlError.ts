/** An error PostgreSQL would raise, with its SQLSTATE and primary message. */
export class SqlError extends Error {
  constructor(
    readonly sqlstate: string,
    message: string,
  ) {
    super(message);
  }
}

export const SERIALIZATION_FAILURE = '40001';
export const DEADLOCK_DETECTED = '40P01';
export const LOCK_NOT_AVAILABLE = '55P03';
export const UNIQUE_VIOLATION = '23505';
export const IN_FAILED_TRANSACTION = '25P02';

export const abortedTransaction = () => new SqlError(IN_FAILED_TRANSACTION, 'current transaction is aborted, commands ignored until end of transaction block');
export const concurrentUpdate = () => new SqlError(SERIALIZATION_FAILURE, 'could not serialize access due to concurrent update');
export const concurrentDelete = () => new SqlError(SERIALIZATION_FAILURE, 'could not serialize access due to concurrent delete');
export const readWriteDependencies = () => new SqlError(SERIALIZATION_FAILURE, 'could not serialize access due to read/write dependencies among transactions');
export const deadlockDetected = () => new SqlError(DEADLOCK_DETECTED, 'deadlock detected');
export const rowLockNotAvailable = (table: string) => new SqlError(LOCK_NOT_AVAILABLE, `could not obtain lock on row in relation "${table}"`);
