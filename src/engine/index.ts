/**
 * The simulation kernel: a pure discrete-event engine (no React, DOM, d3, PGlite, clock or
 * `Math.random`). Everything a lab needs to model time, queues and randomness.
 */
export { SimEvent, Timeout, URGENT, NORMAL, type EventCallback } from './event';
export { Environment, type RunStatus, type RunOptions, type EnvironmentOptions } from './environment';
export { Process, type ProcessGenerator } from './process';
export { Condition, type ConditionValue } from './condition';
export { ExternalCall } from './externalCall';
export { Resource, ResourceRequest, type RequestOptions } from './resource';
export { Store } from './store';
export { Interrupt, RequestTimeout, RequestCancelled } from './errors';
export { Rng } from './rng';
export { sample, meanOf, type Distribution, type DistributionKind } from './distribution';
export { LatencyHistogram, type LatencySummary } from './latencyHistogram';
export { TimeWeightedAverage } from './timeWeighted';
export { BoundedTimeSeries, type TimePoint } from './timeSeries';
export { Trace, type TraceEntry } from './trace';
export { ln, exp, pow } from './portableMath';
