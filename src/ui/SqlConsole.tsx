import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { closeSqlConsole, runConsoleStatement } from '../app/labTools';
import type { DbErrorInfo } from '../db/dbWorkerProtocol';
import { RUNAWAY_SQLSTATE } from '../app/simulationClient';
import type { ConsoleEntry } from '../store/consoleSlice';
import { useAppStore } from '../store/store';
import { labelNamesNode } from './labelNamesNode';
import { ResultTable } from './ResultTable';
import { caretAt } from './sqlValues';
import { SqlEditor, type SqlEditorApi } from './SqlEditor';
import { describeNode, useNodeStatus } from '../cluster/clusterStatusStore';
import type { ClusterNodeStatus } from '../cluster/nodeStatus';

/** One-click examples. */
export const EXAMPLES: readonly string[] = [
  'select * from customers limit 10',
  'select city, count(*) from customers group by city',
  'select count(*) from orders',
  'select status, count(*) from orders group by status',
  'explain select * from orders where customer_id = 42',
];

/** The statements a watchdog stops after (wall time). */
const WATCHDOG_S = 10;

/**
 * The SQL console of a database node: a side panel beside the running lab (the simulation keeps
 * playing). Statements go to the node it was opened on (the primary or a replica), each a real
 * PostgreSQL (PGlite) in a worker of its own; rows and errors are PostgreSQL's own. Esc closes;
 * focus returns to where it was.
 */
export function SqlConsole({ nodeLabel }: { nodeLabel: string }) {
  const entries = useAppStore((s) => s.console.entries);
  const history = useAppStore((s) => s.console.history);
  const db = useAppStore((s) => s.console.db);
  const dbLabel = useAppStore((s) => s.console.dbLabel);
  const nodeId = useAppStore((s) => s.console.nodeId) ?? 'primary';
  const node = useNodeStatus(nodeId);
  const editor = useRef<SqlEditorApi | null>(null);
  const panel = useRef<HTMLElement>(null);
  const running = entries.some((e) => e.result.kind === 'running');

  const run = useCallback((text: string) => {
    if (text.trim() === '') return;
    void runConsoleStatement(text);
  }, []);

  useEffect(() => {
    // Focus the editor on open; give focus back on close.
    const before = document.activeElement as HTMLElement | null;
    editor.current?.focus();
    return () => {
      const primary = document.querySelector<HTMLElement>('[data-node-id="primary"]');
      (before?.isConnected ? before : primary)?.focus({ preventScroll: true });
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    // The editor handles Esc first when it has something to close (completion, search).
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      closeSqlConsole();
    }
  };

  const newestFirst = [...entries].reverse();

  return (
    <aside ref={panel} className="console panel" role="dialog" aria-modal="false" aria-labelledby="console-title" onKeyDown={onKeyDown} data-testid="sql-console">
      <div className="console-head">
        <h2 id="console-title">
          SQL console{' '}
          <span className="console-node" data-testid="console-node" data-node={nodeId}>
            · {nodeLabel}
            {!labelNamesNode(nodeLabel, nodeId) && <code className="console-node-id"> ({nodeId})</code>}
          </span>
        </h2>
        <span className="origin origin--real" title="Statements run on a real PostgreSQL (PGlite) in your browser">
          real
        </span>
        <button type="button" className="icon-button" onClick={closeSqlConsole} aria-label="Close the SQL console (Esc)" title="Close (Esc)">
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <DbStatus db={db} label={dbLabel} nodeId={nodeId} node={node} />
      <SqlEditor initial={history[history.length - 1] ?? ''} history={history} onRun={(text) => !running && run(text)} apiRef={editor} describedBy="console-keys" />
      <div className="console-actions">
        <button type="button" className="button button--primary" onClick={() => run(editor.current?.text() ?? '')} disabled={running} data-testid="sql-run" aria-keyshortcuts="Control+Enter Meta+Enter">
          {running ? 'Running…' : 'Run'}
        </button>
        <p id="console-keys" className="console-keys">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> runs · <kbd>↑</kbd>/<kbd>↓</kbd> recall · <kbd>Esc</kbd> closes
        </p>
        {running && <Elapsed watched={db === 'ready'} />}
      </div>
      {/* Open until the first statement runs, then folded away to leave room for results. */}
      <details className="console-examples" open={entries.length === 0}>
        <summary>Examples</summary>
        <div className="console-chips" role="group" aria-label="Example statements (click to run)">
          {EXAMPLES.map((example) => (
            <button
              key={example}
              type="button"
              className="chip"
              disabled={running}
              onClick={() => {
                editor.current?.setText(example);
                run(example);
              }}
            >
              <code>{example}</code>
            </button>
          ))}
        </div>
      </details>
      {history.length > 0 && <HistoryList history={history} onPick={(sql) => editor.current?.setText(sql)} />}
      <div className="console-results" aria-live="polite" data-testid="sql-results">
        {newestFirst.length === 0 && (
          <p className="panel-note">
            Tables: <code>customers</code> (1,000 rows), <code>orders</code>, <code>order_items</code>, <code>products</code>, <code>categories</code>,{' '}
            <code>accounts</code>. Anything PostgreSQL accepts runs here, on the same primary the lab&apos;s requests use.
          </p>
        )}
        {newestFirst.map((entry) => (
          <ResultEntry key={entry.id} entry={entry} onRecall={() => editor.current?.setText(entry.sql)} />
        ))}
      </div>
    </aside>
  );
}

function DbStatus({ db, label, nodeId, node }: { db: string; label: string | null; nodeId: string; node: ClusterNodeStatus | undefined }) {
  let text: string;
  // Once the cluster reports this node, its own state says it all (a replica may be stopped or
  // restarting while the primary is fine).
  if (node !== undefined && db !== 'restarting') {
    const busy = node.state === 'booting' || node.state === 'restarting';
    return (
      <div className={`console-status console-status--${node.state === 'running' ? 'ready' : busy ? 'booting' : 'cold'}`} role="status" data-testid="db-status">
        {busy && <span className="spinner" aria-hidden="true" />}
        {node.state === 'running' ? `Ready: ${describeNode(node, { withState: false })}` : describeNode(node)}
        {node.role === 'replica' && node.state === 'running' && ' (read-only, as a hot standby is)'}
      </div>
    );
  }
  switch (db) {
    case 'booting':
      text = `${label ?? 'Starting PostgreSQL (PGlite)'}… (first use only; 5–15 s)`;
      break;
    case 'restarting':
      text = `${nodeId} is restarting after a runaway statement… (the rest of the lab keeps running)`;
      break;
    case 'ready':
      text = 'Ready: PGlite (real PostgreSQL, in a worker of its own) with the demo dataset.';
      break;
    default:
      text = 'PostgreSQL starts with your first statement (5–15 s, once per page).';
  }
  const busy = db === 'booting' || db === 'restarting';
  return (
    <div className={`console-status console-status--${db}`} role="status" data-testid="db-status">
      {busy && <span className="spinner" aria-hidden="true" />}
      {text}
    </div>
  );
}

function Elapsed({ watched }: { watched: boolean }) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = performance.now();
    const timer = setInterval(() => setSeconds(Math.floor((performance.now() - started) / 1000)), 500);
    return () => clearInterval(timer);
  }, []);
  return (
    <p className="console-elapsed" aria-live="off">
      {seconds} s{watched && seconds >= 3 && ` · a statement running over ${WATCHDOG_S} s is stopped and the node restarted`}
    </p>
  );
}

function HistoryList({ history, onPick }: { history: readonly string[]; onPick: (sql: string) => void }) {
  const recent = history.slice(-12).reverse();
  return (
    <details className="console-history">
      <summary>History ({history.length})</summary>
      <ol>
        {recent.map((sql, i) => (
          <li key={`${i}-${sql}`}>
            <button type="button" className="history-item" onClick={() => onPick(sql)} title="Put this statement back in the editor">
              <code>{sql}</code>
            </button>
          </li>
        ))}
      </ol>
    </details>
  );
}

function ResultEntry({ entry, onRecall }: { entry: ConsoleEntry; onRecall: () => void }) {
  const { result } = entry;
  const time = entry.wallMs === null ? '' : ` · ${entry.wallMs < 1000 ? `${Math.round(entry.wallMs)} ms` : `${(entry.wallMs / 1000).toFixed(1)} s`}`;
  return (
    <article className={`result result--${result.kind}`} data-testid="sql-result">
      <div className="result-head">
        <button type="button" className="result-sql" onClick={onRecall} title="Put this statement back in the editor">
          <code>{entry.sql}</code>
        </button>
      </div>
      {result.kind === 'running' && <p className="result-meta">Running…</p>}
      {result.kind === 'rows' && (
        <>
          <p className="result-meta">
            <span className="origin origin--real">real</span>{' '}
            <strong data-testid="sql-rowcount">
              {result.rowCount.toLocaleString('en-US')} {result.rowCount === 1 ? 'row' : 'rows'}
            </strong>
            {result.truncated && `, showing first ${result.rows.length.toLocaleString('en-US')}`} from PGlite{time}
          </p>
          {result.fields.length > 0 && <ResultTable fields={result.fields} rows={result.rows} caption={`Result of ${entry.sql}`} />}
        </>
      )}
      {result.kind === 'error' && <SqlError error={result.error} sql={entry.sql} time={time} />}
    </article>
  );
}

/** PostgreSQL's error as it reported it: message, SQLSTATE, detail, hint and where in the statement. */
function SqlError({ error, sql, time }: { error: DbErrorInfo; sql: string; time: string }) {
  const runaway = error.code === RUNAWAY_SQLSTATE;
  const caret = error.position !== undefined ? caretAt(sql, Number(error.position)) : null;
  return (
    <div className="error-box sql-error" role="alert" data-testid="sql-error">
      <p className="sql-error-title">
        {runaway ? 'Stopped by the watchdog' : error.code !== undefined ? 'PostgreSQL error' : 'Error'}
        {error.code !== undefined && (
          <code className="sqlstate" data-testid="sqlstate">
            SQLSTATE {error.code}
          </code>
        )}
        <span className="result-time">{time.replace(' · ', '')}</span>
      </p>
      <p className="sql-error-message">{error.message}</p>
      {caret !== null && (
        <pre className="sql-error-caret" aria-label={`at character ${error.position}`}>
          {caret.line}
          {'\n'}
          {' '.repeat(caret.column)}^
        </pre>
      )}
      <dl className="sql-error-fields">
        {error.detail !== undefined && (
          <div>
            <dt>Detail</dt>
            <dd>{error.detail}</dd>
          </div>
        )}
        {error.hint !== undefined && (
          <div>
            <dt>Hint</dt>
            <dd>{error.hint}</dd>
          </div>
        )}
        {error.position !== undefined && (
          <div>
            <dt>Position</dt>
            <dd>character {error.position}</dd>
          </div>
        )}
      </dl>
      {runaway && <p className="panel-note">The node is back once the status above says running; what it had changed since its image was taken is gone.</p>}
    </div>
  );
}
