import { z } from 'zod';

const paramValue = z.union([z.number(), z.boolean(), z.string()]);

/** A comparison a scenario claims about a metric at the end of its run. */
export const expectationSchema = z
  .strictObject({
    metric: z.string().min(1).describe('Dotted metric key, as printed by `npm run sim -- --json` (e.g. "pool.leaked").'),
    op: z.enum(['<', '<=', '>', '>=', '==', '!=', 'approx']).describe('Comparison; "approx" means within `tolerance` (absolute).'),
    value: z.union([z.number(), z.boolean()]),
    tolerance: z.number().nonnegative().optional().describe('For "approx": the largest allowed |metric − value|.'),
    why: z.string().optional().describe('What the expectation proves, in one line.'),
  })
  .describe('An expectation: `metric op value` must hold when the run ends.');

/** Something that happens at a point of a run: a parameter change or a lab action. */
export const scriptedEventSchema = z
  .strictObject({
    atS: z.number().nonnegative().describe('Simulated seconds from the start.'),
    set: z.record(z.string(), paramValue).optional().describe('Parameters to change, e.g. { "arrivalRate": 500 }.'),
    action: z.string().min(1).optional().describe('A lab action, e.g. "stopNode".'),
    args: z.record(z.string(), paramValue).optional().describe('Arguments of the action, e.g. { "node": "replica-1" } (plain values only).'),
    note: z.string().optional().describe('Shown in the event log when it happens.'),
  })
  .refine((e) => (e.set === undefined) !== (e.action === undefined), {
    message: 'expected exactly one of "set" or "action"',
  });

const comparison = z.enum(['<', '<=', '>', '>=', '==', '!=']);

/** Where a tour step stops: at a simulated time, or the first time a metric meets a condition. */
export const tourUntilSchema = z.union([
  z.strictObject({ time: z.number().positive().describe('Simulated seconds from the start of the run.') }),
  z.strictObject({
    metric: z.string().min(1).describe('Dotted metric key (as in expectations); checked every 0.1 simulated seconds.'),
    op: comparison,
    value: z.union([z.number(), z.boolean()]),
  }),
]);

/** What a tour step points at: one node of the stage, one chart, or one headline figure. */
export const tourHighlightSchema = z
  .strictObject({
    node: z.string().min(1).optional().describe('A node id of the stage, e.g. "pool" or "replica-1".'),
    chart: z.string().min(1).optional().describe('A chart id of the lab, e.g. "borrow-wait".'),
    figure: z.string().min(1).optional().describe('A headline figure key, e.g. "latencyMs.p99".'),
  })
  .refine((h) => [h.node, h.chart, h.figure].filter((x) => x !== undefined).length === 1, { message: 'expected exactly one of "node", "chart" or "figure"' });

/** One step of a guided tour: run to `until`, pause, show `caption`. */
export const tourStepSchema = z
  .strictObject({
    until: tourUntilSchema.describe('Run to this point, then pause: { "time": s } or { "metric", "op", "value" }.'),
    caption: z.string().min(1).max(400).describe('What to notice at this point, shown on the stage (a sentence or two).'),
    set: z.record(z.string(), paramValue).optional().describe('Live parameters changed when the step starts (at the previous step\'s time, or 0).'),
    actions: z
      .array(z.strictObject({ action: z.string().min(1), args: z.record(z.string(), paramValue).optional() }))
      .optional()
      .describe('Lab actions run when the step starts, e.g. [{ "action": "burst", "args": { "count": 50 } }].'),
    highlight: tourHighlightSchema.optional(),
    expect: z.array(expectationSchema).optional().describe('What must hold when the step is reached (checked by the tests).'),
  })
  .describe('A tour step.');

/** A scenario file: a lab, its parameters, a seed, a script and what must come out. */
export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes')
      .describe('Identifier; also the file name without .json.'),
    title: z.string().min(1),
    description: z.string().optional(),
    lab: z.string().min(1).describe('Lab id, e.g. "mmc" or "pooling".'),
    seed: z.number().int().min(0).max(4294967295).default(1),
    durationS: z.number().positive().max(86400).describe('Simulated seconds to run.'),
    warmupS: z.number().nonnegative().default(0).describe('Statistics before this are discarded.'),
    parameters: z.record(z.string(), paramValue).default({}),
    events: z.array(scriptedEventSchema).default([]),
    expectations: z.array(expectationSchema).default([]),
    lesson: z.string().optional().describe('"What to notice" text shown with the scenario.'),
    tour: z.array(tourStepSchema).min(1).max(20).optional().describe('A guided tour: steps the player runs to and pauses at, with captions.'),
  })
  .refine((s) => s.warmupS < s.durationS, { message: 'expected a warm-up shorter than the run (durationS)', path: ['warmupS'] });

/** A scenario after validation, with defaults filled in. */
export type Scenario = z.output<typeof scenarioSchema>;
/** A scenario as written in a file (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Expectation = z.output<typeof expectationSchema>;
export type ScriptedEvent = z.output<typeof scriptedEventSchema>;
export type TourStep = z.output<typeof tourStepSchema>;
export type TourUntil = z.output<typeof tourUntilSchema>;

/** The published JSON Schema (scenarios/scenario.schema.json is generated from this). */
export function scenarioJsonSchema(): object {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input' }),
    title: 'Database Patterns Lab scenario',
  };
}
