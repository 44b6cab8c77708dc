import { describe, expect, it } from 'vitest';
import { demoDataSql, MAX_CUSTOMERS } from './demoDataset';

describe('the demo dataset', () => {
  it('is generated from the scale and seed alone: no random(), no clock, same text for the same inputs', () => {
    for (const customers of [1000, 10_000, MAX_CUSTOMERS]) {
      const sql = demoDataSql({ customers }, 7);
      expect(sql).toBe(demoDataSql({ customers }, 7));
      expect(sql).not.toMatch(/random\(|now\(\)|clock_timestamp|current_timestamp|gen_random/i);
      expect(sql).toContain(`generate_series(1, ${customers})`);
      expect(sql).toContain(`generate_series(1, ${customers * 5})`);
      // The skewed customer of an order multiplies two values below `customers`: past 46,340 that
      // overflows a 32-bit integer unless done in bigint (100k customers failed before).
      expect(sql).toMatch(/% \d+\)::bigint \*/);
    }
    expect(demoDataSql({ customers: 1000 }, 1)).not.toBe(demoDataSql({ customers: 1000 }, 2));
  });

  it('refuses a scale or seed it cannot build, naming the problem', () => {
    expect(() => demoDataSql({ customers: 0 }, 1)).toThrow(/customers must be a whole number from 1 to 100,000, got 0/);
    expect(() => demoDataSql({ customers: 200_000 }, 1)).toThrow(/got 200000/);
    expect(() => demoDataSql({ customers: 1.5 }, 1)).toThrow(/got 1.5/);
    expect(() => demoDataSql({ customers: 1000 }, -1)).toThrow(/seed must be a whole number ≥ 0, got -1/);
  });
});
