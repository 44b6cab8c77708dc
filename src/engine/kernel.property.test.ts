import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Environment } from './environment';
import { Interrupt } from './errors';
import type { Timeout } from './event';
import type { Process, ProcessGenerator } from './process';
import { Rng } from './rng';
import { buildQueueModel, type QueueModel, type QueueModelParams } from './testing/queueModel';

/** Small random queue models: few servers, short runs, every feature switched on or off at random. */
const queueParams: fc.Arbitrary<QueueModelParams> = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  servers: fc.integer({ min: 1, max: 4 }),
  customers: fc.integer({ min: 0, max: 60 }),
  meanInterarrival: fc.double({ min: 0.05, max: 3, noNaN: true }),
  meanService: fc.double({ min: 0.05, max: 5, noNaN: true }),
  patience: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 5, noNaN: true })),
  deadline: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 8, noNaN: true })),
  meanInterruptGap: fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 10, noNaN: true })),
});

/** Check the books at a quiet instant (no other event pending at the current time). */
function checkBooks(m: QueueModel): void {
  const s = m.stats;
  const finished = s.completed + s.timedOut + s.interrupted + s.missedDeadline;
  // Conservation: every arrival is finished or still in flight, and in flight means waiting or holding.
  expect(s.arrived).toBe(finished + m.active());
  expect(m.active()).toBe(m.waiting() + m.holding());
  // The resource agrees with the model about who holds and who waits.
  expect(m.resource.inUse).toBe(m.holding());
  expect(m.resource.waiting).toBe(m.waiting());
  expect(m.resource.inUse).toBeLessThanOrEqual(m.resource.capacity);
}

describe('kernel properties', () => {
  it('conservation holds for random M/M/c runs with timeouts, deadlines and interrupts (fast-check seed 42)', () => {
    fc.assert(
      fc.property(queueParams, fc.double({ min: 0.05, max: 2, noNaN: true }), (params, monitorGap) => {
        const m = buildQueueModel(params);
        const env = m.env;
        // A monitor checks the books at random instants while the model runs.
        const monitorRng = new Rng(params.seed).fork('monitor');
        let checks = 0;
        env.process(
          (function* (): ProcessGenerator<void> {
            while (m.stats.arrived < params.customers || m.active() > 0) {
              yield env.timeout(monitorRng.exponential(monitorGap));
              if (env.peek() > env.now) {
                checkBooks(m);
                checks++;
              }
            }
          })(),
          'monitor',
        );
        expect(env.run()).toBe('idle');
        // At the end everyone is accounted for and everything is given back.
        checkBooks(m);
        const s = m.stats;
        expect(s.arrived).toBe(params.customers);
        expect(s.completed + s.timedOut + s.interrupted + s.missedDeadline).toBe(params.customers);
        expect([m.resource.inUse, m.resource.waiting, m.active()]).toEqual([0, 0, 0]);
        if (params.patience === 0) expect(s.timedOut).toBe(0);
        if (params.deadline === 0) expect(s.missedDeadline).toBe(0);
        if (params.meanInterruptGap === 0) expect(s.interrupted).toBe(0);
        expect(m.violations).toEqual([]);
        expect(checks).toBeGreaterThanOrEqual(0);
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('the same seed gives an identical trace, also when run in slices (fast-check seed 7)', () => {
    fc.assert(
      fc.property(queueParams, fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { maxLength: 6 }), fc.integer({ min: 1, max: 50 }), (params, cuts, budget) => {
        const a = buildQueueModel(params);
        expect(a.env.run()).toBe('idle');
        // Same model, run in time slices, each slice in small event budgets.
        const b = buildQueueModel(params);
        let until = 0;
        for (const cut of cuts) {
          until += cut;
          while (b.env.run({ until, maxEvents: budget }) === 'budget');
        }
        while (b.env.run({ maxEvents: budget }) === 'budget');
        expect(b.trace.all()).toEqual(a.trace.all());
        expect(b.stats).toEqual(a.stats);
        expect(b.env.eventsProcessed).toBe(a.env.eventsProcessed);
        // Stopping at `until` may move the clock past the last event; otherwise the clocks agree.
        if (b.env.now === a.env.now) expect(b.env.now).toBe(a.env.now);
        else expect(b.env.now).toBe(until);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  /** One actor's script: sleep, race two timeouts, interrupt or cancel another actor's timer. */
  type Op =
    | { op: 'sleep'; d: number }
    | { op: 'race'; d1: number; d2: number }
    | { op: 'interrupt'; target: number }
    | { op: 'cancel'; target: number };
  const delay = fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 10, noNaN: true }));
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('sleep' as const), d: delay }),
    fc.record({ op: fc.constant('race' as const), d1: delay, d2: delay }),
    fc.record({ op: fc.constant('interrupt' as const), target: fc.nat(7) }),
    fc.record({ op: fc.constant('cancel' as const), target: fc.nat(7) }),
  );

  it('no event is ever processed in the past, and cancelled timeouts never fire (fast-check seed 1234)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 12 }), { minLength: 1, maxLength: 8 }), (scripts) => {
        const env = new Environment();
        const problems: string[] = [];
        const actors: Process<void>[] = [];
        const current: (Timeout | null)[] = scripts.map(() => null);
        const cancelled = new Set<Timeout>();

        /** A timeout whose callback checks it fires exactly on time and was not cancelled. */
        function timer(d: number): Timeout {
          const due = env.now + d;
          const t = env.timeout(d);
          t.addCallback(() => {
            if (env.now !== due) problems.push(`timer due ${due} fired at ${env.now}`);
            if (cancelled.has(t)) problems.push(`cancelled timer due ${due} fired`);
          });
          return t;
        }

        function* actor(i: number, script: Op[]): ProcessGenerator<void> {
          for (const step of script) {
            try {
              if (step.op === 'sleep') {
                const t = timer(step.d);
                current[i] = t;
                yield t;
              } else if (step.op === 'race') {
                const a = timer(step.d1);
                const b = timer(step.d2);
                current[i] = a;
                const done = (yield env.anyOf([a, b])) as Map<unknown, unknown>;
                for (const t of [a, b]) {
                  if (!done.has(t) && !t.processed) {
                    t.cancel();
                    cancelled.add(t);
                  }
                }
              } else if (step.op === 'interrupt') {
                const target = actors[step.target % actors.length]!;
                if (target !== actors[i] && target.isAlive) target.interrupt(`from ${i}`);
              } else {
                const t = current[step.target % current.length];
                if (t && !t.processed && !t.cancelled) {
                  t.cancel();
                  cancelled.add(t);
                }
              }
            } catch (error) {
              if (!(error instanceof Interrupt)) throw error;
            }
            current[i] = null;
          }
        }

        scripts.forEach((script, i) => actors.push(env.process(actor(i, script), `actor-${i}`)));
        let last = env.now;
        let steps = 0;
        while (env.step()) {
          if (env.now < last) problems.push(`clock went back from ${last} to ${env.now}`);
          last = env.now;
          if (++steps > 100_000) throw new Error('runaway');
        }
        expect(problems).toEqual([]);
        expect(env.peek()).toBe(Infinity);
      }),
      { seed: 1234, numRuns: 300 },
    );
  });
});
