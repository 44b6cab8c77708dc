import type { Environment, ProcessGenerator } from '../engine';

/** A node as its health checks see it: whether it really answers, and what the router believes. */
export interface CheckedNode {
  readonly id: string;
  /** Really running; the checks are how the router learns it. */
  readonly up: boolean;
  /** A retired node (an old primary after a failover) is out of the cluster and no longer probed. */
  readonly role: string;
  /** What the router believes. */
  routerUp: boolean;
  /** Consecutive failed probes. */
  failedChecks: number;
}

/** How often to probe, and how many failures in a row mark a node down (read at each round, so they may change live). */
export interface HealthCheckSettings {
  everyMs(): number;
  failuresToMarkDown(): number;
}

/** What the checks found out, as they find it. */
export interface HealthCheckListener<N extends CheckedNode> {
  /** A node the router had marked down answered again. */
  markedUp(node: N): void;
  /** A node failed `failuresToMarkDown` probes in a row: the router stops sending it anything. */
  markedDown(node: N): void;
}

/**
 * A router's health checks: every `everyMs` it probes each node in order. A probe that succeeds
 * clears the failure count (and marks a node that was down up again); after `failuresToMarkDown`
 * failures in a row the node is marked down. Until then, requests routed to a dead node fail:
 * detection takes between (failures − 1) and failures check intervals.
 */
export class HealthChecks<N extends CheckedNode> {
  constructor(
    private readonly env: Environment,
    private readonly nodes: readonly N[],
    private readonly settings: HealthCheckSettings,
    private readonly listener: HealthCheckListener<N>,
  ) {}

  /** Spawn the checking process (call once, from the model's `start`). */
  start(): void {
    this.env.process(this.run(), 'health-checks');
  }

  private *run(): ProcessGenerator<void> {
    for (;;) {
      yield this.env.timeout(this.settings.everyMs());
      for (const n of this.nodes) this.probe(n);
    }
  }

  private probe(n: N): void {
    if (n.role === 'retired') return;
    if (n.up) {
      n.failedChecks = 0;
      if (!n.routerUp) {
        n.routerUp = true;
        this.listener.markedUp(n);
      }
      return;
    }
    n.failedChecks++;
    if (n.routerUp && n.failedChecks >= this.settings.failuresToMarkDown()) {
      n.routerUp = false;
      this.listener.markedDown(n);
    }
  }
}
