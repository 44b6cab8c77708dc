import { describe, expect, it } from 'vitest';
import { PlanParseError, parsePlan } from './parsePlan';
import { loadFixture } from './fixtureTesting';

describe('00 the shapes EXPLAIN output arrives in', () => {
  const { result, rawTop, rawRoot } = loadFixture('11-aggregate.json');
  const reference = parsePlan(result);

  it.each([
    ['the JSON text', JSON.stringify(result)],
    ['the parsed array [{ Plan, … }]', result],
    ['one { Plan, … } object', rawTop],
    ['a bare Plan node', rawRoot],
    ['PGlite result rows [{ "QUERY PLAN": … }]', [{ 'QUERY PLAN': result }]],
    ['result rows holding the JSON text', [{ 'QUERY PLAN': JSON.stringify(result) }]],
  ])('accepts %s', (_name, input) => {
    const tree = parsePlan(input);
    expect(tree.nodes.map((n) => n.title)).toEqual(reference.nodes.map((n) => n.title));
    expect(tree.root.totalCost).toBe(reference.root.totalCost);
  });

  it('keeps Planning and Execution Time only when the top-level object is there', () => {
    expect(parsePlan(rawTop).executionTimeMs).toBe(rawTop['Execution Time']);
    expect(parsePlan(rawRoot).executionTimeMs).toBeUndefined();
  });

  it.each([
    ['not JSON', 'Seq Scan on orders', /not valid JSON/],
    ['an empty array', [], /empty array/],
    ['a number', 42, /expected the output of EXPLAIN \(FORMAT JSON\).*found a number/],
    ['a node without a type', { Plan: { 'Total Cost': 1 } }, /no "Node Type"/],
    ['COSTS OFF output', { Plan: { 'Node Type': 'Seq Scan' } }, /COSTS OFF/],
    ['Plans that is not an array', { Plan: { 'Node Type': 'Sort', 'Total Cost': 1, 'Plan Rows': 1, Plans: {} } }, /"Plans" of node "Sort".*not an array/],
  ])('refuses %s with a message naming the problem', (_name, input, message) => {
    expect(() => parsePlan(input)).toThrow(PlanParseError);
    expect(() => parsePlan(input)).toThrow(message);
  });
});
