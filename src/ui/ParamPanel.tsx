import { useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { changeParam } from '../app/commands';
import type { AnyLab } from '../lab/defineLab';
import type { BooleanParam, EnumParam, NumberParam, ParamSpec } from '../lab/params';
import { useAppStore } from '../store/store';

/** The lab's parameters, grouped, each with its unit, range and one-line description. */
export function ParamPanel({ lab }: { lab: AnyLab }) {
  const groups = new Map<string, ParamSpec[]>();
  for (const spec of lab.params) {
    const group = spec.group ?? 'Parameters';
    groups.set(group, [...(groups.get(group) ?? []), spec]);
  }
  const anyFixed = lab.params.some((p) => !p.live);
  return (
    <section className="panel params" aria-labelledby="params-title">
      <h2 id="params-title" tabIndex={-1}>
        Parameters
      </h2>
      <p className="panel-note">
        Changes to <strong>live</strong> parameters apply to the running simulation at once.
        {anyFixed ? ' The others apply when you press Reset.' : ''}
      </p>
      {[...groups].map(([group, specs]) => (
        <fieldset key={group} className="param-group">
          <legend>{group}</legend>
          {specs.map((spec) => (
            <ParamControl key={spec.key} spec={spec} />
          ))}
        </fieldset>
      ))}
    </section>
  );
}

function ParamControl({ spec }: { spec: ParamSpec }) {
  const value = useAppStore((s) => s.scenario.params[spec.key]);
  const next = useAppStore((s) => s.scenario.nextParams[spec.key]);
  const error = useAppStore((s) => s.scenario.paramErrors[spec.key]);
  const id = `param-${spec.key}`;
  const pending = next !== undefined && next !== value;
  const describedBy = [`${id}-desc`, error !== undefined ? `${id}-error` : null, pending ? `${id}-pending` : null].filter(Boolean).join(' ');
  return (
    <div className={`param${error !== undefined ? ' param--invalid' : ''}`} data-param={spec.key}>
      {spec.kind === 'boolean' ? (
        <BooleanControl spec={spec} id={id} value={(next ?? value) as boolean} describedBy={describedBy} />
      ) : spec.kind === 'enum' ? (
        <EnumControl spec={spec} id={id} value={String(next ?? value ?? spec.default)} describedBy={describedBy} />
      ) : (
        <NumberControl spec={spec} id={id} value={Number(next ?? value ?? spec.default)} describedBy={describedBy} invalid={error !== undefined} />
      )}
      <p id={`${id}-desc`} className="param-desc">
        {spec.description}{' '}
        <span className={spec.live ? 'param-live' : 'param-fixed'}>{spec.live ? 'live' : 'applies on reset'}</span>
      </p>
      {pending && (
        <p id={`${id}-pending`} className="param-pending">
          Changed to {String(next)} — press Reset to apply.
        </p>
      )}
      {error !== undefined && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function BooleanControl({ spec, id, value, describedBy }: { spec: BooleanParam; id: string; value: boolean; describedBy: string }) {
  return (
    <div className="param-head">
      <input id={id} type="checkbox" checked={value} onChange={(e) => changeParam(spec.key, e.target.checked)} aria-describedby={describedBy} />
      <label htmlFor={id} className="param-label">
        {spec.label}
      </label>
    </div>
  );
}

function EnumControl({ spec, id, value, describedBy }: { spec: EnumParam; id: string; value: string; describedBy: string }) {
  return (
    <>
      <div className="param-head">
        <label htmlFor={id} className="param-label">
          {spec.label}
        </label>
      </div>
      <select id={id} value={value} onChange={(e) => changeParam(spec.key, e.target.value)} aria-describedby={describedBy}>
        {spec.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}

/** Slider positions for log-scale parameters. */
const LOG_STEPS = 1000;

function isLogScale(spec: NumberParam): boolean {
  return spec.logScale === true && spec.min > 0;
}

/** A value rounded the way a slider should produce it: three significant digits, on the step. */
function tidy(spec: NumberParam, v: number): number {
  let out = Number(v.toPrecision(3));
  if (spec.kind === 'integer') out = Math.round(out);
  else if (spec.step !== undefined && spec.step > 0) out = Number((Math.round(out / spec.step) * spec.step).toFixed(6));
  return Math.min(spec.max, Math.max(spec.min, out));
}

function toSlider(spec: NumberParam, v: number, log: boolean): number {
  if (!log) return v;
  const lo = Math.log(spec.min);
  const hi = Math.log(spec.max);
  return Math.round(((Math.log(Math.max(v, spec.min)) - lo) / (hi - lo)) * LOG_STEPS);
}

function fromSlider(spec: NumberParam, position: number, log: boolean): number {
  if (!log) return position;
  const lo = Math.log(spec.min);
  const hi = Math.log(spec.max);
  return tidy(spec, Math.exp(lo + (position / LOG_STEPS) * (hi - lo)));
}

function rangeText(spec: NumberParam): string {
  const n = (v: number) => v.toLocaleString('en-US');
  return `${n(spec.min)} – ${n(spec.max)}${spec.unit ? ` ${spec.unit}` : ''}${isLogScale(spec) ? ', log scale' : ''}`;
}

function NumberControl({ spec, id, value, describedBy, invalid }: { spec: NumberParam; id: string; value: number; describedBy: string; invalid: boolean }) {
  const log = isLogScale(spec);
  const [text, setText] = useState<string | null>(null);
  const [slider, setSlider] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const commitText = () => {
    if (text === null) return;
    // A refused value stays in the box with its reason shown; the run carries on untouched.
    if (changeParam(spec.key, text)) setText(null);
  };
  const onSlider = (event: ChangeEvent<HTMLInputElement>) => {
    const position = Number(event.target.value);
    setSlider(position);
    setText(null);
    if (timer.current !== null) clearTimeout(timer.current);
    // Apply once the slider rests, so a drag is one change rather than hundreds.
    timer.current = setTimeout(() => {
      timer.current = null;
      changeParam(spec.key, fromSlider(spec, position, log));
      setSlider(null);
    }, 150);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commitText();
    if (event.key === 'Escape') setText(null);
  };
  const shownValue = slider !== null ? fromSlider(spec, slider, log) : value;
  return (
    <>
      <div className="param-head">
        <label htmlFor={id} className="param-label">
          {spec.label}
        </label>
        <span className="param-input">
          <input
            id={id}
            type="text"
            inputMode="decimal"
            value={text ?? String(shownValue)}
            onChange={(e) => setText(e.target.value)}
            onBlur={commitText}
            onKeyDown={onKeyDown}
            aria-invalid={invalid}
            aria-describedby={`${describedBy} ${id}-range`}
            size={7}
          />
          {spec.unit !== undefined && <span className="param-unit">{spec.unit}</span>}
        </span>
      </div>
      <input
        type="range"
        className="param-slider"
        min={log ? 0 : spec.min}
        max={log ? LOG_STEPS : spec.max}
        step={log ? 1 : (spec.step ?? (spec.kind === 'integer' ? 1 : 'any'))}
        value={slider ?? toSlider(spec, value, log)}
        onChange={onSlider}
        aria-label={`${spec.label} slider`}
        aria-valuetext={`${shownValue}${spec.unit ? ` ${spec.unit}` : ''}`}
        aria-describedby={`${id}-range`}
      />
      <p id={`${id}-range`} className="param-range">
        {rangeText(spec)}
      </p>
    </>
  );
}
