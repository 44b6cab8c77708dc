import type { TxnEngine } from '../model/engine';

/**
 * Did `session`'s last UPDATE of account `id` replace a version other than the one it read
 * (`readValue`)? Then, once it commits, someone else's committed write is lost.
 */
export function overwroteUnread(model: TxnEngine, session: string, id: number, readValue: number): boolean {
  const xid = model.transactionOf(session)?.xid;
  if (xid === null || xid === undefined) return false;
  for (let i = model.versions.length - 1; i >= 0; i--) {
    const v = model.versions[i]!;
    if (v.xmin !== xid || v.values[0] !== id) continue;
    const previous = model.versions.find((p) => p.next === v.id);
    return previous !== undefined && previous.values[1] !== readValue;
  }
  return false;
}
