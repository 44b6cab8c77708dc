import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEDULES_DIR } from '../scheduleLessons.testkit';
import { SWIMLANE_PRESETS } from './swimlanePresets';

describe('swimlane presets', () => {
  it('every preset marked verified is a schedule the differential suite runs against PostgreSQL', () => {
    const shipped = readdirSync(SCHEDULES_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(SCHEDULES_DIR, f), 'utf8')) as unknown);
    for (const preset of SWIMLANE_PRESETS) {
      if (preset.verified) expect(shipped, preset.id).toContainEqual(preset.schedule);
    }
  });

  it('all presets are verified, the long transaction included', () => {
    expect(SWIMLANE_PRESETS.filter((p) => !p.verified).map((p) => p.id)).toEqual([]);
    expect(SWIMLANE_PRESETS.find((p) => p.id === 'long-transaction')?.verified).toBe(true);
  });
});
