/** What a request does: read a customer's order lines, or one of the writes the copies must follow. */
export type RequestKind = 'read' | 'newOrder' | 'changePrice' | 'renameCustomer';

/** Where a request is, for the particles and its story. */
export type RequestPhase = 'out' | 'lock-wait' | 'executing' | 'back' | 'refresh' | 'done';

/** One request as plain numbers (its story is put into words only when inspected). */
export interface DenormRequest {
  id: number;
  kind: RequestKind;
  customer: number;
  /** The product whose price changes (changePrice). */
  product: number;
  arrivedAt: number;
  phase: RequestPhase;
  /** Round trips begun so far (each is a new particle on screen). */
  legs: number;
  phaseStart: number;
  phaseEnd: number;
  endedAt: number;
  /** What happened when, in simulated ms, for its story. */
  steps: { t: number; what: string }[];
  /** Reads: how stale what it read was (ms; 0 if it saw every committed change), and its lock wait. */
  stalenessMs: number;
  lockWaitMs: number;
  /** The statement it ran (the read, or the first write statement) and its parameters. */
  sql: string;
  params: unknown[];
  executed: 'real' | 'modelled';
  rows?: Record<string, unknown>[];
  /** The application forgot this write's copy (syncBugRate). */
  copyForgotten: boolean;
  /** newOrder: its lines. changePrice: how much the price rises, in cents. */
  lines: OrderLine[];
  priceStepCents: number;
}

/** One line of a new order. */
export interface OrderLine {
  product: number;
  quantity: number;
}

export function arrivingRequest(id: number, kind: RequestKind, customer: number, product: number, now: number, draws: { lines: OrderLine[]; priceStepCents: number }): DenormRequest {
  return {
    id,
    kind,
    customer,
    product,
    arrivedAt: now,
    phase: 'out',
    legs: 0,
    phaseStart: now,
    phaseEnd: now,
    endedAt: NaN,
    steps: [],
    stalenessMs: 0,
    lockWaitMs: 0,
    sql: '',
    params: [],
    executed: 'modelled',
    copyForgotten: false,
    lines: draws.lines,
    priceStepCents: draws.priceStepCents,
  };
}
