import { describe, expect, it } from 'vitest';
import { fileSlug, metricsCsv } from './exports';

describe('metric export (issue 16)', () => {
  it('writes one row per dotted metric key, as the CLI names them, arrays by index', () => {
    const csv = metricsCsv({ requests: { arrived: 10, failed: 0 }, sloMet: true, shards: { rows: [3, 4] as unknown as number } });
    expect(csv.split('\r\n')).toEqual(['metric,value', 'requests.arrived,10', 'requests.failed,0', 'sloMet,true', 'shards.rows.0,3', 'shards.rows.1,4', '']);
  });

  it('quotes what CSV must quote and keeps full precision', () => {
    const csv = metricsCsv({ 'a,b': 0.1 + 0.2, 'say "hi"': 1 });
    expect(csv).toContain('"a,b",0.30000000000000004');
    expect(csv).toContain('"say ""hi""",1');
  });

  it('names files from chart titles', () => {
    expect(fileSlug('Borrow wait p99 (ms)')).toBe('borrow-wait-p99-ms');
    expect(fileSlug('—')).toBe('chart');
  });
});
