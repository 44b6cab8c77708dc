import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import { formatData, formatSeconds } from '../app/format';
import { LOG_LIMIT, type LogRow } from '../store/snapshotSlice';
import { useAppStore } from '../store/store';

/** What happened, newest last: the run's trace as it streams in (the last 500 entries). */
export function EventLog() {
  const log = useAppStore((s) => s.snapshot.log);
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const onScreen = useRef(false);

  // Follow new entries while the reader is at the bottom; stay put if they scrolled up. Only
  // while the log is on screen: reading scrollHeight lays the table out at once, and below the
  // fold (where the log usually is) the browser skips that layout altogether (content-visibility).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el !== null && stick.current && onScreen.current) el.scrollTop = el.scrollHeight;
  }, [log]);

  useEffect(() => {
    const el = scroller.current;
    if (el === null || typeof IntersectionObserver === 'undefined') {
      onScreen.current = true;
      return;
    }
    const observer = new IntersectionObserver(([entry]) => {
      onScreen.current = entry?.isIntersecting ?? true;
      if (onScreen.current && stick.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const el = scroller.current;
    if (el !== null) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };

  return (
    <section className="panel log" aria-labelledby="log-title">
      <h2 id="log-title">
        Event log <span className="panel-count">(last {LOG_LIMIT}; {log.length} shown)</span>
      </h2>
      <div className="log-scroll" ref={scroller} onScroll={onScroll} tabIndex={0} role="region" aria-label="Event log entries">
        <table>
          <colgroup>
            <col className="log-col-t" />
            <col className="log-col-actor" />
            <col className="log-col-event" />
            <col />
          </colgroup>
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
              <LogEntry key={row.seq} row={row} />
            ))}
          </tbody>
        </table>
        {log.length === 0 && <p className="panel-note log-empty">Nothing logged yet. Press Play or step through the run.</p>}
      </div>
    </section>
  );
}

/** One row; rows are kept objects, so a row already shown is not rendered again when the log grows. */
const LogEntry = memo(function LogEntry({ row }: { row: LogRow }) {
  return (
    <tr>
      <td className="num">{formatSeconds(row.t)}</td>
      <td>{row.actor}</td>
      <td>{row.kind}</td>
      <td className="log-data">{formatData(row.data)}</td>
    </tr>
  );
});
