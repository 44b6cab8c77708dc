import { wholeNumberArg } from '../../lab/actionArgs';
import type { CachingSystem } from './model';

/** The lab's actions (lab.ts describes each for scenarios and declares their arguments). */
const ACTIONS = ['crashCache', 'restartCache', 'flushNow', 'expireKey', 'writeBurst'];

/** The key expireKey names: 1 (the hottest under Zipf) unless given; beyond `keys` is bad input (thrown). */
function keyArg(s: CachingSystem, args: Record<string, unknown>): number {
  const key = args.key ?? 1;
  const keys = s.params.values.keys;
  if (typeof key !== 'number' || !Number.isInteger(key) || key < 1 || key > keys) {
    throw new Error(`expireKey: expected "key" to be a whole number from 1 to ${keys} (the keys in use), found ${JSON.stringify(key)}`);
  }
  return key;
}

// Refusals that depend on the moment (a crash of a cache already down) are logged, not thrown: a scripted run goes on.

/** Run one of the lab's actions (a scripted event or a button). */
export function cachingAction(s: CachingSystem, name: string, args: Record<string, unknown>): void {
  switch (name) {
    case 'crashCache':
      return s.crash('crashCache');
    case 'restartCache':
      return s.restart();
    case 'flushNow': {
      if (s.strategy !== 'write-behind') return s.event('refused', `flushNow refused: only write-behind queues writes (this run is ${s.strategy})`);
      if (!s.cacheUp) return s.event('refused', 'flushNow refused: the cache is down (its queue is gone)');
      s.event('flush', `flush now: ${s.queue.pending} pending write${s.queue.pending === 1 ? '' : 's'} sent`);
      return s.queue.flushNow();
    }
    case 'expireKey': {
      const key = keyArg(s, args);
      const cached = s.cache.expire(key, s.env.now);
      return s.event('expire', `key ${key} expired now${cached ? '' : ' (it was not cached)'}`);
    }
    case 'writeBurst': {
      const n = wholeNumberArg('writeBurst', args, 'writes', 100000);
      s.event('burst', `${n} writes at once`);
      for (let i = 0; i < n; i++) s.admit('write');
      return;
    }
    default:
      throw new Error(`unknown action "${name}"; this lab has: ${ACTIONS.join(', ')}`);
  }
}
