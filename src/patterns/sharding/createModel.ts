import type { LabContext, LabModel } from '../../lab/labDefinition';
import { labModel } from '../../lab/kit';
import { shardingAction } from './actions';
import type { ShardingDetail } from './detail';
import { ShardingModel } from './model';
import type { ShardingParams } from './params';
import { shardingCharts, shardingHeadline, shardingMetrics, shardingParticles, shardingTopology, shardingViewDetail } from './project';

/** The sharding lab's model for one run: its processes and their projection onto the screen. */
export function createShardingModel(ctx: LabContext<ShardingParams>): LabModel<ShardingParams, ShardingDetail> {
  const model = new ShardingModel(ctx.env, ctx);
  return labModel(
    ctx.env,
    model,
    {
      metrics: shardingMetrics,
      topology: shardingTopology,
      particles: (m) => shardingParticles(m, ctx.durationMs),
      charts: shardingCharts,
      headline: (_m, metrics) => shardingHeadline(metrics),
      detail: shardingViewDetail,
    },
    { action: (name, args) => shardingAction(model, name, args) },
  );
}
