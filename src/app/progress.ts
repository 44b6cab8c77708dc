import { setProgress, type Progress } from '../store/uiSlice';

/** Work shorter than this shows no progress bar at all (no flicker for quick operations). */
export const PROGRESS_DELAY_MS = 300;

interface Task {
  id: number;
  kind: Progress['kind'];
  label: string;
  fraction: number | null;
  visible: boolean;
  timer: ReturnType<typeof setTimeout>;
}

const tasks = new Map<number, Task>();
let nextId = 1;

function render(): void {
  // The newest visible task is the one shown.
  let shown: Task | null = null;
  for (const task of tasks.values()) if (task.visible) shown = task;
  setProgress(shown === null ? null : { kind: shown.kind, label: shown.label, fraction: shown.fraction });
}

/** Start tracking some work; a progress bar appears if it is still running after 300 ms. */
export function beginTask(label: string, fraction: number | null = null, kind: Progress['kind'] = 'other'): number {
  const id = nextId++;
  const timer = setTimeout(() => {
    const task = tasks.get(id);
    if (task === undefined) return;
    task.visible = true;
    render();
  }, PROGRESS_DELAY_MS);
  tasks.set(id, { id, kind, label, fraction, visible: false, timer });
  return id;
}

/** Report how far the work is (0–1), optionally with a new label. */
export function updateTask(id: number, fraction: number | null, label?: string): void {
  const task = tasks.get(id);
  if (task === undefined) return;
  task.fraction = fraction;
  if (label !== undefined) task.label = label;
  if (task.visible) render();
}

/** Begin a task, or update the one already under way (`task`); returns its id. */
export function followTask(task: number | null, label: string, fraction: number | null, kind: Progress['kind'] = 'other'): number {
  if (task === null) return beginTask(label, fraction, kind);
  updateTask(task, fraction, label);
  return task;
}

export function endTask(id: number | null): void {
  if (id === null) return;
  const task = tasks.get(id);
  if (task === undefined) return;
  clearTimeout(task.timer);
  tasks.delete(id);
  if (task.visible) render();
}

/** Run `work`, showing `label` if it takes longer than 300 ms. */
export async function withProgress<T>(label: string, work: () => Promise<T>): Promise<T> {
  const id = beginTask(label);
  try {
    return await work();
  } finally {
    endTask(id);
  }
}
