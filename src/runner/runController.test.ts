import { describe, expect, it } from 'vitest';
import { PLAYING_PUBLISH_MS, RunController, SQL_WAIT_SHOWN_MS, type Pacing, type SqlHost } from './runController';
import { defaultScenario } from '../scenario/parseScenario';
import { findLab } from '../labs';
import type { FromWorker, PlaybackStatus } from './protocol';

/** A fake wall clock: timers run only when the test advances time. */
class FakePacing implements Pacing {
  wall = 0;
  private timers: { at: number; fn: () => void }[] = [];
  now() {
    return this.wall;
  }
  schedule(fn: () => void, ms: number) {
    this.timers.push({ at: this.wall + ms, fn });
  }
  /** Advance wall time, firing due timers in order (each may schedule the next). */
  async advance(ms: number) {
    const end = this.wall + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.wall = next.at;
      next.fn();
      await Promise.resolve();
    }
    this.wall = end;
  }
}

const scenario = { name: 't', title: 't', lab: 'mmc', seed: 5, durationS: 60, warmupS: 0 };

function setup() {
  const messages: FromWorker[] = [];
  const pacing = new FakePacing();
  const controller = new RunController((m) => messages.push(m), pacing);
  const lastStatus = (): PlaybackStatus => {
    const snaps = messages.filter((m) => m.type === 'snapshot');
    const last = snaps[snaps.length - 1];
    if (!last || last.type !== 'snapshot') throw new Error('no snapshot yet');
    return last.status;
  };
  /** Acknowledge a frame so the controller may send the next snapshot. */
  const frame = () => controller.handle({ type: 'frame' });
  return { messages, pacing, controller, lastStatus, frame };
}

describe('RunController', () => {
  it('loads a scenario and publishes its first snapshot at time 0', async () => {
    const { controller, messages, lastStatus } = setup();
    await controller.handle({ type: 'load', scenario, runId: 1 });
    expect(messages[0]).toMatchObject({ type: 'loaded', scenario: { name: 't', seed: 5 } });
    expect(lastStatus()).toMatchObject({ now: 0, playing: false, seed: 5, durationMs: 60_000 });
  });

  it('plays at the chosen speed: simulated time = wall time × speed', async () => {
    const { controller, pacing, lastStatus, frame } = setup();
    await controller.handle({ type: 'load', scenario, runId: 1 });
    await controller.handle({ type: 'speed', speed: 10 });
    await frame();
    await controller.handle({ type: 'play' });
    for (let i = 0; i < 10; i++) {
      await pacing.advance(100);
      await frame();
    }
    // 1 s of wall time at 10x: about 10 s simulated (up to one tick of slack).
    expect(lastStatus().now).toBeGreaterThan(9_500);
    expect(lastStatus().now).toBeLessThanOrEqual(10_000);
    await controller.handle({ type: 'pause' });
    const paused = lastStatus().now;
    await pacing.advance(1_000);
    await frame();
    expect(lastStatus().now).toBe(paused);
    expect(lastStatus().playing).toBe(false);
  });

  it('sends no new snapshot until the page acknowledges the last one (at most one per frame)', async () => {
    const { controller, pacing, messages, frame } = setup();
    await controller.handle({ type: 'load', scenario, runId: 1 });
    await frame();
    await controller.handle({ type: 'play' });
    const before = messages.filter((m) => m.type === 'snapshot').length;
    await pacing.advance(500); // ~30 ticks without a frame acknowledgement
    expect(messages.filter((m) => m.type === 'snapshot').length).toBe(before);
    await frame();
    expect(messages.filter((m) => m.type === 'snapshot').length).toBe(before + 1);
  });

  it('steps one event and one instant', async () => {
    const { controller, lastStatus } = setup();
    await controller.handle({ type: 'load', scenario, runId: 1 });
    const events = lastStatus().eventsProcessed;
    await controller.handle({ type: 'step', unit: 'event' });
    expect(lastStatus().eventsProcessed).toBe(events + 1);
    await controller.handle({ type: 'step', unit: 'instant' });
    expect(lastStatus().eventsProcessed).toBeGreaterThan(events + 1);
  });

  it('seeks backwards by replaying with the same seed, landing on the same state', async () => {
    const { controller, messages } = setup();
    await controller.handle({ type: 'load', scenario, runId: 1 });
    await controller.handle({ type: 'seek', toMs: 30_000 });
    const at30 = messages.filter((m) => m.type === 'snapshot').pop()!;
    await controller.handle({ type: 'seek', toMs: 45_000 });
    await controller.handle({ type: 'seek', toMs: 30_000 });
    const again = messages.filter((m) => m.type === 'snapshot').pop()!;
    if (at30.type !== 'snapshot' || again.type !== 'snapshot') throw new Error('unreachable');
    expect(again.status.now).toBe(30_000);
    expect(again.snapshot.metrics).toEqual(at30.snapshot.metrics);
    expect(again.status.eventsProcessed).toBe(at30.status.eventsProcessed);
  });

  it('keeps the current run when a bad scenario or parameter arrives', async () => {
    const { controller, messages, lastStatus } = setup();
    await controller.handle({ type: 'load', scenario, runId: 1 });
    await controller.handle({ type: 'seek', toMs: 5_000 });
    await controller.handle({ type: 'load', scenario: { ...scenario, seed: -1 }, runId: 2 });
    expect(messages.at(-1)).toMatchObject({ type: 'error', issues: [{ path: 'seed' }] });
    await controller.handle({ type: 'set', key: 'servers', value: 999 });
    expect(messages.filter((m) => m.type === 'error').at(-1)).toMatchObject({ message: 'Servers (c): expected a whole number from 1 to 64, found 999' });
    expect(lastStatus()).toMatchObject({ now: 5_000, seed: 5 });
  });

  it('runs a scenario headless for the test hook without disturbing the loaded run', async () => {
    const { controller, messages, lastStatus } = setup();
    await controller.handle({ type: 'load', scenario, runId: 1 });
    await controller.handle({ type: 'seek', toMs: 2_000 });
    await controller.handle({ type: 'runScenario', requestId: 9, scenario: { ...scenario, expectations: [{ metric: 'customers.arrived', op: '>', value: 0 }] }, untilS: 10 });
    const result = messages.at(-1);
    expect(result).toMatchObject({ type: 'scenarioResult', requestId: 9, ok: true, simulatedMs: 10_000 });
    if (result?.type === 'scenarioResult' && result.ok) expect(result.expectations[0]!.passed).toBe(true);
    expect(lastStatus().now).toBe(2_000);
  });

  it('reset goes back to time 0 with the scenario parameters', async () => {
    const { controller, lastStatus } = setup();
    await controller.handle({ type: 'load', scenario, runId: 1 });
    await controller.handle({ type: 'seek', toMs: 3_000 });
    await controller.handle({ type: 'reset' });
    expect(lastStatus()).toMatchObject({ now: 0, playing: false });
  });
});

describe('RunController: which run the page is shown (issue 18, item 6a)', () => {
  it('tags every snapshot with its run; once a new load starts the old run publishes nothing more', async () => {
    const { controller, pacing, messages, frame } = setup();
    await controller.handle({ type: 'load', scenario, runId: 1 });
    await frame();
    await controller.handle({ type: 'play' });
    await pacing.advance(200);
    await frame();
    expect(messages.filter((m) => m.type === 'snapshot').every((m) => m.type === 'snapshot' && m.runId === 1)).toBe(true);
    const before = messages.length;
    // The page moves on (another lab, a reset) while the old run plays; a speed change arrives first, as openLab sends it.
    await controller.handle({ type: 'speed', speed: 10 });
    const loading = controller.handle({ type: 'load', scenario: { ...scenario, lab: 'pooling', seed: 9 }, runId: 2 });
    await pacing.advance(200);
    await frame();
    await loading;
    await pacing.advance(200);
    await frame();
    const after = messages.slice(before);
    const loadedAt = after.findIndex((m) => m.type === 'loaded');
    expect(after[loadedAt]).toMatchObject({ type: 'loaded', runId: 2 });
    const snapshotsOfOldRunAfterLoad = after.slice(loadedAt).filter((m) => m.type === 'snapshot' && m.runId !== 2);
    expect(snapshotsOfOldRunAfterLoad).toEqual([]);
    const last = after.filter((m) => m.type === 'snapshot').at(-1);
    expect(last).toMatchObject({ runId: 2, status: { now: 0, playing: false, seed: 9 } });
  });

  it('answers a refused load with its run id, keeping the run in progress', async () => {
    const { controller, messages, lastStatus } = setup();
    await controller.handle({ type: 'load', scenario, runId: 1 });
    await controller.handle({ type: 'load', scenario: { ...scenario, durationS: -1 }, runId: 2 });
    expect(messages.at(-1)).toMatchObject({ type: 'error', runId: 2, issues: [{ path: 'durationS' }, { path: 'warmupS' }] });
    await controller.handle({ type: 'seek', toMs: 1000 });
    expect(messages.at(-1)).toMatchObject({ type: 'snapshot', runId: 1 });
    expect(lastStatus().now).toBe(1000);
  });
});

describe('RunController: the speed the clock really keeps (issue 18, item 4)', () => {
  it('reports the achieved speed while playing and none while paused', async () => {
    const { controller, pacing, lastStatus, frame } = setup();
    await controller.handle({ type: 'load', scenario, runId: 1 });
    await controller.handle({ type: 'speed', speed: 5 });
    await controller.handle({ type: 'play' });
    for (let i = 0; i < 20; i++) {
      await pacing.advance(100);
      await frame();
    }
    const achieved = lastStatus().achieved;
    expect(achieved).not.toBeNull();
    // Nothing here waits for SQL and the fake wall clock stands still while the engine computes.
    expect(achieved!.speed).toBeGreaterThan(4.5);
    expect(achieved!.limitedBy).toBeNull();
    await controller.handle({ type: 'pause' });
    await frame();
    expect(lastStatus().achieved).toBeNull();
  });
});

describe('RunController: a lab without a database does not wait for another lab’s boot (issue 18, item 8)', () => {
  it('a load waiting for PostgreSQL gives up when a newer load arrives, which then loads at once', async () => {
    const messages: FromWorker[] = [];
    // PostgreSQL that never finishes booting (on a busy machine it takes 10–15 s), for a lab whose run waits for it (it writes).
    const host: SqlHost = { cluster: () => new Promise(() => {}) };
    const controller = new RunController((m) => messages.push(m), new FakePacing(), host);
    const query = controller.handle({ type: 'load', scenario: defaultScenario(findLab('replication')!), runId: 1 });
    // The learner leaves for M/M/c: the worker notes the load as it arrives, before its turn.
    controller.noteLoad(2);
    await query;
    // The seek the page sent with the abandoned load (the address's t=) has nothing to replay.
    await controller.handle({ type: 'seek', toMs: 5000 });
    expect(messages.filter((m) => m.type === 'snapshot' || m.type === 'progress')).toEqual([]);
    await controller.handle({ type: 'load', scenario, runId: 2 });
    expect(messages.filter((m) => m.type === 'loaded').map((m) => m.type === 'loaded' && m.runId)).toEqual([2]);
    expect(messages.at(-1)).toMatchObject({ type: 'snapshot', runId: 2, status: { now: 0 } });
  });
});

describe('RunController: a clock held by real statements is said, not shown as playing (issue 18, item 7)', () => {
  it('reports waitingForSql once a statement holds the clock past SQL_WAIT_SHOWN_MS, and clears it when the clock moves', async () => {
    const messages: FromWorker[] = [];
    const pacing = new FakePacing();
    // A cluster whose statements answer only when the test lets them (a node just booted, PGlite busy).
    let held: (() => void)[] = [];
    let holding = true;
    const cluster = {
      dataset: { customers: 1000, seed: 1 },
      primary: 'primary',
      statusVersion: 0,
      statuses: () => [],
      refreshCapturedLsn: async () => {},
      reset: async () => {},
      query: () =>
        new Promise<{ rows: never[]; fields: string[] }>((resolve) => {
          const answer = () => resolve({ rows: [], fields: [] });
          if (holding) held.push(answer);
          else answer();
        }),
    };
    const host = { cluster: async () => cluster } as unknown as SqlHost;
    const controller = new RunController((m) => messages.push(m), pacing, host);
    const statuses = () => messages.flatMap((m) => (m.type === 'snapshot' ? [m.status] : []));
    const frame = () => controller.handle({ type: 'frame' });
    const settle = async () => {
      for (let i = 0; i < 50; i++) await Promise.resolve();
    };
    const pooling = defaultScenario(findLab('pooling')!);
    await controller.handle({ type: 'load', scenario: { ...pooling, parameters: { ...pooling.parameters, query: 'point-lookup' } }, runId: 1 });
    await frame();
    await controller.handle({ type: 'play' });
    // Play until a statement is sent and holds the clock.
    for (let i = 0; i < 200 && held.length === 0; i++) {
      await pacing.advance(16);
      await settle();
      await frame();
    }
    expect(held.length).toBeGreaterThan(0);
    await pacing.advance(SQL_WAIT_SHOWN_MS - 50);
    await settle();
    expect(statuses().at(-1)!.waitingForSql).toBe(false);
    await pacing.advance(100);
    await settle();
    expect(statuses().at(-1)).toMatchObject({ playing: true, waitingForSql: true });
    // Told at once, without a frame from the page: the clock where the statement holds it.
    const heldAt = statuses().at(-1)!.now;
    // The statements answer: the clock moves and the status plays again.
    holding = false;
    for (const answer of held) answer();
    held = [];
    for (let i = 0; i < 20; i++) {
      await settle();
      await frame();
      await pacing.advance(16);
    }
    expect(statuses().at(-1)!.now).toBeGreaterThan(heldAt);
    expect(statuses().at(-1)!.waitingForSql).toBe(false);
    // Paused, nothing is said to be waited for.
    await controller.handle({ type: 'pause' });
    await frame();
    expect(statuses().at(-1)).toMatchObject({ playing: false, waitingForSql: false });
  });
});

describe('RunController: while a run plays, snapshots at most 25 a second', () => {
  it('sends one at most every PLAYING_PUBLISH_MS of wall time though the page asks for more, taken when sent; paused, at once', async () => {
    const pacing = new FakePacing();
    const sent: { wall: number; now: number }[] = [];
    const controller = new RunController((m) => {
      if (m.type === 'snapshot') sent.push({ wall: pacing.now(), now: m.status.now });
    }, pacing);
    await controller.handle({ type: 'load', scenario, runId: 1 });
    await controller.handle({ type: 'play' });
    const playingFrom = sent.length;
    // The page takes every snapshot at once and asks for the next, each 16 ms frame.
    for (let i = 0; i < 60; i++) {
      await pacing.advance(16);
      await controller.handle({ type: 'frame' });
    }
    const playing = sent.slice(playingFrom);
    expect(playing.length).toBeGreaterThanOrEqual(Math.floor((60 * 16) / (PLAYING_PUBLISH_MS + 16)));
    for (let i = 1; i < playing.length; i++) expect(playing[i]!.wall - playing[i - 1]!.wall).toBeGreaterThanOrEqual(PLAYING_PUBLISH_MS);
    // Each is the run as it stood when it was sent (the clock at that moment of wall time), not one held back.
    for (const s of playing) expect(s.now).toBeGreaterThan(s.wall - 60);
    const before = sent.length;
    await controller.handle({ type: 'pause' });
    expect(sent.length).toBe(before + 1);
  });
});
