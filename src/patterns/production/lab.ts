import { primaryWithReplicas } from '../../cluster/nodeList';
import { defineLab } from '../../lab/defineLab';
import { PRODUCTION_ACTIONS } from './faults';
import { ownLabOfNode } from './ownLabs';
import { lazyModel } from '../../lab/lazyModel';
import { crossCheckProduction, productionParams } from './params';
import { productionMetrics } from './metrics';

const RATES = [25, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000];

/** The production stack: the labs' parts composed, loaded, and broken on purpose. */
export const productionLab = defineLab({
  id: 'production',
  title: 'The production stack',
  summary: 'Pool, router, replicas, cache and batch writer composed from the other labs’ models: which part breaks first, and why.',
  lesson:
    'A request goes through every part you switch on: cache, pool, router, a primary or a replica. Load it and watch which badge turns amber first; the panel says which part breaks first as load grows, at what load and why (a sweep of this stack at growing load). Inject faults (a replica down, a failover, a cache crash, a spike, a dropped index, a leak) and read the latency breakdown: it says where each millisecond went. Then switch parts off: at low load a single database meets the SLO, and each part adds latency and failure modes.',
  params: productionParams,
  crossCheck: crossCheckProduction,
  // Model-only (no dataset): the node list names the nodes fault actions may stop and restart.
  cluster: (params) => primaryWithReplicas(params['replication.replicas']),
  metrics: productionMetrics,
  actions: PRODUCTION_ACTIONS,
  sweep: {
    param: 'arrivalRate',
    values: RATES,
    metrics: [
      { key: 'latencyMs.p99', label: 'p99 latency', unit: 'ms', better: 'none' },
      { key: 'utilization.pool', label: 'Pool', unit: 'fraction', better: 'none' },
      { key: 'utilization.primaryCpu', label: 'Primary CPU', unit: 'fraction', better: 'none' },
      { key: 'utilization.replicaCpu', label: 'Replica CPU', unit: 'fraction', better: 'none' },
      { key: 'errorRate', label: 'Error rate', unit: 'fraction', better: 'none' },
    ],
  },
  defaultDurationS: 60,
  defaultWarmupS: 5,
  slowRequestsAre: 'a write',
  nodeLab: ownLabOfNode,
  create: lazyModel(() => import('./model').then((m) => m.createProductionModel)),
});
