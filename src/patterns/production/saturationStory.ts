import type { Saturation, SweepStep } from './saturationSweep';
import { AMBER, SATURATED, type StackPart } from './utilization';

/** A part as the panel names it (`pooling` off: the database's own connections). */
export function partName(part: StackPart, pooling: boolean): string {
  if (part === 'pool') return pooling ? 'the connection pool' : 'the database connections';
  return { primaryCpu: "the primary's CPU", replicaCpu: "the replicas' CPU", cache: 'the cache' }[part];
}

/** A rate as the panel says it: three significant digits, thousands separated. */
export function rate(perS: number): string {
  return Number(perS.toPrecision(3)).toLocaleString('en-US');
}

/** A multiple of the load: one decimal below 10×, whole above. */
export function times(multiple: number): string {
  return multiple < 10 ? `${multiple.toFixed(1).replace(/\.0$/, '')}×` : `${Math.round(multiple)}×`;
}

const percent = (u: number) => `${Math.round(u * 100)} %`;
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The point of the sweep the story is told at: where the part saturates, or the highest load swept. */
export function tellingStep(sat: Saturation): SweepStep {
  return sat.steps.find((s) => s.utilization[sat.part] >= SATURATED) ?? sat.steps[sat.steps.length - 1]!;
}

/** Which part breaks first and at what load, in one sentence. */
export function saturationHeadline(sat: Saturation, pooling: boolean, baseRate: number): string {
  const name = partName(sat.part, pooling);
  if (sat.withinSweep && sat.atMultiple <= 1) return `${capital(name)} is saturated already at today's load (${rate(baseRate)} req/s).`;
  if (sat.withinSweep) return `${capital(name)} saturates first, at ~${rate(sat.atPerS)} req/s (${times(sat.atMultiple)} today's load).`;
  const most = sat.steps[sat.steps.length - 1]!;
  return `Nothing saturates up to ${times(most.multiple)} today's load (${rate(most.arrivalRatePerS)} req/s); ${name} comes closest and would at ~${rate(sat.atPerS)} req/s (${times(sat.atMultiple)}).`;
}

/** Why, from the parts' utilization at the telling point: a pool runs dry when queries hold their connections longer. */
export function saturationWhy(sat: Saturation, pooling: boolean): string {
  const step = tellingStep(sat);
  const u = step.utilization;
  const at = `At ${rate(step.arrivalRatePerS)} req/s`;
  if (sat.part === 'pool') {
    const cpus = (['replicaCpu', 'primaryCpu'] as const).filter((k) => u[k] >= AMBER);
    const held = pooling ? 'its connections are' : 'the database connections are';
    if (cpus.length === 0) return `${at} ${held} ${percent(u.pool)} in use while the CPUs have room: too few connections for this load.`;
    const cpu = cpus.reduce((a, b) => (u[b] > u[a] ? b : a));
    return `${at} ${held} ${percent(u.pool)} in use because ${partName(cpu, pooling)} is ${percent(u[cpu])} busy: each query waits for a core and holds its connection longer.`;
  }
  if (sat.part === 'cache') return `${at} the cache server is ${percent(u.cache)} busy: every read and invalidation is one of its operations.`;
  const where = sat.part === 'primaryCpu' ? 'the primary' : 'the replicas';
  const behind = u.pool >= AMBER ? `, so each query holds its connection longer and ${partName('pool', pooling)} is ${percent(u.pool)} in use behind them` : '';
  return `${at} the cores of ${where} are ${percent(u[sat.part])} busy: statements queue for a core${behind}.`;
}
