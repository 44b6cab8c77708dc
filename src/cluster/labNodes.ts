import type { AnyLab } from '../lab/defineLab';
import type { NodeSpec } from '../lab/labDefinition';
import type { ParamValues } from '../lab/params';

/** A lab's cluster when it asks for nothing else: one primary. */
export const PRIMARY_ONLY: readonly NodeSpec[] = [{ id: 'primary', role: 'primary' }];

/** The nodes a lab's cluster boots for these parameters. */
export function labNodes(lab: AnyLab, params: ParamValues): readonly NodeSpec[] {
  return lab.cluster?.(params) ?? PRIMARY_ONLY;
}
