import type { LabDefinition } from './labDefinition';
import type { ParamSpec, ParamValuesOf } from './params';

/** What `defineLab` takes: a lab definition whose parameter specs give the types of its values. */
export type LabSpec<S extends readonly ParamSpec[], D> = Omit<LabDefinition<ParamValuesOf<S>, D>, 'params'> & { params: S };

/**
 * Declare a lab. The parameter values' type is inferred from the specs (declare them with
 * `defineParams`), so the model reads `params.poolMax` as a number and `params.strategy` as the
 * union of its options, without a cast; `D`, the shape of the snapshot's `detail` that the lab's
 * own view reads, is inferred from what `create` returns.
 */
export function defineLab<const S extends readonly ParamSpec[], D = undefined>(spec: LabSpec<S, D>): LabDefinition<ParamValuesOf<S>, D> {
  return spec as LabDefinition<ParamValuesOf<S>, D>;
}

/** Any lab, whatever its parameter and detail types: what registries, the runner and the CLI hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLab = LabDefinition<any, any>;
