import { describe, expect, it } from 'vitest';
import { labelNamesNode } from './labelNamesNode';

describe('labelNamesNode', () => {
  it('is true when the label already says the id, whatever its case or surroundings', () => {
    expect(labelNamesNode('Primary (PostgreSQL)', 'primary')).toBe(true);
    expect(labelNamesNode('replica-1', 'replica-1')).toBe(true);
  });

  it('is false when the id would tell the reader something the label does not', () => {
    expect(labelNamesNode('Shard 2', 'shard-2')).toBe(false);
    expect(labelNamesNode('Orders database', 'primary')).toBe(false);
  });
});
