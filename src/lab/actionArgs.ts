import type { AnyLab } from './defineLab';
import type { ActionArgSpec, NodeSpec } from './labDefinition';
import { describeFound } from './describeValue';
import type { ParamValues } from './params';

/**
 * A lab action's whole-number argument, checked: the value, or an Error naming the action, the
 * argument, the range and what was found (scripted actions and buttons report it as is).
 */
export function wholeNumberArg(action: string, args: Record<string, unknown>, key: string, max: number): number {
  const value = args[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${action}: expected "${key}" to be a whole number from 1 to ${max}, found ${JSON.stringify(value)}`);
  }
  return value;
}

function describeArg(spec: ActionArgSpec, nodes: readonly NodeSpec[]): string {
  switch (spec.kind) {
    case 'integer':
      return `a whole number from ${spec.min} to ${spec.max}`;
    case 'number':
      return `a number from ${spec.min} to ${spec.max}`;
    case 'node': {
      const ids = nodes.filter((n) => spec.roles === undefined || spec.roles.includes(n.role)).map((n) => JSON.stringify(n.id));
      return ids.length > 0 ? `one of ${ids.join(', ')}` : 'a node (this cluster has none that fits)';
    }
  }
}

function argOk(spec: ActionArgSpec, value: unknown, nodes: readonly NodeSpec[]): boolean {
  switch (spec.kind) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= spec.min && value <= spec.max;
    case 'node':
      return typeof value === 'string' && nodes.some((n) => n.id === value && (spec.roles === undefined || spec.roles.includes(n.role)));
  }
}

/**
 * Check an action and its arguments for a lab with these parameters: null if it may run, else
 * one line naming the action, the argument, what was expected and what was found. Labs that
 * declare no `args` for an action accept any plain arguments.
 */
export function checkActionArgs(lab: AnyLab, name: string, args: Record<string, unknown>, params: ParamValues): string | null {
  const action = lab.actions?.find((a) => a.name === name);
  if (action === undefined) {
    const known = (lab.actions ?? []).map((a) => JSON.stringify(a.name));
    return `${lab.title} has no action ${describeFound(name)}${known.length > 0 ? ` (its actions: ${known.join(', ')})` : ''}`;
  }
  if (action.args === undefined) return null;
  const nodes: readonly NodeSpec[] = lab.cluster?.(params) ?? [{ id: 'primary', role: 'primary' }];
  for (const key of Object.keys(args)) {
    if (!Object.hasOwn(action.args, key)) {
      const known = Object.keys(action.args);
      return `${name}: unknown argument ${describeFound(key)}${known.length > 0 ? `; its arguments are ${known.join(', ')}` : '; it takes none'}`;
    }
  }
  for (const [key, spec] of Object.entries(action.args)) {
    const value = Object.hasOwn(args, key) ? args[key] : undefined;
    if (value === undefined && spec.optional) continue;
    if (!argOk(spec, value, nodes)) return `${name}: expected "${key}" to be ${describeArg(spec, nodes)}, found ${describeFound(value)}`;
  }
  return null;
}
