import { defineLab } from '../../lab/defineLab';
import { mmcParams } from './params';
import { mmcMetrics } from './metrics';
import { lazyModel } from '../../lab/lazyModel';

/** The M/M/c queue: the shell's first lab, and the theory every pool obeys. */
export const mmcLab = defineLab({
  id: 'mmc',
  title: 'Queueing basics (M/M/c)',
  summary: 'Requests, servers and a queue: see why waits explode as utilization nears 100%, checked against Erlang C.',
  lesson:
    'Push the arrival rate towards c ÷ service time and watch the queue: at 50% utilization almost nobody waits, at 90% most do, and near 100% the wait grows without bound. The dashed line is what Erlang C predicts; the simulation converges on it. Then try constant service times (waits halve) or a patience limit (requests start giving up instead).',
  params: mmcParams,
  metrics: mmcMetrics,
  defaultDurationS: 60,
  defaultWarmupS: 5,
  actions: [],
  create: lazyModel(() => import('./model').then((m) => m.createMmcModel)),
});
