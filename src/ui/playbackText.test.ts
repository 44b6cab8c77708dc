import { describe, expect, it } from 'vitest';
import { achievedSpeedText, formatAchieved, playbackStatusText } from './playbackText';

const base = { loaded: true, finished: false, playing: true, speed: 10 as const, preparing: false };

describe('the playback status', () => {
  it('says what the run does', () => {
    expect(playbackStatusText(base)).toBe('Playing at 10×');
    expect(playbackStatusText({ ...base, playing: false })).toBe('Paused · speed 10×');
    expect(playbackStatusText({ ...base, finished: true })).toBe('Finished — reset to run again');
    expect(playbackStatusText({ ...base, loaded: false })).toBe('Loading…');
  });

  it('never says "Playing" while a reset re-clones the replicas (issue 18, item 7): the clock starts when it is done', () => {
    expect(playbackStatusText({ ...base, preparing: true })).toBe('Resetting · plays when ready');
    expect(playbackStatusText({ ...base, preparing: true, playing: false })).toBe('Resetting the run…');
  });

  it('never says "Playing" over a clock that stands still waiting for PostgreSQL (issue 18, item 7)', () => {
    expect(playbackStatusText({ ...base, waitingForSql: true })).toBe('Waiting for PostgreSQL… (then 10×)');
    // Paused, the wait is not the learner's concern.
    expect(playbackStatusText({ ...base, waitingForSql: true, playing: false })).toBe('Paused · speed 10×');
  });
});

describe('the speed the clock really keeps (issue 18, item 4)', () => {
  it('is shown beside the speed asked for when PGlite holds it back, saying so', () => {
    const shown = achievedSpeedText(10, { speed: 0.6, waitingShare: 0.83, limitedBy: 'database' });
    expect(shown?.text).toBe('actually 0.6× · waiting for PGlite');
    expect(shown?.title).toContain('not the 10× asked for');
    expect(shown?.title).toContain('PostgreSQL (PGlite, in this browser)');
    expect(shown?.title).toContain('83 % of the time');
  });

  it('names the machine when the simulation itself is what lags', () => {
    expect(achievedSpeedText(1000, { speed: 312.4, waitingShare: 0, limitedBy: 'machine' })?.text).toBe('actually 312× · machine at its limit');
  });

  it('is not shown when the clock keeps up, nor before there is a measure', () => {
    expect(achievedSpeedText(10, { speed: 9.8, waitingShare: 0, limitedBy: null })).toBeNull();
    expect(achievedSpeedText(10, null)).toBeNull();
  });

  it('says how fast "as fast as possible" is', () => {
    expect(achievedSpeedText('max', { speed: 412, waitingShare: 0, limitedBy: null })?.text).toBe('reaching 412×');
    expect(achievedSpeedText('max', { speed: 2.4, waitingShare: 0.9, limitedBy: 'database' })?.text).toBe('reaching 2.4× · waiting for PGlite');
  });

  it('formats a measured speed with two significant digits', () => {
    expect([0.063, 0.6, 1.25, 9.96, 12.4, 412.2].map(formatAchieved)).toEqual(['0.063×', '0.6×', '1.3×', '10×', '12×', '412×']);
  });
});
