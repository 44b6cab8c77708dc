import type { PoolParams } from '../../../settings/poolParams';

/**
 * The lab's address with the pool set to `params`, for a new run from the start: the preset, seed
 * and duration stay; the time and the live edits of the old run go (they belonged to it).
 */
export function addressWithPool(hash: string, params: PoolParams): string {
  const at = hash.indexOf('?');
  const path = at < 0 ? hash : hash.slice(0, at);
  const query = new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
  for (const key of ['t', 'set', 'act']) query.delete(key);
  for (const [key, value] of Object.entries(params)) query.set(key, String(value));
  return `${path.startsWith('#/lab/pooling') ? path : '#/lab/pooling'}?${query.toString()}`;
}
