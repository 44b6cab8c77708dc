/**
 * The money transfer as PostgreSQL runs it on the demo dataset's accounts table, whose
 * `check (balance >= 0)` refuses an overdraft. Shared by the transaction-API version
 * (runTransfer.ts) and the one-statement version the lab replays through its SQL backend.
 */
export const DEBIT_SQL = 'update accounts set balance = balance - $1 where id = $2';
export const BALANCE_SQL = 'select balance::float8 as balance from accounts where id = $1';
export const CREDIT_SQL = 'update accounts set balance = balance + $1 where id = $2';
export const SUM_SQL = 'select sum(balance)::float8 as total from accounts';
export const INJECTED_FAILURE_MESSAGE = 'injected failure between the debit and the credit';

/** SQLSTATE of a CHECK constraint violation: the debit would make the balance negative. */
export const CHECK_VIOLATION = '23514';

/**
 * The same transfer as one PL/pgSQL function, so a backend that only runs single statements
 * (the lab's SQL backend: DESIGN.md §4 forbids a raw BEGIN while others may query) still runs
 * it atomically: the function's exception block rolls back everything it did (a subtransaction)
 * and reports why.
 */
export const TRANSFER_FUNCTION_SQL = `
create or replace function lab_transfer(from_id int, to_id int, amount numeric, fail_between boolean) returns text
language plpgsql as $$
begin
  update accounts set balance = balance - amount where id = from_id;
  if fail_between then
    raise exception '${INJECTED_FAILURE_MESSAGE}';
  end if;
  update accounts set balance = balance + amount where id = to_id;
  return 'committed';
exception
  when check_violation then return 'insufficient funds';
  when raise_exception then return 'injected failure';
end $$`;

export const CALL_TRANSFER_SQL = 'select lab_transfer($1, $2, $3, $4) as outcome';
