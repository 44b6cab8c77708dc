// What every lab repeats, once: chart sampling, remembered requests, the particle cap, resettable
// statistics, live parameters and the snapshot's frame.
export { SAMPLES_PER_RUN, SampleWindow, WindowedSampler, type SampleValues } from './windowedSampler';
export { REMEMBERED_REQUESTS, RememberedRequests } from './rememberedRequests';
export { PARTICLE_CAP, capParticles } from './particles';
export { RunStatistics } from './runStatistics';
export { LiveParams, type ParamReactions } from './liveParams';
export { figure, labSnapshot } from './snapshot';
