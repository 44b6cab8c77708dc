import type { LiveEdit } from '../store/scenarioSlice';
import { describe, expect, it } from 'vitest';
import { findLab } from '../labs';
import { SimulationRun } from '../runner/simulationRun';
import { parseScenario } from '../scenario/parseScenario';
import { buildLabQuery, parseLabQuery, scenarioForRun } from './urlState';

const lab = findLab('replication')!;

function loaded(scenario: unknown) {
  const parsed = parseScenario(scenario);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

describe('the address replays what the learner did', () => {
  it('writes a fault button press as act=<s>:<action>:<args> and reads it back', () => {
    const url = parseLabQuery(lab, new URLSearchParams(''));
    const edits: LiveEdit[] = [
      { atMs: 1500, key: 'arrivalRate', value: 300 },
      { atMs: 2500, action: 'stopNode', args: { node: 'replica-1' } },
      { atMs: 4000, action: 'failover', args: {} },
    ];
    const query = buildLabQuery({ lab, base: url.base, presetName: null, runParams: url.params, edits, speed: 1, tMs: null });
    expect(query).toContain('act=2.5:stopNode:');
    expect(query).toContain('act=4:failover');
    const back = parseLabQuery(lab, new URLSearchParams(query));
    expect(back.issues).toEqual([]);
    expect(back.edits).toEqual(edits);
  });

  it('names what is wrong with a bad act= entry and ignores it', () => {
    const back = parseLabQuery(lab, new URLSearchParams('act=2:explode&act=x:stopNode&act=3:stopNode:{node}'));
    expect(back.edits).toEqual([]);
    expect(back.issues).toHaveLength(3);
    expect(back.issues[0]).toContain('expected an action of this lab (stopNode');
    expect(back.issues[1]).toContain('expected a time from 0 to');
    expect(back.issues[2]).toContain('expected the arguments of "stopNode" as a JSON object');
  });

  it('replays a recorded action as a scripted event: the run with it differs from the run without it', () => {
    const url = parseLabQuery(lab, new URLSearchParams('duration=10&warmup=0'));
    const run = (edits: Parameters<typeof scenarioForRun>[2]) => {
      const r = new SimulationRun(loaded(scenarioForRun(url.base, url.params, edits)), { traceLimit: 1000 });
      r.advanceTo(r.durationMs);
      return r.metrics();
    };
    const without = run([]);
    const withStop = run([{ atMs: 3000, action: 'stopNode', args: { node: 'replica-1' } }]);
    expect(JSON.stringify(withStop)).not.toBe(JSON.stringify(without));
    expect(run([{ atMs: 3000, action: 'stopNode', args: { node: 'replica-1' } }])).toEqual(withStop);
  });

  it('a scripted action with arguments the lab refuses is named before the run starts (issue 19: it used to pass silently)', () => {
    const url = parseLabQuery(lab, new URLSearchParams('duration=5&warmup=0'));
    const parsed = parseScenario(scenarioForRun(url.base, url.params, [{ atMs: 1000, action: 'stopNode', args: { node: 'replica-9' } }]));
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.issues).toEqual([
      { path: 'events[0].args', message: 'stopNode: expected "node" to be one of "primary", "replica-1", "replica-2", found "replica-9"' },
    ]);
    expect(parseLabQuery(lab, new URLSearchParams('act=1:stopNode:{"node":"replica-9"}')).issues[0]).toContain('found "replica-9"');
  });
});
