import { useLayoutEffect, useRef } from 'react';
import { formatData, formatSeconds } from '../app/format';
import { LOG_LIMIT } from '../store/snapshotSlice';
import { useAppStore } from '../store/store';

/** What happened, newest last: the run's trace as it streams in (the last 500 entries). */
export function EventLog() {
  const log = useAppStore((s) => s.snapshot.log);
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  // Follow new entries while the reader is at the bottom; stay put if they scrolled up.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el !== null && stick.current) el.scrollTop = el.scrollHeight;
  }, [log]);

  const onScroll = () => {
    const el = scroller.current;
    if (el !== null) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };

  return (
    <section className="panel log" aria-labelledby="log-title">
      <h2 id="log-title">
        Event log <span className="panel-count">(last {LOG_LIMIT}; {log.length} shown)</span>
      </h2>
      <div className="log-scroll" ref={scroller} onScroll={onScroll} tabIndex={0} aria-label="Event log entries">
        <table>
          <thead>
            <tr>
              <th scope="col">t (s)</th>
              <th scope="col">actor</th>
              <th scope="col">event</th>
              <th scope="col">details</th>
            </tr>
          </thead>
          <tbody>
            {log.map((row) => (
              <tr key={row.seq}>
                <td className="num">{formatSeconds(row.t)}</td>
                <td>{row.actor}</td>
                <td>{row.kind}</td>
                <td className="log-data">{formatData(row.data)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {log.length === 0 && <p className="panel-note log-empty">Nothing logged yet. Press Play or step through the run.</p>}
      </div>
    </section>
  );
}
