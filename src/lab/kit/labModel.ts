import type { Environment } from '../../engine';
import type { LabModel, RequestDetail } from '../labDefinition';
import type { ChartData, HeadlineFigure, MetricTree, Particle, Topology } from '../snapshot';
import type { LiveParams } from './liveParams';
import { labSnapshot } from './snapshot';

/** A lab's world: its state and processes, as its model.ts builds them. */
export interface LabWorld<P extends object> {
  readonly params: LiveParams<P>;
  /** Spawn the processes (once, at time 0). */
  start(): void;
  /** Forget the statistics gathered so far (end of the warm-up). */
  resetStatistics(): void;
}

/** What the screen and the CLI show of a world: its project.ts, as plain functions of it. */
export interface LabProjection<W, D, M extends MetricTree = MetricTree> {
  metrics(world: W): M;
  topology(world: W): Topology;
  particles(world: W): Particle[];
  charts(world: W): ChartData[];
  headline(world: W, metrics: M): HeadlineFigure[];
  /** The lab's own detail for its view; it may reuse the metrics of the same snapshot. */
  detail?(world: W, metrics: M): D;
}

/** What a lab adds to its world and projection: its actions and its request stories. */
export interface LabModelExtras {
  action?(name: string, args: Record<string, unknown>): void;
  inspect?(requestId: number): RequestDetail | null;
}

/**
 * The {@link LabModel} every lab returns, from its world and its projection: the runner's calls
 * go to the world, each snapshot is the projection of the world now. A lab's `create` is one call.
 */
export function labModel<P extends object, W extends LabWorld<P>, D, M extends MetricTree>(
  env: Environment,
  world: W,
  projection: LabProjection<W, D, M>,
  extras: LabModelExtras = {},
): LabModel<P, D> {
  return {
    start: () => world.start(),
    setParam: (key, value) => world.params.set(key, value),
    resetStatistics: () => world.resetStatistics(),
    metrics: () => projection.metrics(world),
    snapshot(logSince) {
      const metrics = projection.metrics(world);
      return labSnapshot<D>(env, logSince, {
        topology: projection.topology(world),
        particles: projection.particles(world),
        charts: projection.charts(world),
        metrics,
        headline: projection.headline(world, metrics),
        ...(projection.detail ? { detail: projection.detail(world, metrics) } : {}),
      });
    },
    ...extras,
  };
}
