import { describe, expect, it } from 'vitest';
import { parseJson, parseScenario } from './parseScenario';
import { labs } from '../labs';

const valid = { name: 'demo', title: 'Demo', lab: 'mmc', durationS: 10 };

function issues(data: unknown): string[] {
  const result = parseScenario(data);
  if (result.ok) throw new Error('expected the scenario to be rejected');
  return result.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('parseScenario', () => {
  it('fills defaults for a minimal scenario', () => {
    const result = parseScenario(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.scenario).toMatchObject({ seed: 1, warmupS: 0, events: [], expectations: [] });
    expect(result.value.params.servers).toBe(10);
  });

  it('names the path, the expectation and what was found', () => {
    expect(issues({ ...valid, seed: 'abc', durationS: -1, extra: true })).toEqual([
      'seed: expected number, found "abc"',
      'durationS: expected a number greater than 0, found -1',
      '(scenario): unknown key "extra"',
    ]);
  });

  it('rejects an unknown lab, listing the known ones', () => {
    const known = labs.map((l) => `"${l.id}"`).join(', ');
    expect(known).toContain('"mmc"');
    expect(issues({ ...valid, lab: 'nosuch' })).toEqual([`lab: expected one of ${known}, found "nosuch"`]);
  });

  it('checks parameters against the lab', () => {
    expect(issues({ ...valid, parameters: { servers: 0, bogus: 1 } })).toEqual([
      'parameters.bogus: unknown parameter; known parameters are arrivalRate, serviceMs, serviceDist, servers, patienceMs',
      'parameters.servers: expected a whole number from 1 to 64, found 0',
    ]);
  });

  it('checks scripted events', () => {
    // Three events of the right shape, each wrong for this lab or this run.
    const wrong = [
      { atS: 20, set: { arrivalRate: 5 } },
      { atS: 1, set: { arrivalRate: 1e9 } },
      { atS: 1, action: 'stopNode' },
    ];
    // An event of the wrong shape is named alone: the others are checked once the list is well formed.
    expect(issues({ ...valid, events: [...wrong, { atS: 1 }] })).toEqual(['events[3]: expected exactly one of "set" or "action", found an object']);
    expect(issues({ ...valid, events: wrong })).toEqual([
      'events[0].atS: expected a time within the run (0 to 10 s), found 20',
      'events[1].set.arrivalRate: expected a number from 0.1 to 5000 (req/s), found 1000000000',
      'events[2].action: expected no action (this lab has none), found "stopNode"',
    ]);
  });

  it('checks expectations', () => {
    expect(issues({ ...valid, expectations: [{ metric: 'x', op: '~', value: 1 }] })).toEqual([
      'expectations[0].op: expected one of "<", "<=", ">", ">=", "==", "!=", "approx", found "~"',
    ]);
    expect(issues({ ...valid, expectations: [{ metric: 'x', op: 'approx', value: 1 }] })).toEqual([
      'expectations[0].tolerance: expected a tolerance for op "approx", found nothing',
    ]);
  });

  it('rejects things that are not scenarios at all', () => {
    expect(issues(null)).toEqual(['(scenario): expected object, found null']);
    expect(issues([1])).toEqual(['(scenario): expected object, found a list']);
  });
});

describe('parseJson', () => {
  it('reports malformed JSON', () => {
    const result = parseJson('{"name": ');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.message).toMatch(/^not valid JSON: /);
  });
});

describe('hostile scenario files (issue 19 probes)', () => {
  it('reads a file that starts with a byte order mark', () => {
    const parsed = parseJson(`\uFEFF${JSON.stringify(valid)}`);
    expect(parsed.ok).toBe(true);
  });

  it('reports the first 20 of 40,000 bad events and counts the rest in one line (400k printed 34 MB before)', () => {
    const events = Array.from({ length: 40_000 }, () => ({ atS: -1, set: { arrivalRate: 1 } }));
    const found = issues({ ...valid, events });
    expect(found).toHaveLength(21);
    expect(found[20]).toBe('(scenario): and 39,980 more problems');
  });

  it('checks the arguments of scripted actions against the lab (a burst of -5 or 1e9 is refused)', () => {
    const scenario = { name: 'b', title: 'B', lab: 'pooling', durationS: 10 };
    expect(issues({ ...scenario, events: [{ atS: 1, action: 'burst', args: { requests: -5 } }] })).toEqual([
      'events[0].args: burst: expected "requests" to be a whole number from 1 to 100000, found -5',
    ]);
    expect(issues({ ...scenario, events: [{ atS: 1, action: 'burst', args: { requests: 1e9 } }] })[0]).toContain('found 1000000000');
    expect(issues({ ...scenario, events: [{ atS: 1, action: 'burst', args: { request: 5 } }] })[0]).toContain('unknown argument "request"; its arguments are requests');
    expect(issues({ ...scenario, events: [{ atS: 1, action: 'burst', args: { requests: { deep: 1 } } }] })[0]).toMatch(/^events\[0\]\.args\.requests: /);
  });

  it('refuses "parameters": [] and a parameter called __proto__', () => {
    expect(issues({ ...valid, parameters: [] })).toEqual(['parameters: expected an object of names and values, found a list']);
    const proto = JSON.parse('{"__proto__": 1}') as Record<string, unknown>;
    expect(issues({ ...valid, parameters: proto })[0]).toContain('__proto__');
  });
});

