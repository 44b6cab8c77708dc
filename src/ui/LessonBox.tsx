import type { LabDefinition } from '../lab/labDefinition';
import { useAppStore } from '../store/store';

/** "What to notice": the scenario's lesson, or the lab's. */
export function LessonBox({ lab }: { lab: LabDefinition }) {
  const lesson = useAppStore((s) => s.scenario.base?.lesson);
  const title = useAppStore((s) => (s.scenario.presetName !== null ? s.scenario.base?.title : undefined));
  return (
    <section className="panel lesson" aria-labelledby="lesson-title">
      <h2 id="lesson-title">What to notice</h2>
      {title !== undefined && <p className="lesson-scenario">{title}</p>}
      <p>{lesson ?? lab.lesson}</p>
    </section>
  );
}
