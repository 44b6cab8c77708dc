import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exp, ln, pow } from './portableMath';

const ULP = 2.220446049250313e-16;
const ulps = (ours: number, reference: number) => Math.abs(ours - reference) / (Math.abs(reference) * ULP);

describe('portable ln and exp', () => {
  it('agree with Math.log within 1.5 ulp over the whole range (fast-check seed 2718)', () => {
    fc.assert(
      fc.property(fc.double({ min: 5e-324, max: 1.7e308, noNaN: true }), (x) => {
        const reference = Math.log(x);
        if (Math.abs(reference) < 1e-300) return;
        expect(ulps(ln(x), reference)).toBeLessThan(1.5);
      }),
      { seed: 2718, numRuns: 20000 },
    );
  });

  it('agree with Math.exp within 1.5 ulp (fast-check seed 1414)', () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: 709, noNaN: true }), (x) => {
        expect(ulps(exp(x), Math.exp(x))).toBeLessThan(1.5);
      }),
      { seed: 1414, numRuns: 20000 },
    );
  });

  it('handle the edges', () => {
    expect(ln(0)).toBe(-Infinity);
    expect(ln(-1)).toBeNaN();
    expect(ln(Infinity)).toBe(Infinity);
    expect(ln(1)).toBe(0);
    expect(exp(0)).toBe(1);
    expect(exp(1000)).toBe(Infinity);
    expect(exp(-1000)).toBe(0);
    expect(exp(-740)).toBeGreaterThan(0); // subnormal results survive
    expect(pow(2, 10)).toBeCloseTo(1024, 10);
  });

  // Golden bits: these exact values must come out on every engine (Node, Chromium, Firefox…).
  it('return the same bits everywhere (golden values)', () => {
    expect(ln(2)).toBe(0.6931471805599453);
    expect(ln(10)).toBe(2.302585092994046);
    expect(ln(0.123456789)).toBe(-2.091864070778393);
    expect(exp(1)).toBe(2.7182818284590455);
    expect(exp(-3.5)).toBe(0.0301973834223185);
  });
});
