import { useState } from 'react';
import { findPoolLibrary, readPoolSettings } from '../../../settings/libraries';
import { describeMs, type PoolKey } from '../../../settings/poolParams';
import { SnippetError, type SettingsReading } from '../../../settings/reading';
import { poolingParams } from '../params';
import { addressWithPool } from './settingsAddress';
import { ColumnHeads } from '../../../lab/kit/view/ColumnHeads';

const LABELS = new Map(poolingParams.map((p) => [p.key, p.label]));

/** A parameter's value in words: milliseconds with their unit, booleans and choices as they are. */
function shown(key: PoolKey, value: unknown): string {
  if (key === 'poolMaxIdle' && value === 0) return '0 (no cap)';
  if (typeof value !== 'number' || !key.endsWith('Ms')) return String(value);
  if (value === 0) return key === 'borrowTimeoutMs' ? '0 (wait forever)' : key === 'leakDetectionMs' ? '0 (off)' : '0 (never)';
  return value >= 1000 ? `${value} ms (${describeMs(value)})` : `${value} ms`;
}

/** Paste a pool configuration of any of the seven libraries: what it sets, then set the lab's pool to it. */
export function PasteSettings() {
  const [text, setText] = useState('');
  const [reading, setReading] = useState<SettingsReading | null>(null);
  const [error, setError] = useState<string | null>(null);
  const read = () => {
    setReading(null);
    setError(null);
    try {
      setReading(readPoolSettings(text));
    } catch (e) {
      if (!(e instanceof SnippetError)) throw e;
      setError(`Line ${e.line}: ${e.reason}`);
    }
  };
  const apply = () => {
    if (reading) window.location.hash = addressWithPool(window.location.hash, reading.params);
  };
  return (
    <div className="pooling-paste">
      <h3>From your code</h3>
      <label htmlFor="pooling-paste-text">
        Paste a psycopg2, psycopg 3, SQLAlchemy, node-postgres, Go, HikariCP (properties or Spring application.yml) or pgbouncer.ini pool configuration:
      </label>
      <textarea
        id="pooling-paste-text"
        data-testid="pooling-paste-text"
        rows={6}
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={'spring.datasource.hikari.maximum-pool-size=20\nspring.datasource.hikari.connection-timeout=2000'}
      />
      <div className="pooling-paste-actions">
        <button type="button" className="chip-button" onClick={read} disabled={text.trim() === ''} data-testid="pooling-paste-read">
          Read
        </button>
        <button type="button" className="chip-button" onClick={apply} disabled={reading === null} data-testid="pooling-paste-apply">
          Set the lab&apos;s pool (restarts the run)
        </button>
      </div>
      {error !== null && (
        <p className="pooling-paste-error" role="alert" data-testid="pooling-paste-error">
          {error}
        </p>
      )}
      {reading !== null && <ReadingTable reading={reading} />}
    </div>
  );
}

function ReadingTable({ reading }: { reading: SettingsReading }) {
  return (
    <div className="pooling-reading" data-testid="pooling-reading">
      <p>
        Read as <strong>{findPoolLibrary(reading.library)?.title ?? reading.library}</strong>:
      </p>
      <table>
        <ColumnHeads columns={['Parameter', 'Value', 'From']} />
        <tbody>
          {reading.read.map((r) => (
            <tr key={r.key} className="pooling-reading--read">
              <td>{LABELS.get(r.key) ?? r.key}</td>
              <td>{shown(r.key, r.value)}</td>
              <td>
                line {r.line}: <code>{r.from}</code>
              </td>
            </tr>
          ))}
          {reading.defaults.map((d) => (
            <tr key={d.key} className="pooling-reading--default">
              <td>{LABELS.get(d.key) ?? d.key}</td>
              <td>{shown(d.key, d.value)}</td>
              <td>default: {d.why}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {reading.ignored.length > 0 && (
        <>
          <p>Ignored (the lab does not model them):</p>
          <ul className="pooling-reading-ignored" data-testid="pooling-reading-ignored">
            {reading.ignored.map((i) => (
              <li key={`${i.line}:${i.setting}`}>
                line {i.line}: <code>{i.setting}</code>: {i.why}
              </li>
            ))}
          </ul>
        </>
      )}
      {reading.notes.length > 0 && (
        <ul className="pooling-reading-notes">
          {reading.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
