import { describe, expect, it } from 'vitest';
import { failureText } from './PanelFailure';

describe('failureText: the one line shown in place of a panel that failed', () => {
  it('says a chunk that could not be fetched could not be loaded, in each browser’s wording', () => {
    for (const message of [
      'Failed to fetch dynamically imported module: http://localhost/assets/PoolingView-x.js',
      'Importing a module script failed.',
      'error loading dynamically imported module: http://localhost/assets/PoolingView-x.js',
    ]) {
      expect(failureText("The Connection pooling lab's panel", new Error(message))).toBe("The Connection pooling lab's panel could not be loaded (offline, or the site was updated meanwhile?).");
    }
  });

  it('names the error a panel threw, on one line and cut short', () => {
    expect(failureText('The SQL console', new Error('bad\n  state'))).toBe('The SQL console stopped with an error: bad state');
    const long = failureText('The SQL console', new Error('x'.repeat(500)));
    expect(long.length).toBeLessThan(200);
    expect(long.endsWith('…')).toBe(true);
  });
});
