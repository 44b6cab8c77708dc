import { describe, expect, it } from 'vitest';
import type { SlotState, Topology, TopologyNode } from '../lab/snapshot';
import { layoutTopology } from './topologyLayout';

function poolTopology(slots: number, badges = 3): Topology {
  const node = (id: string, x: number, extra: Partial<TopologyNode> = {}): TopologyNode => ({ id, label: id, kind: 'server', x, y: 0.5, status: 'up', badges: [], ...extra });
  return {
    nodes: [
      node('clients', 0.08),
      node('pool', 0.45, {
        kind: 'pool',
        badges: Array.from({ length: badges }, (_, i) => ({ label: `b${i}`, value: '1' })),
        slots: Array<SlotState>(slots).fill('busy'),
        queueLength: 50,
      }),
      node('primary', 0.85, { kind: 'database' }),
    ],
    edges: [],
  };
}

describe('topology layout', () => {
  it('a node with a queue sits high enough for its queue lane to have rows, with the failure crosses above it', () => {
    const layout = layoutTopology(poolTopology(10, 4), 900, 360);
    const pool = layout.boxes.get('pool')!;
    expect(pool.top).toBeLessThan(180 - pool.h / 2); // lifted from the middle
    expect(pool.lane.rows).toBeGreaterThanOrEqual(2);
    expect(pool.failLane.top + pool.failLane.rows * (pool.failLane.dot + pool.failLane.gap)).toBeLessThanOrEqual(pool.top);
    expect(pool.failLane.top).toBeGreaterThanOrEqual(0);
  });

  it('many slots shrink so the grid stays under a third of the canvas', () => {
    const layout = layoutTopology(poolTopology(100), 900, 360);
    const pool = layout.boxes.get('pool')!;
    const ys = pool.slots.map((s) => s.y);
    expect(Math.max(...ys) + pool.slotSize - Math.min(...ys)).toBeLessThanOrEqual(0.3 * 360);
    expect(pool.top + pool.h).toBeLessThan(360);
    expect(pool.slotSize).toBeLessThan(layoutTopology(poolTopology(10), 900, 360).boxes.get('pool')!.slotSize);
  });
});
