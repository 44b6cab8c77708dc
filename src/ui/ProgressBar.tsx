import { useAppStore } from '../store/store';

/** A thin, non-blocking progress bar with a label, for work that takes longer than 300 ms. */
export function ProgressBar({ page = false }: { page?: boolean }) {
  const progress = useAppStore((s) => s.ui.progress);
  if (progress === null) return null;
  const percent = progress.fraction === null ? undefined : Math.round(Math.min(1, Math.max(0, progress.fraction)) * 100);
  return (
    <div className={page ? 'progress progress--page' : 'progress'} role="progressbar" aria-label={progress.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid="progress">
      <div className={percent === undefined ? 'progress-fill progress-fill--unknown' : 'progress-fill'} style={percent === undefined ? undefined : { width: `${percent}%` }} />
      <span className="progress-label">
        {progress.label}
        {percent !== undefined ? ` — ${percent}%` : '…'}
      </span>
    </div>
  );
}
