/**
 * A small but busy queueing model for the engine's own property and regression tests: it
 * uses every kernel feature at once (processes, timeouts, a resource with request timeouts,
 * interrupts, `anyOf` races with cancellation, a store, joins), and keeps the books a test
 * can check (conservation, resource accounting, clock monotonicity).
 */
import { Environment } from '../environment';
import { Interrupt, RequestTimeout } from '../errors';
import type { Process, ProcessGenerator } from '../process';
import { Resource } from '../resource';
import { Rng } from '../rng';
import { Store } from '../store';
import { Trace } from '../trace';

/** Parameters of {@link buildQueueModel}; all times in the same (arbitrary) unit. */
export interface QueueModelParams {
  /** Seed of the model's Rng (arrivals, service and chaos are forks of it). */
  seed: number;
  /** Servers (units of the resource). */
  servers: number;
  /** Customers that arrive, then arrivals stop. */
  customers: number;
  /** Mean of the exponential inter-arrival time. */
  meanInterarrival: number;
  /** Mean of the exponential service time. */
  meanService: number;
  /** Request timeout (patience); 0 waits forever. */
  patience: number;
  /** Deadline raced against service with `anyOf`; 0 for no race. */
  deadline: number;
  /** Mean time between interrupts of a random live customer; 0 for none. */
  meanInterruptGap: number;
}

/** What {@link buildQueueModel} returns: the environment to run and the books to check. */
export interface QueueModel {
  /** The environment to run. */
  env: Environment;
  /** Everything the customers and the sink logged. */
  trace: Trace;
  /** The servers. */
  resource: Resource;
  /** Counters kept by the model itself. */
  stats: { arrived: number; completed: number; timedOut: number; interrupted: number; missedDeadline: number };
  /** Customers who arrived (started) and have no outcome yet. */
  active: () => number;
  /** Customers holding a granted unit right now (counted by the model, not the resource). */
  holding: () => number;
  /** Customers waiting for a unit right now (counted by the model). */
  waiting: () => number;
  /** Problems seen during the run: a clock going backwards, a timeout firing at the wrong time. */
  violations: string[];
}

/** Build (but do not run) the model. Deterministic: a pure function of `params`. */
export function buildQueueModel(params: QueueModelParams): QueueModel {
  const trace = new Trace();
  const env = new Environment({ trace });
  const rng = new Rng(params.seed);
  const arrivalRng = rng.fork('arrivals');
  const serviceRng = rng.fork('service');
  const chaosRng = rng.fork('chaos');
  const resource = new Resource(env, params.servers);
  const stats = { arrived: 0, completed: 0, timedOut: 0, interrupted: 0, missedDeadline: 0 };
  /** Customers between their arrival and their outcome: the ones chaos may interrupt. */
  const active = new Set<Process<unknown>>();
  const customers: Process<unknown>[] = [];
  let created = 0;
  let holding = 0;
  let waiting = 0;
  let lastNow = env.now;
  const violations: string[] = [];
  const departures = new Store<number>(env);

  function tick(where: string): void {
    if (env.now < lastNow) violations.push(`${where}: clock went back from ${lastNow} to ${env.now}`);
    lastNow = env.now;
  }

  /** Yield a timeout and check it fired exactly `delay` later. */
  function* sleep(delay: number, who: string): ProcessGenerator<void> {
    const start = env.now;
    yield env.timeout(delay);
    if (env.now !== start + delay) violations.push(`${who}: timeout of ${delay} from ${start} fired at ${env.now}`);
    tick(who);
  }

  function* customer(id: number): ProcessGenerator<string> {
    const name = `c${id}`;
    const self = customers[id]!;
    stats.arrived++;
    active.add(self);
    env.log(name, 'arrive');
    const request = resource.request({ timeout: params.patience });
    let granted = false;
    waiting++;
    try {
      try {
        yield request;
      } finally {
        waiting--;
      }
      granted = true;
      holding++;
      tick(name);
      env.log(name, 'start', { waited: request.waited });
      const service = serviceRng.exponential(params.meanService);
      if (params.deadline > 0) {
        const done = env.timeout(service, 'done');
        const deadline = env.timeout(params.deadline, 'deadline');
        const first = (yield env.anyOf([done, deadline])) as Map<unknown, unknown>;
        tick(name);
        if (!first.has(done)) {
          done.cancel();
          active.delete(self);
          stats.missedDeadline++;
          env.log(name, 'deadline');
          return 'deadline';
        }
        deadline.cancel();
      } else {
        yield* sleep(service, name);
      }
      active.delete(self);
      stats.completed++;
      env.log(name, 'done');
      return 'done';
    } catch (error) {
      tick(name);
      active.delete(self);
      if (error instanceof RequestTimeout) {
        stats.timedOut++;
        env.log(name, 'timeout');
        return 'timeout';
      }
      if (error instanceof Interrupt) {
        stats.interrupted++;
        env.log(name, 'interrupted', { cause: error.cause as string });
        return 'interrupted';
      }
      throw error;
    } finally {
      if (granted) holding--;
      request.cancel(); // releases a granted unit, withdraws a waiting request
      yield departures.put(id);
    }
  }

  function* source(): ProcessGenerator<void> {
    for (let id = 0; id < params.customers; id++) {
      yield* sleep(arrivalRng.exponential(params.meanInterarrival), 'source');
      created++;
      customers.push(env.process(customer(id), `c${id}`));
    }
  }

  function* chaos(): ProcessGenerator<void> {
    while (created < params.customers || active.size > 0) {
      yield* sleep(chaosRng.exponential(params.meanInterruptGap), 'chaos');
      // A set iterates in insertion order, so the choice is deterministic.
      if (active.size > 0) chaosRng.pick([...active]).interrupt(`chaos@${env.now}`);
    }
  }

  function* sink(): ProcessGenerator<void> {
    for (let n = 0; n < params.customers; n++) {
      const id: number = yield departures.get();
      tick('sink');
      const outcome: string = yield customers[id]!; // join the (finishing) customer
      env.log('sink', 'left', { id, outcome });
    }
    // Wait for everyone with allOf too (all processed already: succeeds at once).
    yield env.allOf(customers);
    env.log('sink', 'all gone');
  }

  env.process(source(), 'source');
  env.process(sink(), 'sink');
  if (params.meanInterruptGap > 0) env.process(chaos(), 'chaos');

  return {
    env,
    trace,
    resource,
    stats,
    active: () => active.size,
    holding: () => holding,
    waiting: () => waiting,
    violations,
  };
}

/** A 32-bit FNV-1a fingerprint of a string, in hex: a compact regression check on a long trace. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
