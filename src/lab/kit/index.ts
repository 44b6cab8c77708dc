// What every lab repeats, once: chart sampling, remembered requests, the particle cap, resettable
// statistics, live parameters, the snapshot's frame and the LabModel built from a world and its projection.
export { SAMPLES_PER_RUN, SampleWindow, WindowedSampler, type SampleValues } from './windowedSampler';
export { REMEMBERED_REQUESTS, RememberedRequests } from './rememberedRequests';
export { PARTICLE_CAP, capParticles } from './particles';
export { RunStatistics } from './runStatistics';
export { LiveParams, type ParamReactions } from './liveParams';
export { figure, labSnapshot } from './snapshot';
export { labModel, type LabModelExtras, type LabProjection, type LabWorld } from './labModel';
