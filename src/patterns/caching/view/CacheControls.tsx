import { useState } from 'react';
import type { LabViewApi } from '../../../lab/view';
import type { CachingDetail } from '../detail';
import type { CachingParams } from '../params';

type Api = LabViewApi<CachingParams, CachingDetail>;

/** The lab's actions as buttons: the same actions a scenario scripts (recorded in the address). */
export function CacheControls({ detail, api, disabled }: { detail: CachingDetail; api: Api; disabled: boolean }) {
  const [key, setKey] = useState(1);
  const hasCache = detail.strategy !== 'none';
  const validKey = Number.isInteger(key) && key >= 1 && key <= detail.keys;
  return (
    <div className="cache-controls" role="group" aria-label="Cache actions">
      {hasCache &&
        (detail.cacheUp ? (
          <button type="button" className="button" disabled={disabled} onClick={() => api.runAction('crashCache', {})}>
            Crash the cache
          </button>
        ) : (
          <button type="button" className="button" disabled={disabled} onClick={() => api.runAction('restartCache', {})}>
            Restart the cache
          </button>
        ))}
      {detail.strategy === 'write-behind' && (
        <button type="button" className="button" disabled={disabled || !detail.cacheUp} onClick={() => api.runAction('flushNow', {})}>
          Flush now
        </button>
      )}
      {hasCache && (
        <span className="cache-expire">
          <label>
            Key{' '}
            <input
              type="number"
              min={1}
              max={detail.keys}
              step={1}
              value={key}
              aria-label="Key to expire"
              onChange={(e) => setKey(Number(e.target.value))}
            />
          </label>
          <button type="button" className="button" disabled={disabled || !validKey} onClick={() => api.runAction('expireKey', { key })} title="Key 1 is the hottest under Zipf popularity">
            Expire key {validKey ? key : ''}
          </button>
        </span>
      )}
      <button type="button" className="button" disabled={disabled} onClick={() => api.runAction('writeBurst', { writes: 500 })}>
        Write burst (500)
      </button>
    </div>
  );
}
