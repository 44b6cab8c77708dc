import { describe, expect, it } from 'vitest';
import { findLab } from '../../labs';
import { parseScenario } from '../../scenario/parseScenario';
import { SimulationRun } from '../../runner/simulationRun';
import { routeFor, splitHash } from '../../app/router';
import { ComparisonPlayer, type FrameSource } from './comparisonPlayer';
import { comparisonHash, describeChanges, parseComparison } from './comparisonUrl';
import { overlay } from './CompareCharts';

const pooling = findLab('pooling')!;

/** Frames a test drives by hand: each call to `frame()` moves the wall clock on by `stepMs`. */
function manualFrames(stepMs: number): FrameSource & { frame(): Promise<void> } {
  let wall = 0;
  let waiting: (() => void) | null = null;
  return {
    now: () => wall,
    request: (fn) => {
      waiting = fn;
    },
    async frame() {
      wall += stepMs;
      const fn = waiting;
      waiting = null;
      fn?.();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('comparison address', () => {
  it('reads A from the lab query and B as A with the changes; writes the same address back', () => {
    const hash = comparisonHash('pooling', 'seed=3&duration=10&warmup=1&poolMax=10&speed=5&t=4', [{ key: 'poolMax', value: 100 }]);
    expect(hash).toBe('#/compare/pooling?seed=3&duration=10&warmup=1&poolMax=10&speed=5&b=poolMax:100');
    const c = parseComparison(pooling, splitHash(hash).query);
    expect(c.issues).toEqual([]);
    expect(c.a.seed).toBe(3);
    expect(c.b.seed).toBe(3);
    expect(c.a.parameters.poolMax).toBe(10);
    expect(c.b.parameters.poolMax).toBe(100);
    expect(c.changes).toEqual([{ key: 'poolMax', value: 100 }]);
    expect(c.speed).toBe(5);
  });

  it('is a page of its own for a known lab', () => {
    expect(routeFor('/compare/pooling')).toEqual({ name: 'compare', labId: 'pooling' });
    expect(routeFor('/compare/nope').name).toBe('notFound');
  });

  it('names a bad change and what it accepts, and leaves it out', () => {
    const c = parseComparison(pooling, new URLSearchParams('b=poolMax:0,nope:1,whenExhausted:fail'));
    expect(c.changes).toEqual([{ key: 'whenExhausted', value: 'fail' }]);
    expect(c.issues[0]).toMatch(/poolMax \(Maximum size\): expected a whole number from 1 to 500, found "0"/);
    expect(c.issues[1]).toMatch(/"b" in the address: expected <parameter>:<value>.*"nope:1"/);
    const cross = parseComparison(pooling, new URLSearchParams('b=poolMax:5'));
    expect(cross.changes).toEqual([]);
    expect(cross.issues[0]).toMatch(/B's parameters do not hold together \(poolMin/);
  });

  it('says the changes by the parameters\' labels, a choice by its option\'s label', () => {
    expect(describeChanges(pooling, [{ key: 'poolMax', value: 100 }, { key: 'whenExhausted', value: 'fail' }])).toBe('Maximum size = 100, When the pool is exhausted = Fail at once (psycopg2)');
  });
});

describe('ComparisonPlayer', () => {
  it('drives A and B in step, and their metrics are those of plain runs of A and of B', async () => {
    const c = parseComparison(pooling, new URLSearchParams('seed=2&duration=6&warmup=1&poolMax=10&b=poolMax:100'));
    const frames = manualFrames(50);
    const player = ComparisonPlayer.create(c.a, c.b, frames, 10);
    if (typeof player === 'string') throw new Error(player);
    player.play();
    for (let i = 0; i < 6; i++) await frames.frame();
    player.pause();
    await new Promise((r) => setTimeout(r, 20));
    const paused = player.current;
    expect(paused.now).toBeGreaterThan(0);
    expect(paused.tA).toBe(paused.tB);
    await player.runTo(6000);
    const end = player.current;
    expect(end.finished).toBe(true);
    const plain = async (scenario: unknown) => {
      const parsed = parseScenario(scenario);
      if (!parsed.ok) throw new Error('invalid');
      return new SimulationRun(parsed.value, { traceLimit: 0 }).runToEnd();
    };
    expect(end.a!.metrics).toEqual(await plain(c.a));
    expect(end.b!.metrics).toEqual(await plain(c.b));
    expect(end.a!.metrics).not.toEqual(end.b!.metrics);
    player.reset();
    expect(player.current.now).toBe(0);
  });

  it('overlays the charts: A and B of each series, in pairs', () => {
    const chart = { id: 'lat', title: 'Latency', unit: 'ms', series: [{ name: 'p50', points: [[0, 1]] as [number, number][] }, { name: 'p99', points: [] }] };
    const other = { ...chart, series: [{ name: 'p99', points: [[0, 9]] as [number, number][] }] };
    expect(overlay(chart, other).series.map((s) => [s.name, s.points.length])).toEqual([
      ['A · p50', 1],
      ['B · p50', 0],
      ['A · p99', 0],
      ['B · p99', 1],
    ]);
  });
});
