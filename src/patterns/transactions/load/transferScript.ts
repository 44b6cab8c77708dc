/**
 * The statements of one money transfer, for each strategy the lab compares. The application
 * reads and writes through these; the model of PostgreSQL decides what each returns.
 */
export type Strategy = 'read-modify-write' | 'for-update' | 'atomic-update';
export const STRATEGIES: readonly Strategy[] = ['read-modify-write', 'for-update', 'atomic-update'];

export interface Transfer {
  from: number;
  to: number;
  amount: number;
}

/** The two accounts in the order the transfer touches them. */
export function touchOrder(t: Transfer, lockOrder: 'transfer' | 'id'): [number, number] {
  if (lockOrder === 'id' && t.to < t.from) return [t.to, t.from];
  return [t.from, t.to];
}

/** Read one balance (locking the row first with FOR UPDATE). */
export function readBalance(id: number, forUpdate: boolean): string {
  return `select balance from accounts where id = ${id}${forUpdate ? ' for update' : ''}`;
}

/** Write a balance the application computed from what it read. */
export function writeBalance(id: number, balance: number): string {
  return `update accounts set balance = ${balance} where id = ${id}`;
}

/** Change a balance in the database itself; the debit only if the money is there. */
export function atomicChange(id: number, delta: number): string {
  return delta < 0 ? `update accounts set balance = balance - ${-delta} where id = ${id} and balance >= ${-delta}` : `update accounts set balance = balance + ${delta} where id = ${id}`;
}

/** The SQL of a transfer in full, for the screen (read-modify-write shows the values as `:a`, `:b`). */
export function describeTransfer(strategy: Strategy, isolation: string): string[] {
  const begin = `begin isolation level ${isolation}`;
  if (strategy === 'atomic-update') {
    return [begin, 'update accounts set balance = balance - :amount where id = :from and balance >= :amount', 'update accounts set balance = balance + :amount where id = :to', 'commit'];
  }
  const lock = strategy === 'for-update' ? ' for update' : '';
  return [
    begin,
    `select balance from accounts where id = :from${lock}  -- :a`,
    `select balance from accounts where id = :to${lock}  -- :b`,
    'update accounts set balance = :a - :amount where id = :from',
    'update accounts set balance = :b + :amount where id = :to',
    'commit',
  ];
}
