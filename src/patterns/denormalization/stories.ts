import type { RequestDetail } from '../../lab/labDefinition';
import type { DenormWorld } from './model';
import type { DenormRequest } from './requests';

const KIND_WORDS: Record<DenormRequest['kind'], (r: DenormRequest) => string> = {
  read: (r) => `reads customer ${r.customer}'s orders with all their details`,
  newOrder: (r) => `customer ${r.customer} places an order of ${r.lines.length} line${r.lines.length === 1 ? '' : 's'}`,
  changePrice: (r) => `the price of product ${r.product} goes up by ${(r.priceStepCents / 100).toFixed(2)}`,
  renameCustomer: (r) => `customer ${r.customer} changes their name`,
};

/** What happened to one request, in words, with the statement it ran for the plan viewer. */
export function requestStory(r: DenormRequest, w: DenormWorld): RequestDetail {
  const timeline = [{ t: r.arrivedAt, what: `arrives: ${KIND_WORDS[r.kind](r)} (read model ${w.readModel})` }, ...r.steps];
  const total = r.endedAt - r.arrivedAt;
  let outcome = 'in flight';
  if (r.phase === 'done') {
    outcome = `completed in ${total.toFixed(2)} ms`;
    if (r.kind === 'read') outcome += r.stalenessMs > 0 ? `, ${(r.stalenessMs / 1000).toFixed(3)} s stale` : ', up to date';
    if (r.lockWaitMs > 0) outcome += `, ${r.lockWaitMs.toFixed(2)} ms blocked by a refresh`;
    if (r.copyForgotten) outcome += ', its copy forgotten';
    timeline.push({ t: r.endedAt, what: 'answered' });
  }
  return {
    id: r.id,
    outcome,
    timeline,
    ...(r.sql !== '' ? { sql: r.sql, params: r.params } : {}),
    ...(r.rows !== undefined ? { rows: r.rows } : {}),
    executed: r.executed,
  };
}
