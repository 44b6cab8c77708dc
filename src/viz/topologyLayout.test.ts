import { describe, expect, it } from 'vitest';
import type { SlotState, Topology, TopologyNode } from '../lab/snapshot';
import { layoutTopology, queueOverflowText } from './topologyLayout';

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

/** Three database nodes in one column, each with two badge lines and a console hint under it. */
function shardColumn(): Topology {
  const shard = (i: number): TopologyNode => ({
    id: `shard-${i}`,
    label: `shard-${i}`,
    kind: 'database',
    x: 0.6,
    y: 0.1 + 0.4 * i,
    status: 'up',
    badges: [
      { label: '5K rows', value: '48/s' },
      { label: 'prepared', value: '4' },
    ],
  });
  return { nodes: [shard(0), shard(1), shard(2)], edges: [] };
}

describe('topology layout', () => {
  it('nodes stacked in a column on a short canvas get smaller type instead of covering each other and their console hints', () => {
    const short = layoutTopology(shardColumn(), 900, 320);
    const boxes = [...short.boxes.values()].sort((a, b) => a.top - b.top);
    for (let i = 1; i < boxes.length; i++) {
      const hintBottom = boxes[i - 1]!.top + boxes[i - 1]!.h + Math.round(short.fontBadge * 1.8);
      expect(hintBottom).toBeLessThanOrEqual(boxes[i]!.top);
    }
    // A tall canvas has the room: the type stays at its full size there.
    expect(short.fontBadge).toBeLessThan(layoutTopology(shardColumn(), 900, 900).fontBadge);
  });

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

  it('a badge too wide for its node puts its value on the next line, and the node grows to hold it', () => {
    // The transactions lab's PostgreSQL box at 1280×720: "read committed read-modify-write".
    const wide: Topology = {
      nodes: [
        { id: 'clients', label: 'Transfers', kind: 'clients', x: 0.08, y: 0.5, status: 'up', badges: [{ label: 'rate', value: '100/s' }] },
        { id: 'sessions', label: 'Sessions (pool)', kind: 'pool', x: 0.45, y: 0.5, status: 'up', badges: [{ label: 'in use', value: '0/10' }] },
        {
          id: 'primary',
          label: 'PostgreSQL (model)',
          kind: 'database',
          x: 0.85,
          y: 0.5,
          status: 'up',
          badges: [
            { label: 'blocked on a lock', value: '0' },
            { label: 'read committed', value: 'read-modify-write' },
          ],
        },
      ],
      edges: [],
    };
    const layout = layoutTopology(wide, 900, 360);
    const primary = layout.boxes.get('primary')!;
    // Estimated widths outside a browser: 0.6 em a character, bold.
    const fits = (text: string) => text.length * layout.fontBadge * 0.6 <= primary.w - 12 - 4;
    expect(fits('read committed read-modify-write')).toBe(false);
    expect(primary.badgeWrapped).toEqual([false, true]);
    expect(fits('read committed') && fits('read-modify-write')).toBe(true);
    // The value's line (one line below the badge's) is inside the box.
    expect(primary.badgeY[1]! + layout.badgeLineH).toBeLessThan(primary.h);
    expect(primary.left + primary.w).toBeLessThanOrEqual(900);
  });

  it('a database node keeps room under it for its console hint, inside the canvas', () => {
    const stacked: Topology = {
      nodes: [
        { id: 'primary', label: 'Primary', kind: 'database', x: 0.7, y: 0.15, status: 'up', badges: [{ label: 'LSN', value: '1' }] },
        { id: 'replica-1', label: 'Replica 1', kind: 'database', x: 0.7, y: 0.95, status: 'up', badges: [{ label: 'LSN', value: '1' }] },
      ],
      edges: [],
    };
    const layout = layoutTopology(stacked, 900, 360);
    const replica = layout.boxes.get('replica-1')!;
    // The hint's baseline is 1.4 font sizes under the box; its descenders need a little more.
    expect(replica.top + replica.h + layout.fontBadge * 1.8).toBeLessThanOrEqual(360 - 10 + 1);
  });

  it('the queue overflow caption counts the whole queue, not the capped particles', () => {
    // "queue: 418 waiting" with 90 dots drawn, of 382 waiting particles the snapshot carried.
    expect(queueOverflowText(418, 382, 90)).toBe('+328 more waiting');
    expect(queueOverflowText(1427, 382, 90)).toBe('+1,337 more waiting');
    expect(queueOverflowText(undefined, 120, 90)).toBe('+30 more waiting');
    expect(queueOverflowText(90, 90, 90)).toBeNull();
    expect(queueOverflowText(0, 0, 0)).toBeNull();
    // No room for a lane (a presenter's short stage): the count alone.
    expect(queueOverflowText(978, 400, 0)).toBe('978 waiting');
  });
});
