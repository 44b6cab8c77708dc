import type { RequestDetail } from '../../lab/labDefinition';
import type { QueryRequest } from './model';
import { QUERY_SQL } from './strategies';

const ms = (x: number) => `${x.toFixed(2)} ms`;

/** Round trips told one by one up to this many; past it the first four and the last three. */
const LEGS_TOLD = 8;

/** The request's round trips as timeline steps, the middle elided for N+1's hundreds of them. */
function legSteps(r: QueryRequest): { t: number; what: string }[] {
  const starts = r.legStarts;
  const shown = starts.length <= LEGS_TOLD ? starts.map((t, i) => [t, i] as const) : [...starts.slice(0, 4).map((t, i) => [t, i] as const), ...starts.slice(-3).map((t, i) => [t, starts.length - 3 + i] as const)];
  const steps: { t: number; what: string }[] = [];
  shown.forEach(([t, i], k) => {
    if (k === 4 && starts.length > LEGS_TOLD) steps.push({ t, what: `… ${starts.length - 7} more round trips …` });
    steps.push({ t, what: `sends statement ${i + 1} of ${r.statements}` });
  });
  return steps;
}

/** The statement that shows the strategy's plan, with this request's values (the plan viewer's "Show plan"). */
function shownStatement(r: QueryRequest, customersNow: number): { sql: string; params: unknown[]; what: string } {
  const customers = r.strategy === 'n-plus-one' ? r.statements - 1 : customersNow;
  switch (r.strategy) {
    case 'join':
      return { sql: QUERY_SQL.join, params: [customers], what: 'its one statement' };
    case 'batch':
      return {
        sql: QUERY_SQL.ordersOfCustomers.replace('$1', `'{${Array.from({ length: customers }, (_, i) => i + 1).join(',')}}'::int[]`),
        params: [],
        what: `its second statement (the first is: ${QUERY_SQL.customers}, $1 = ${customers})`,
      };
    case 'n-plus-one':
      return { sql: QUERY_SQL.ordersOfCustomer, params: [Math.max(1, Math.min(r.current, customers))], what: `one of its ${customers} per-customer statements (the first is: ${QUERY_SQL.customers}, $1 = ${customers})` };
  }
}

/** What happened to one request, in words; `customersNow` is the `customers` parameter in force. */
export function requestStory(r: QueryRequest, customersNow: number): RequestDetail {
  const timeline: { t: number; what: string }[] = [{ t: r.arrivedAt, what: `arrives; strategy ${r.strategy}, ${r.statements} statement${r.statements === 1 ? '' : 's'}` }];
  timeline.push(...legSteps(r));
  if (r.phase === 'done') timeline.push({ t: r.endedAt, what: `done: ${ms(r.networkMs)} on the network, ${ms(r.databaseMs)} in the database` });
  const statement = shownStatement(r, customersNow);
  timeline.push({ t: r.arrivedAt, what: `SQL below: ${statement.what}` });
  return {
    id: r.id,
    outcome: r.phase === 'done' ? `completed in ${ms(r.endedAt - r.arrivedAt)}` : 'in flight',
    timeline,
    sql: statement.sql,
    params: statement.params,
    executed: 'modelled',
  };
}
