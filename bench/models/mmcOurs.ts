import { Environment, Resource, Rng, type ProcessGenerator } from '../../src/engine/index';
import { meanInterarrival, WaitStats, type MmcParams, type MmcResult } from './mmc';

/** M/M/c in our engine, written the way a lab would write it: one generator process per customer. */
export function runMmcOurs(p: MmcParams): MmcResult {
  const env = new Environment();
  const server = new Resource(env, p.servers);
  const rng = new Rng(p.seed);
  const arrivalRng = rng.fork('arrivals');
  const svcRng = rng.fork('service');
  const meanService = p.meanService;
  const meanGap = meanInterarrival(p);
  const waits = new WaitStats(p.customers);
  let completed = 0;

  function* customer(): ProcessGenerator<void> {
    const req = server.request();
    yield req;
    waits.add(env.now - req.requestedAt);
    yield env.timeout(svcRng.exponential(meanService));
    server.release(req);
    completed++;
  }

  function* source(): ProcessGenerator<void> {
    for (let i = 0; i < p.customers; i++) {
      env.process(customer());
      yield env.timeout(arrivalRng.exponential(meanGap));
    }
  }

  env.process(source());
  env.run();
  return waits.result(completed, env.now);
}
