/**
 * The one shared requestAnimationFrame loop (DESIGN.md §5). The simulation client applies the
 * newest snapshot first, then painters (the particle canvas) draw from the store. A callback
 * returns true to ask for another frame (e.g. particles moving while playing); otherwise the
 * loop sleeps until someone calls {@link requestFrame}.
 */
export type FrameCallback = (wallNow: number) => boolean | void;

interface Entry {
  order: number;
  fn: FrameCallback;
}

let entries: Entry[] = [];
let scheduled = false;

/** Run `fn` on every frame the loop wakes for; lower `order` runs first. Returns an unsubscribe. */
export function onFrame(fn: FrameCallback, order = 0): () => void {
  const entry = { order, fn };
  entries = [...entries, entry].sort((a, b) => a.order - b.order);
  requestFrame();
  return () => {
    entries = entries.filter((e) => e !== entry);
  };
}

/** Make sure a frame is coming. */
export function requestFrame(): void {
  if (scheduled || typeof requestAnimationFrame === 'undefined') return;
  scheduled = true;
  requestAnimationFrame(tick);
}

function tick(wallNow: number): void {
  scheduled = false;
  let again = false;
  for (const entry of entries) {
    try {
      if (entry.fn(wallNow) === true) again = true;
    } catch (error) {
      // One failing painter must not stop the others or the loop.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
  if (again) requestFrame();
}
