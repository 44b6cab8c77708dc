import { tourBack, tourNext, useTour } from '../app/tourPlayer';
import { stepLabel, tourTitle } from '../tour/tourSteps';
import { useAppStore } from '../store/store';
import './tour.css';

/**
 * A guided tour under the stage: the caption of the step the run stands at, "Step k of n", Back
 * and Next (→ ← and a clicker's PageDown / PageUp do the same); in the presenter view it is the
 * subtitle. The step's highlight outlines a node of the stage, a chart or a headline figure.
 */
export function TourBar() {
  const scenario = useTour((s) => s.scenario);
  const steps = useTour((s) => s.steps);
  const ready = useTour((s) => s.times !== null);
  const index = useTour((s) => s.index);
  const goingTo = useTour((s) => s.goingTo);
  const chartIndex = useAppStore((s) => {
    const chart = index >= 0 ? steps[index]?.highlight?.chart : undefined;
    return chart === undefined ? -1 : (s.snapshot.latest?.charts.findIndex((c) => c.id === chart) ?? -1);
  });
  if (scenario === null) return null;
  const step = index >= 0 ? steps[index] : undefined;
  const moving = goingTo !== null && goingTo !== index;
  const status = !ready ? 'Finding the steps…' : moving ? `Running to step ${goingTo + 1} of ${steps.length}…` : stepLabel(index, steps.length);
  return (
    <section className="tour-bar" aria-label="Guided tour" data-testid="tour-bar" data-step={index + 1} data-moving={moving || undefined}>
      <p className="tour-caption" aria-live="polite" data-testid="tour-caption">
        {step === undefined ? (
          <>
            <strong>Guided tour: {tourTitle(scenario.title)}.</strong> Press Next (→ or PageDown) to run to the first step; the run pauses at each.
          </>
        ) : (
          step.caption
        )}
      </p>
      <div className="tour-controls">
        <button type="button" className="button button--small" onClick={tourBack} disabled={!ready || (index < 0 && !moving)} aria-keyshortcuts="ArrowLeft PageUp" data-testid="tour-back">
          ← Back
        </button>
        <span className="tour-step" data-testid="tour-step">
          {status}
        </span>
        <button
          type="button"
          className="button button--small tour-next"
          onClick={tourNext}
          disabled={!ready || (index >= steps.length - 1 && !moving)}
          aria-keyshortcuts="ArrowRight PageDown"
          data-testid="tour-next"
        >
          Next →
        </button>
      </div>
      {step?.highlight !== undefined && !moving && <HighlightStyle node={step.highlight.node} figure={step.highlight.figure} chartIndex={chartIndex} />}
    </section>
  );
}

/** Outline what a step points at; the names were checked against the lab when the scenario was read. */
function HighlightStyle({ node, figure, chartIndex }: { node?: string; figure?: string; chartIndex: number }) {
  const rules: string[] = [];
  if (node !== undefined) rules.push(`.stage [data-node-id=${JSON.stringify(node)}] > .node-box { stroke: var(--focus); stroke-width: 4px; }`);
  if (figure !== undefined) rules.push(`.figures [data-key=${JSON.stringify(figure)}] { outline: 3px solid var(--focus); outline-offset: 2px; }`);
  if (chartIndex >= 0) rules.push(`.charts > :nth-child(${chartIndex + 1}) { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 8px; }`);
  return <style data-testid="tour-highlight">{rules.join('\n')}</style>;
}
