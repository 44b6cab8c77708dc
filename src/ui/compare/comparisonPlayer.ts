import type { LabSnapshot } from '../../lab/snapshot';
import { issuesToText, parseScenario, type LoadedScenario } from '../../scenario/parseScenario';
import type { Scenario } from '../../scenario/schema';
import { SimulationRun } from '../../runner/simulationRun';

/** What the comparison page shows of the two runs at one instant. */
export interface ComparisonState {
  playing: boolean;
  speed: number;
  /** Simulated ms both runs stand at (the slower one's, while playing). */
  now: number;
  durationMs: number;
  finished: boolean;
  a: LabSnapshot | null;
  b: LabSnapshot | null;
  /** Each run's own clock (equal whenever paused: the runs are driven in step). */
  tA: number;
  tB: number;
}

/** How the player gets its frames: the browser's animation frames, or a test's clock. */
export interface FrameSource {
  now(): number;
  request(fn: () => void): void;
}

/** Wall ms of simulation work per frame: the page stays responsive at any speed. */
const BUDGET_MS = 12;
const EVENTS_PER_CHECK = 500;

/**
 * Two model-only runs of the same scenario and seed (A and B), driven by one clock on the page's
 * thread: each frame advances both to the same simulated time, so they are always in step. Runs
 * without real SQL keep the page's simulation worker (and its PostgreSQL) free for the lab page;
 * their metrics equal a real-SQL run's wherever that is tested (DESIGN.md §3).
 */
export class ComparisonPlayer {
  private runs: [SimulationRun, SimulationRun];
  private state: ComparisonState;
  private readonly listeners = new Set<() => void>();
  private lastWall: number | null = null;
  private ticking = false;
  private busy = false;

  constructor(
    private readonly loaded: [LoadedScenario, LoadedScenario],
    private readonly frames: FrameSource,
    speed = 1,
  ) {
    this.runs = this.freshRuns();
    this.state = { playing: false, speed, now: 0, durationMs: this.runs[0].durationMs, finished: false, a: null, b: null, tA: 0, tB: 0 };
    this.publish();
  }

  /** Validate both scenarios; the issues of either as text, or the player. */
  static create(a: Scenario, b: Scenario, frames: FrameSource, speed = 1): ComparisonPlayer | string {
    const pa = parseScenario(a);
    const pb = parseScenario(b);
    if (!pa.ok) return `A: ${issuesToText(pa.issues, '; ')}`;
    if (!pb.ok) return `B: ${issuesToText(pb.issues, '; ')}`;
    return new ComparisonPlayer([pa.value, pb.value], frames, speed);
  }

  private freshRuns(): [SimulationRun, SimulationRun] {
    // parseScenario hands out params the run may update: each run gets its own copy.
    const copy = (l: LoadedScenario): LoadedScenario => ({ ...l, params: { ...l.params } });
    return [new SimulationRun(copy(this.loaded[0]), { traceLimit: 0 }), new SimulationRun(copy(this.loaded[1]), { traceLimit: 0 })];
  }

  get current(): ComparisonState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  play(): void {
    if (this.state.finished || this.state.playing) return;
    this.lastWall = null;
    this.patch({ playing: true });
    this.schedule();
  }

  pause(): void {
    this.patch({ playing: false });
    void this.align();
  }

  toggle(): void {
    if (this.state.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    this.patch({ speed });
  }

  /** Both runs back to 0 s (same seed: they replay exactly). */
  reset(): void {
    this.runs = this.freshRuns();
    this.state = { ...this.state, playing: false, now: 0, finished: false };
    this.publish();
  }

  /** Run both to `ms` (the test hook and "to the end"), then show them there. */
  async runTo(ms: number): Promise<void> {
    this.patch({ playing: false });
    await Promise.all(this.runs.map((r) => r.advanceToAsync(ms)));
    this.publish();
  }

  private schedule(): void {
    if (this.ticking) return;
    this.ticking = true;
    this.frames.request(() => {
      this.ticking = false;
      void this.tick();
    });
  }

  private async tick(): Promise<void> {
    if (!this.state.playing || this.busy) return;
    this.busy = true;
    try {
      const wall = this.frames.now();
      const dt = this.lastWall === null ? 0 : Math.min(wall - this.lastWall, 250);
      this.lastWall = wall;
      const target = Math.min(this.state.now + dt * this.state.speed, this.runs[0].durationMs);
      const deadline = wall + BUDGET_MS;
      for (const run of this.runs) {
        while (run.now < target && this.frames.now() < deadline) {
          const status = run.advanceTo(target, EVENTS_PER_CHECK);
          if (status === 'blocked') await run.env.settleExternal();
          else if (status !== 'budget') break;
        }
      }
    } finally {
      this.busy = false;
    }
    this.publish();
    if (this.state.finished) this.patch({ playing: false });
    if (this.state.playing) this.schedule();
  }

  /** A paused pair stands at one instant: the one behind catches up with the other. */
  private async align(): Promise<void> {
    while (this.busy) await new Promise((r) => setTimeout(r, 5));
    const t = Math.max(this.runs[0].now, this.runs[1].now);
    await Promise.all(this.runs.map((r) => r.advanceToAsync(t)));
    this.publish();
  }

  private patch(part: Partial<ComparisonState>): void {
    this.state = { ...this.state, ...part };
    for (const l of this.listeners) l();
  }

  private publish(): void {
    const [ra, rb] = this.runs;
    const now = Math.min(ra.now, rb.now);
    this.patch({ a: ra.snapshot(), b: rb.snapshot(), tA: ra.now, tB: rb.now, now, finished: ra.finished && rb.finished });
  }
}
