/**
 * How many statements a lab really executes in PGlite per simulated second; the rest are only
 * modelled. The decision depends on simulated time alone, so a run takes the same decisions on any
 * machine, and since a modelled statement yields the same event with no work the metrics are the
 * same whether or not a database is attached (DESIGN.md §3).
 */
export class RealStatementBudget {
  private second = -1;
  private usedThisSecond = 0;

  constructor(readonly perSecond: number) {}

  /** Whether a statement issued at simulated time `nowMs` runs for real (and counts against the budget). */
  take(nowMs: number): boolean {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.second) {
      this.second = second;
      this.usedThisSecond = 0;
    }
    if (this.usedThisSecond >= this.perSecond) return false;
    this.usedThisSecond++;
    return true;
  }
}
