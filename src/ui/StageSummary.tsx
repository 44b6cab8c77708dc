import { useEffect, useState } from 'react';
import { appStore } from '../store/store';
import { shownHeadline } from '../store/snapshotSlice';
import { stageSummaryText } from './stageSummary';

/** A screen reader hears the stage's summary at most this often while the run plays (ms of wall time). */
const SUMMARY_EVERY_MS = 5000;

function currentSummary(title: string): string {
  const s = appStore.getState();
  return stageSummaryText({
    title,
    loaded: s.playback.loaded,
    playing: s.playback.playing,
    finished: s.playback.finished,
    speed: s.playback.speed,
    now: s.playback.now,
    snapshot: s.snapshot.latest,
    headline: shownHeadline(s.snapshot),
  });
}

/**
 * The text alternative of the diagram and its particle canvas: a visually hidden live region that
 * says what the stage shows (stageSummary.ts). It follows the store outside React and rewrites
 * itself at most every few seconds while the run plays (a region that changed every frame would
 * talk over everything else, and cost a render per frame); play, pause, the end of the run and a
 * new run are said at once.
 */
export function StageSummary({ title }: { title: string }) {
  const [text, setText] = useState(() => currentSummary(title));
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      timer = undefined;
      last = performance.now();
      setText(currentSummary(title));
    };
    const unsubscribe = appStore.subscribe((state, previous) => {
      const now = state.playback;
      const before = previous.playback;
      if (now.playing !== before.playing || now.loaded !== before.loaded || now.finished !== before.finished) {
        clearTimeout(timer);
        update();
      } else if (timer === undefined && (state.snapshot.latest !== previous.snapshot.latest || state.snapshot.calm !== previous.snapshot.calm)) {
        timer = setTimeout(update, Math.max(0, last + SUMMARY_EVERY_MS - performance.now()));
      }
    });
    update();
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [title]);
  return (
    <p className="visually-hidden" role="status" aria-atomic="true" data-testid="stage-summary">
      {text}
    </p>
  );
}
