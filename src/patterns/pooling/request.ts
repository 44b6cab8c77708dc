/**
 * One request, as plain numbers: it is created for every arrival, so its story is only put into
 * words when a learner inspects it (requestStory.ts); allocation here is the lab's main cost.
 */
export interface PoolingRequest {
  id: number;
  arrivedAt: number;
  phase: 'borrowing' | 'connecting' | 'querying' | 'done' | 'failed';
  phaseStart: number;
  phaseEnd: number;
  /** Borrowers ahead on arrival, or -1 when an idle connection was free. */
  aheadOnArrival: number;
  grantedAt: number;
  connectionId: number;
  queryStart: number;
  queryEnd: number;
  endedAt: number;
  leaked: boolean;
  failure?: string;
  params?: unknown[];
  executed?: 'real' | 'modelled';
  rows?: Record<string, unknown>[];
  sqlError?: string;
}

/** A request that has just arrived and is about to ask for a connection. */
export function arrivingRequest(id: number, now: number): PoolingRequest {
  return {
    id,
    arrivedAt: now,
    phase: 'borrowing',
    phaseStart: now,
    phaseEnd: now,
    aheadOnArrival: -1,
    grantedAt: NaN,
    connectionId: 0,
    queryStart: NaN,
    queryEnd: NaN,
    endedAt: NaN,
    leaked: false,
  };
}
