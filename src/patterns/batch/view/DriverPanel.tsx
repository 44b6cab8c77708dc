import { useState } from 'react';
import { CopyButton } from '../../../settings/CopyButton';
import { METHOD_IDS, METHOD_NAMES, METHOD_SUMMARIES, type MethodId } from '../methods';
import { driverCalls, DRIVERS, type Driver } from './driverCalls';

/**
 * "What the driver sends": the call each driver offers for a method (pages of this run's batch
 * size), whether it is a real batch, and what goes over the wire; with a Copy button.
 */
export function DriverPanel({ method, batchSize }: { method: MethodId; batchSize: number }) {
  const [driver, setDriver] = useState<Driver>('psycopg2');
  const [picked, setPicked] = useState<MethodId | null>(null);
  const shown = picked ?? method;
  const call = driverCalls(batchSize)[shown][driver];
  return (
    <section className="batch-drivers" aria-labelledby="batch-drivers-title" data-testid="batch-drivers">
      <h2 id="batch-drivers-title">What the driver sends</h2>
      <div className="batch-driver-bar">
        <label>
          Method{' '}
          <select value={shown} onChange={(e) => setPicked(e.target.value as MethodId)} data-testid="batch-driver-method">
            {METHOD_IDS.map((m) => (
              <option key={m} value={m}>
                {METHOD_NAMES[m]}
                {m === method ? ' (this run)' : ''}
              </option>
            ))}
          </select>
        </label>
        <div className="batch-driver-tabs" role="group" aria-label="Driver">
          {DRIVERS.map((d) => (
            <button key={d} type="button" className="chip-button" aria-pressed={d === driver} onClick={() => setDriver(d)}>
              {d}
            </button>
          ))}
        </div>
      </div>
      <p className="panel-note">{METHOD_SUMMARIES[shown]}.</p>
      {shown === 'executemany' && (
        <p className="batch-callout" role="note">
          <strong>executemany is a loop, not a batch</strong> in psycopg2: one statement and one round trip per row. The seed lists it as the fast path; it is as slow as one transaction of single-row inserts.
        </p>
      )}
      <div className="batch-code-head">
        <span className={call.batch ? 'batch-verdict batch-verdict--batch' : 'batch-verdict batch-verdict--loop'} data-testid="batch-driver-verdict">
          {call.batch ? 'A real batch: rows share a round trip' : 'Not a batch: a round trip per row'}
        </span>
        <CopyButton text={call.code} what={`${driver} code`} testId="batch-driver-copy" />
      </div>
      <pre className="code-block batch-code" data-testid="batch-driver-code">
        <code>{call.code}</code>
      </pre>
      <p className="batch-wire">
        <strong>On the wire:</strong> {call.wire}
      </p>
    </section>
  );
}
