import { describe, expect, it } from 'vitest';
import { SpeedMeter, SPEED_WINDOW_MS } from './speedMeter';

/** Play `seconds` of wall time in 100 ms ticks, the clock moving `simPerWall` ms per wall ms and waiting `waitShare` of each tick for SQL. */
function play(meter: SpeedMeter, seconds: number, simPerWall: number, waitShare = 0, from = { wall: 0, sim: 0 }) {
  let { wall, sim } = from;
  meter.restart(wall, sim);
  for (let i = 0; i < seconds * 10; i++) {
    meter.addWaiting(100 * waitShare);
    wall += 100;
    sim += 100 * simPerWall;
    meter.record(wall, sim);
  }
  return { wall, sim };
}

describe('SpeedMeter: the speed the clock really keeps', () => {
  it('says nothing before half a second of play', () => {
    const meter = new SpeedMeter();
    meter.restart(0, 0);
    meter.record(300, 3000);
    expect(meter.report(10)).toBeNull();
  });

  it('reports a clock that keeps the speed asked for with no reason to give', () => {
    const meter = new SpeedMeter();
    play(meter, 3, 10);
    expect(meter.report(10)).toEqual({ speed: 10, waitingShare: 0, limitedBy: null });
  });

  it('blames the database when the run spends its time waiting for PGlite (issue 18: "Playing at 10×" at 0.6×)', () => {
    const meter = new SpeedMeter();
    play(meter, 3, 0.6, 0.8);
    const report = meter.report(10)!;
    expect(report.speed).toBeCloseTo(0.6);
    expect(report.waitingShare).toBeCloseTo(0.8);
    expect(report.limitedBy).toBe('database');
  });

  it('blames the machine when the clock lags without waiting for SQL', () => {
    const meter = new SpeedMeter();
    play(meter, 3, 300, 0.05);
    expect(meter.report(1000)).toMatchObject({ speed: 300, limitedBy: 'machine' });
  });

  it('at "as fast as possible" reports the speed reached, blaming only the database', () => {
    const meter = new SpeedMeter();
    play(meter, 3, 400);
    expect(meter.report('max')).toEqual({ speed: 400, waitingShare: 0, limitedBy: null });
    play(meter, 3, 2, 0.9);
    expect(meter.report('max')).toMatchObject({ speed: 2, limitedBy: 'database' });
  });

  it('follows a change within its window: only the last seconds count', () => {
    const meter = new SpeedMeter();
    const at = play(meter, 3, 0.5, 0.9);
    // Without a restart: the run now keeps up (the database warmed up), and the window forgets the slow part.
    let { wall, sim } = at;
    for (let i = 0; i < (SPEED_WINDOW_MS / 100) * 2; i++) {
      wall += 100;
      sim += 1000;
      meter.record(wall, sim);
    }
    expect(meter.report(10)).toMatchObject({ speed: 10, limitedBy: null });
  });
});
