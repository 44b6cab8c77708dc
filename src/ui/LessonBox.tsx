import type { AnyLab } from '../lab/defineLab';
import { useAppStore } from '../store/store';

/**
 * "What to notice", at the top of the side panel above the presets: the active preset's title,
 * set-up and lesson (or the lab's own lesson with its defaults), in view beside the stage.
 */
export function LessonBox({ lab }: { lab: AnyLab }) {
  const lesson = useAppStore((s) => s.scenario.base?.lesson);
  const preset = useAppStore((s) => (s.scenario.presetName !== null ? (s.scenario.base ?? null) : null));
  return (
    <section className={preset !== null ? 'panel lesson lesson--preset' : 'panel lesson'} aria-labelledby="lesson-title" data-testid="lesson">
      <h2 id="lesson-title">
        <span className="lesson-kicker">What to notice</span>
        {preset !== null ? (
          <span className="lesson-scenario">
            <span className="visually-hidden">: preset </span>
            {preset.title}
          </span>
        ) : (
          <span className="lesson-scenario lesson-scenario--defaults">
            <span className="visually-hidden">: </span>
            {lab.title} with its default parameters
          </span>
        )}
      </h2>
      {preset?.description !== undefined && <p className="lesson-setup">{preset.description}</p>}
      <p className="lesson-text">{lesson ?? lab.lesson}</p>
    </section>
  );
}

/**
 * The lesson as a subtitle under the stage (presenter view, embedded lab): the preset's title and
 * its "what to notice", large enough to read from the back of a room.
 */
export function LessonCaption({ lab }: { lab: AnyLab }) {
  const lesson = useAppStore((s) => s.scenario.base?.lesson);
  const title = useAppStore((s) => (s.scenario.presetName !== null ? (s.scenario.base?.title ?? null) : null));
  return (
    <section className="lesson-caption" aria-label="What to notice" data-testid="lesson-caption">
      <p>
        <strong>{title ?? lab.title}</strong> {lesson ?? lab.lesson}
      </p>
    </section>
  );
}
