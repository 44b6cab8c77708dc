import { useState, type FormEvent } from 'react';
import type { Schedule } from '../schedule';
import { ISOLATION_LEVELS, type IsolationLevel } from '../sql/ast';
import { checkStatement, withSession, withStep, withoutStep } from './replay';

/**
 * A small editor: add a step for a session, remove one, set each session's isolation level, add
 * a session. A statement the lab does not understand is refused with the model's message, and
 * what was typed stays in the box.
 */
export function ScheduleEditor({ schedule, onChange }: { schedule: Schedule; onChange: (next: Schedule) => void }) {
  const sessions = Object.keys(schedule.sessions);
  const [session, setSession] = useState(sessions[0] ?? 'T1');
  const [sql, setSql] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const chosen = sessions.includes(session) ? session : (sessions[0] ?? 'T1');

  function addStep(event: FormEvent) {
    event.preventDefault();
    if (sql.trim() === '') {
      setError('Type a statement first, e.g. select * from test where id = 1');
      return;
    }
    const problem = checkStatement(sql);
    if (problem !== null) {
      setError(`Not added: ${problem}`);
      return;
    }
    setError(null);
    onChange(withStep(schedule, chosen, sql));
    setSql('');
  }

  function addSession(event: FormEvent) {
    event.preventDefault();
    const name = newName.trim();
    if (!/^[A-Za-z][A-Za-z0-9_]{0,19}$/.test(name)) {
      setError(`Not added: a session name is letters, digits and _ (starting with a letter, at most 20 characters), found ${JSON.stringify(name)}`);
      return;
    }
    if (name in schedule.sessions) {
      setError(`Not added: there is already a session ${name}`);
      return;
    }
    setError(null);
    onChange(withSession(schedule, name, 'read committed'));
    setNewName('');
  }

  return (
    <details className="txn-editor" data-testid="schedule-editor">
      <summary>Edit this schedule</summary>
      <div className="txn-editor-body">
        <fieldset>
          <legend>Sessions and their isolation level</legend>
          {sessions.map((name) => (
            <label key={name} className="txn-editor-session">
              {name}{' '}
              <select
                value={schedule.sessions[name]?.isolation ?? 'read committed'}
                onChange={(e) => onChange(withSession(schedule, name, e.target.value as IsolationLevel))}
                aria-label={`Isolation level of ${name}`}
              >
                {ISOLATION_LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {level.toUpperCase()}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <form onSubmit={addSession} className="txn-editor-row">
            <input value={newName} onChange={(e) => setNewName(e.target.value)} placeholder="T3" aria-label="New session name" size={6} />
            <button type="submit">Add session</button>
          </form>
        </fieldset>
        <form onSubmit={addStep} className="txn-editor-row">
          <select value={chosen} onChange={(e) => setSession(e.target.value)} aria-label="Session of the new step">
            {sessions.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
          <input className="txn-editor-sql" value={sql} onChange={(e) => setSql(e.target.value)} placeholder="update test set value = value + 1 where id = 1" aria-label="SQL of the new step" />
          <button type="submit">Add step</button>
        </form>
        {error && (
          <p className="txn-editor-error" role="alert" data-testid="editor-error">
            {error}
          </p>
        )}
        <p className="txn-muted">
          The lab understands: select (columns, count, sum) with WHERE on comparisons, IN, arithmetic, AND/OR, FOR UPDATE / FOR SHARE (NOWAIT, SKIP LOCKED); update … set; insert; delete; begin [isolation level …]; commit; rollback. Tables: {schedule.setup.filter((s) => /^\s*create/i.test(s)).join('; ')}.
        </p>
        <ol className="txn-editor-steps">
          {schedule.steps.map(([who, text], i) => (
            <li key={i}>
              <span>
                <strong>{who}</strong> <code>{text}</code>
              </span>
              <button type="button" onClick={() => onChange(withoutStep(schedule, i))} aria-label={`Remove step ${i + 1}`}>
                ×
              </button>
            </li>
          ))}
        </ol>
      </div>
    </details>
  );
}
