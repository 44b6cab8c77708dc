import { describe, expect, it } from 'vitest';
import { ServerConnections } from './serverConnections';

describe('ServerConnections (max_connections)', () => {
  it('accepts up to the limit, refuses past it, and remembers the peak', () => {
    let limit = 2;
    const server = new ServerConnections(() => limit);
    expect([server.tryAccept(), server.tryAccept(), server.tryAccept()]).toEqual([true, true, false]);
    expect(server.open).toBe(2);
    server.release();
    expect(server.open).toBe(1);
    expect(server.peak).toBe(2);
    server.resetPeak();
    expect(server.peak).toBe(1);
    limit = 1; // a live change applies to the next attempt
    expect(server.tryAccept()).toBe(false);
  });
});
