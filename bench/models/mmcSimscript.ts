import { Entity, Exponential, Queue, Simulation } from 'simscript';
import { meanInterarrival, WaitStats, type MmcParams, type MmcResult } from './mmc';

/**
 * The identical M/M/c model in SimScript (npm `simscript`), the baseline: async/await entities,
 * a capacity-c Queue as the server pool, an entity generator with exponential gaps, seeded
 * random variables. Arrivals start at time 0 (startTime 0 skips SimScript's default half-gap
 * offset), as in our model.
 */
class MmcSimulation extends Simulation {
  readonly server: Queue;
  readonly service: Exponential;
  readonly waits: WaitStats;
  completed = 0;
  private readonly resolveDone: () => void;

  constructor(
    readonly params: MmcParams,
    resolveDone: () => void,
  ) {
    super();
    // SimScript yields to requestAnimationFrame every 250 ms of wall time; Node has no such
    // thing and a benchmark does not need to yield, so never yield.
    this.yieldInterval = Infinity;
    this.server = new Queue('server', params.servers);
    this.service = new Exponential(params.meanService, params.seed * 2 + 1);
    this.waits = new WaitStats(params.customers);
    this.resolveDone = resolveDone;
  }

  override onStarting(): void {
    super.onStarting();
    const gaps = new Exponential(meanInterarrival(this.params), this.params.seed * 2);
    this.generateEntities(Customer, gaps, this.params.customers, 0);
  }

  override onFinished(): void {
    super.onFinished();
    this.resolveDone();
  }
}

class Customer extends Entity<MmcSimulation> {
  override async script(): Promise<void> {
    const sim = this.simulation;
    const arrived = sim.timeNow;
    await this.enterQueue(sim.server);
    sim.waits.add(sim.timeNow - arrived);
    await this.delay(sim.service.sample());
    this.leaveQueue(sim.server);
    sim.completed++;
  }
}

export async function runMmcSimscript(p: MmcParams): Promise<MmcResult> {
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const sim = new MmcSimulation(p, resolveDone);
  await sim.start();
  await done;
  return sim.waits.result(sim.completed, sim.timeNow);
}
