import { describe, expect, it } from 'vitest';
import { RealStatementBudget } from './realStatementBudget';

describe('RealStatementBudget', () => {
  it('lets at most `perSecond` statements run for real in each simulated second', () => {
    const budget = new RealStatementBudget(2);
    expect([0, 10, 20, 999].map((t) => budget.take(t))).toEqual([true, true, false, false]);
    expect([1000, 1500, 1999].map((t) => budget.take(t))).toEqual([true, true, false]);
    expect(budget.take(5000)).toBe(true);
  });
});
