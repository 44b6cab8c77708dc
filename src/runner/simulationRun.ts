import { Environment, Rng, Trace, type RunStatus, type SimEvent } from '../engine';
import type { LabModel, SqlBackend } from '../lab/labDefinition';
import { checkParam, type ParamValues } from '../lab/params';
import { checkActionArgs } from '../lab/actionArgs';
import type { LabSnapshot, MetricTree } from '../lab/snapshot';
import { evaluateExpectations, type ExpectationResult } from '../scenario/expectations';
import type { LoadedScenario } from '../scenario/parseScenario';

/** Options for a run. */
export interface RunSetup {
  /** Real SQL backend, or null to run model-only. */
  sql?: SqlBackend | null;
  /** Keep a trace of at most this many entries (0: no trace). Default 2000. */
  traceLimit?: number;
}

/**
 * One run of one scenario: the engine, the lab model, the scripted events, warm-up and the end
 * of the run. Everything the runner, the CLI and the test hook share; nothing here knows
 * about wall time, so the same calls give the same numbers everywhere.
 */
export class SimulationRun {
  readonly env: Environment;
  /** Timers of scripted events (scenario events and replayed edits). */
  private readonly scriptedTimers = new Set<SimEvent>();
  readonly model: LabModel;
  readonly durationMs: number;
  private logCursor = 0;
  /** The parameters in force: replaced (never mutated) when one changes, so a copy posted to the page stays true. */
  private inForce: ParamValues;

  constructor(
    readonly loaded: LoadedScenario,
    setup: RunSetup = {},
  ) {
    const { scenario, lab, params } = loaded;
    this.inForce = { ...params };
    const traceLimit = setup.traceLimit ?? 2000;
    this.env = new Environment({ trace: traceLimit > 0 ? new Trace(traceLimit) : undefined });
    this.durationMs = scenario.durationS * 1000;
    const warmupMs = scenario.warmupS * 1000;
    this.model = lab.create({
      env: this.env,
      rng: new Rng(scenario.seed),
      params: { ...params },
      durationMs: this.durationMs,
      warmupMs,
      sql: setup.sql ?? null,
    });
    this.model.start();
    if (warmupMs > 0) this.env.timeout(warmupMs).callbacks!.push(() => this.model.resetStatistics());
    for (const event of scenario.events) {
      this.at(event.atS * 1000, () => {
        if (event.set) {
          for (const [key, value] of Object.entries(event.set)) this.model.setParam(key, value);
          this.inForce = { ...this.inForce, ...event.set };
        }
        let refused: string | null = null;
        try {
          if (event.action) this.model.action?.(event.action, event.args ?? {});
        } catch (error) {
          // A scripted action the model refuses (bad arguments) is reported in the log; the run goes on.
          refused = (error as Error).message;
        }
        const data = { ...(event.set ?? event.args ?? {}), ...(event.note ? { note: event.note } : {}), ...(refused !== null ? { refused } : {}) };
        this.env.log('scenario', event.action ?? 'set', data);
      });
    }
  }

  /** The parameters in force now: start values with every scripted and live change applied. */
  get params(): ParamValues {
    return this.inForce;
  }

  /** Simulated time now, ms. */
  get now(): number {
    return this.env.now;
  }

  /** True once the run has reached its duration. */
  get finished(): boolean {
    return this.env.now >= this.durationMs;
  }

  /** Advance to `ms` (clamped to the duration). Returns 'blocked' if external work must be awaited first. */
  advanceTo(ms: number, maxEvents?: number): RunStatus {
    const status = this.env.run({ until: Math.min(ms, this.durationMs), maxEvents });
    if (status === 'until') this.runScriptedDueNow();
    return status;
  }

  /**
   * A run stops before the events at its stop time, but a scripted change due exactly then (a
   * learner's edit made while paused at t, replayed by a seek or a reload to t) belongs to the
   * state at t, as it did when it was made. Scripted timers are created first, so among events at
   * one instant they come first: running them here keeps the order an unpaused run would have.
   */
  private runScriptedDueNow(): void {
    for (;;) {
      const next = this.env.peekEvent();
      if (next === undefined || this.env.peek() !== this.env.now || !this.scriptedTimers.has(next)) return;
      this.env.step();
    }
  }

  /** Advance to `ms`, awaiting external work (real SQL) whenever the kernel blocks on it. */
  async advanceToAsync(ms: number): Promise<void> {
    for (;;) {
      const status = this.advanceTo(ms);
      if (status !== 'blocked') return;
      await this.env.settleExternal();
    }
  }

  /** Run to the end (awaiting external work). */
  async runToEnd(): Promise<MetricTree> {
    await this.advanceToAsync(this.durationMs);
    return this.model.metrics();
  }

  /** Process one event; false at the end of the run or when blocked on external work. */
  stepEvent(): boolean {
    if (this.env.peek() >= this.durationMs) return false;
    return this.env.step();
  }

  /** Process every event of the next instant; false at the end of the run or when blocked. */
  stepInstant(): boolean {
    if (this.env.peek() >= this.durationMs) return false;
    return this.env.stepInstant();
  }

  /** Change a parameter mid-run, validated against its spec; returns an error message or null. */
  setParam(key: string, raw: unknown): string | null {
    const spec = this.loaded.lab.params.find((p) => p.key === key);
    if (spec === undefined) return `unknown parameter "${key}"`;
    if (!spec.live) return `${spec.label} cannot change during a run; reset to apply it`;
    const checked = checkParam(spec, raw);
    if (!checked.ok) return `${spec.label}: ${checked.message}`;
    const next = { ...this.inForce, [key]: checked.value };
    const cross = this.loaded.lab.crossCheck?.(next) ?? [];
    if (cross.length > 0) return cross.map((c) => `${c.key}: ${c.message}`).join('; ');
    this.loaded.params[key] = checked.value;
    this.inForce = next;
    this.model.setParam(key, checked.value);
    return null;
  }

  /** Run a lab action now (a button in the app), as a scripted event would; returns an error message or null. */
  runAction(name: string, args: Record<string, unknown>): string | null {
    const lab = this.loaded.lab;
    if (this.model.action === undefined) return `${lab.title} has no action "${name}"`;
    const refused = checkActionArgs(lab, name, args, this.inForce);
    if (refused !== null) return refused;
    try {
      this.model.action(name, args);
    } catch (error) {
      return (error as Error).message;
    }
    this.env.log('app', name, args);
    return null;
  }

  metrics(): MetricTree {
    return this.model.metrics();
  }

  /** The screen's view of the run; the event log holds what happened since the last snapshot. */
  snapshot(): LabSnapshot {
    const snap = this.model.snapshot(this.logCursor);
    this.logCursor = this.env.trace?.total ?? 0;
    return snap;
  }

  /** The scenario's expectations checked against the metrics now. */
  expectations(): ExpectationResult[] {
    return evaluateExpectations(this.loaded.scenario.expectations, this.model.metrics());
  }

  private at(ms: number, fn: () => void): void {
    const timer = this.env.timeout(ms);
    timer.callbacks!.push(fn);
    this.scriptedTimers.add(timer);
  }
}
