import { useState, type FormEvent } from 'react';
import type { AnyLab } from '../../lab/defineLab';
import { checkParam, type ParamSpec, type ParamValue } from '../../lab/params';
import { splitHash } from '../../app/router';
import { desiredHash } from '../../app/urlSync';
import { appStore, useAppStore } from '../../store/store';
import { comparisonHash } from './comparisonUrl';

/** B's starting value for a parameter: the other choice for a switch or a list, the same number otherwise. */
function otherValue(spec: ParamSpec, current: ParamValue | undefined): string {
  const value = current ?? spec.default;
  if (spec.kind === 'boolean') return String(!value);
  if (spec.kind === 'enum') return spec.options.find((o) => o.value !== value)?.value ?? String(value);
  return String(value);
}

/** A's state as the lab's address writes it (what the comparison replays as A). */
function currentLabQuery(): string {
  const hash = desiredHash(appStore.getState()) ?? window.location.hash;
  return splitHash(hash).query.toString();
}

/**
 * "Compare…" on the lab page: the run's parameters (and live changes) as A; the learner picks one
 * parameter and B's value, and the comparison opens at its own address (#/compare/<lab>?…&b=…).
 */
export function CompareEntry({ lab }: { lab: AnyLab }) {
  const params = useAppStore((s) => s.scenario.runParams);
  const [key, setKey] = useState<string>(lab.sweep?.param ?? lab.params[0]?.key ?? '');
  const spec = lab.params.find((p) => p.key === key);
  const [raw, setRaw] = useState<string | null>(null);
  const shown = raw ?? (spec === undefined ? '' : otherValue(spec, params[spec.key]));
  const checked = spec === undefined ? null : checkParam(spec, shown);
  const same = checked !== null && checked.ok && spec !== undefined && checked.value === (params[spec.key] ?? spec.default);
  const open = (event: FormEvent) => {
    event.preventDefault();
    if (spec === undefined || checked === null || !checked.ok || same) return;
    window.location.assign(comparisonHash(lab.id, currentLabQuery(), [{ key: spec.key, value: checked.value }]));
  };
  return (
    <details className="panel compare-entry" data-testid="compare-entry">
      <summary id="compare-entry-summary">
        <strong>Compare…</strong> this run with one parameter changed (A/B)
      </summary>
      <form onSubmit={open}>
        <p className="panel-note">A: this run as it is (same scenario, seed and changes). B: the same with one parameter changed.</p>
        <label>
          Parameter
          <select
            value={key}
            onChange={(e) => {
              setKey(e.target.value);
              setRaw(null);
            }}
          >
            {lab.params.map((p) => (
              <option key={p.key} value={p.key}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        {spec !== undefined && (
          <label>
            B&apos;s value{spec.kind === 'number' || spec.kind === 'integer' ? ` (${spec.min}–${spec.max}${spec.unit ? ` ${spec.unit}` : ''})` : ''}
            {spec.kind === 'boolean' || spec.kind === 'enum' ? (
              <select value={shown} onChange={(e) => setRaw(e.target.value)}>
                {(spec.kind === 'boolean' ? [{ value: 'true', label: 'on' }, { value: 'false', label: 'off' }] : spec.options).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input type="number" inputMode="decimal" min={spec.min} max={spec.max} step={spec.step ?? 'any'} value={shown} onChange={(e) => setRaw(e.target.value)} aria-invalid={checked?.ok === false} />
            )}
          </label>
        )}
        {checked !== null && !checked.ok && (
          <p className="compare-entry-error" role="alert">
            {spec?.label}: {checked.message}
          </p>
        )}
        {same && <p className="panel-note">That is A&apos;s value too: choose another one for B.</p>}
        <button type="submit" className="button button--primary" disabled={checked === null || !checked.ok || same}>
          Open the comparison
        </button>
      </form>
    </details>
  );
}
