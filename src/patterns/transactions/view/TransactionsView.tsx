import './transactions.css';
import { useMemo, useState } from 'react';
import type { LabViewProps } from '../../../lab/view';
import type { TransactionsLoadDetail } from '../load/detail';
import type { TransactionsParams } from '../params';
import type { Schedule } from '../schedule';
import { PRESET_GROUPS, SWIMLANE_PRESETS } from '../presets/swimlanePresets';
import { replay } from './replay';
import { Swimlane } from './Swimlane';
import { CommittedRows, ConflictsPanel, DeadlockPanel, VersionsTable } from './StatePanels';
import { ScheduleEditor } from './ScheduleEditor';
import { LoadPanel } from './LoadPanel';

/** The transactions lab's panel: the load run's accounts (live), then the step-by-step swimlanes. */
export default function TransactionsView({ api }: LabViewProps<TransactionsParams, TransactionsLoadDetail>) {
  const detail = api.useDetail();
  return (
    <section className="panel lab-view txn-view" aria-label="Transactions" data-testid="transactions-view">
      {detail?.kind === 'transactions-load' && <LoadPanel detail={detail} onOpenTransfer={(id) => void api.openRequest(id)} />}
      <SwimlaneExplorer />
    </section>
  );
}

function SwimlaneExplorer() {
  const [presetId, setPresetId] = useState(SWIMLANE_PRESETS[0]!.id);
  const preset = SWIMLANE_PRESETS.find((p) => p.id === presetId)!;
  const [schedule, setSchedule] = useState<Schedule>(preset.schedule);
  const [edited, setEdited] = useState(false);
  const [position, setPosition] = useState(0);
  const result = useMemo(() => replay(schedule, position), [schedule, position]);
  const total = schedule.steps.length;

  function choose(id: string) {
    const next = SWIMLANE_PRESETS.find((p) => p.id === id)!;
    setPresetId(id);
    setSchedule(next.schedule);
    setEdited(false);
    setPosition(0);
  }
  function step(delta: number | 'start' | 'end') {
    setPosition((p) => (delta === 'start' ? 0 : delta === 'end' ? total : Math.max(0, Math.min(total, p + delta))));
  }
  function edit(next: Schedule) {
    setSchedule(next);
    setEdited(true);
    setPosition((p) => Math.min(p, next.steps.length));
  }

  return (
    <div className="txn-explorer">
      <h2>Step through a schedule</h2>
      <div className="txn-toolbar">
        <label>
          Schedule{' '}
          <select value={presetId} onChange={(e) => choose(e.target.value)} data-testid="txn-preset">
            {PRESET_GROUPS.map((group) => (
              <optgroup key={group} label={group}>
                {SWIMLANE_PRESETS.filter((p) => p.group === group).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => step('start')} disabled={position === 0}>
          |◀ Start
        </button>
        <button type="button" onClick={() => step(-1)} disabled={position === 0} data-testid="txn-back">
          ◀ Back
        </button>
        <button type="button" onClick={() => step(1)} disabled={position >= total} data-testid="txn-forward">
          Step ▶
        </button>
        <button type="button" onClick={() => step('end')} disabled={position >= total} data-testid="txn-end">
          End ▶|
        </button>
        <span className="txn-position" aria-live="polite" data-testid="txn-position">
          {position} of {total} steps issued
        </span>
      </div>
      <p className="txn-notice">
        <strong>What to notice{edited ? ' (in the original preset)' : ''}:</strong> {preset.notice}
      </p>
      {result.ok ? (
        <>
          <Swimlane state={result.state} onStep={step} />
          <CommittedRows state={result.state} />
          <DeadlockPanel state={result.state} />
          <ConflictsPanel state={result.state} />
          <VersionsTable state={result.state} />
        </>
      ) : (
        <div className="txn-problems" role="alert">
          <p>This schedule cannot run:</p>
          <ul>
            {result.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <ScheduleEditor key={presetId} schedule={schedule} onChange={edit} />
      <p className="txn-truth" data-testid="txn-truth">
        Every outcome shown here — who blocks, who fails with which SQLSTATE and message, what each read returns — is the <strong>model’s</strong> (simulated), not a live server’s: a browser has no
        PostgreSQL with concurrent sessions. The model is verified against a real PostgreSQL by the differential suite <em>“transactions: the model agrees with PostgreSQL on the hand-written schedules”</em>{' '}
        (<code>src/patterns/transactions/differential.test.ts</code>, plus random schedules in <code>differential.random.test.ts</code>), which runs {SWIMLANE_PRESETS.filter((p) => p.verified).length} of
        these {SWIMLANE_PRESETS.length} presets{preset.verified ? ', this one included' : '; this one is not among them'}. Keys: with the swimlanes focused, ← and → step back and forward.
      </p>
    </div>
  );
}
