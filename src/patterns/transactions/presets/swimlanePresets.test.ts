import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEDULES_DIR } from '../scheduleLessons.testkit';
import { replay } from '../view/replay';
import { PRESET_GROUPS, SWIMLANE_PRESETS } from './swimlanePresets';

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

  it('offers every shipped schedule, each once (the SKIP LOCKED queue, NOWAIT, the unique-violation waits, the deadlock of three…)', () => {
    const shipped = readdirSync(SCHEDULES_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ file: f, schedule: JSON.parse(readFileSync(join(SCHEDULES_DIR, f), 'utf8')) as unknown }));
    expect(shipped.length).toBe(24);
    for (const { file, schedule } of shipped) {
      expect(SWIMLANE_PRESETS.filter((p) => JSON.stringify(p.schedule) === JSON.stringify(schedule)).length, file).toBe(1);
    }
    expect(new Set(SWIMLANE_PRESETS.map((p) => p.id)).size).toBe(SWIMLANE_PRESETS.length);
    for (const p of SWIMLANE_PRESETS) expect(PRESET_GROUPS, p.id).toContain(p.group);
  });

  it('each notice names exactly the SQLSTATEs its schedule ends with', () => {
    for (const p of SWIMLANE_PRESETS) {
      const r = replay(p.schedule, Infinity);
      if (!r.ok) throw new Error(`${p.id}: ${r.problems.join('; ')}`);
      const raised = new Set(r.state.steps.flatMap((step) => (step.status === 'error' && step.sqlstate ? [step.sqlstate] : [])));
      // A code the notice names, unless it says the code is *not* raised ("…, not 23505").
      const named = new Set([...p.notice.matchAll(/(not )?\b(23505|25P02|40001|40P01|55P03)\b/g)].filter((m) => m[1] === undefined).map((m) => m[2]!));
      expect([...named].sort(), p.id).toEqual([...raised].sort());
    }
  });
});
