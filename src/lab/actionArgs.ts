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
