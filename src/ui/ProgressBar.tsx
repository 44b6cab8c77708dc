import { useAppStore } from '../store/store';

/** A thin, non-blocking progress bar with a label, for work that takes longer than 300 ms. */
export function ProgressBar({ page = false }: { page?: boolean }) {
  const progress = useAppStore((s) => s.ui.progress);
  // The run on screen plays while PostgreSQL boots (the worker says so): the bar says so beside the boot.
  const joining = useAppStore((s) => s.playback.loaded && s.playback.sqlJoining);
  if (progress === null) return null;
  // The lab's own run, replayed onto its nodes, means nothing off its page (home, the comparison).
  if (page && progress.kind === 'join') return null;
  // Said on the lab's page only, and not while the run is replayed (onto the nodes, or to a chosen time): the clock stands for that.
  const playsMeanwhile = joining && !page && progress.kind !== 'join' && progress.kind !== 'seek';
  const percent = progress.fraction === null ? undefined : Math.round(Math.min(1, Math.max(0, progress.fraction)) * 100);
  return (
    <div className={page ? 'progress progress--page' : 'progress'} role="progressbar" aria-label={progress.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid="progress">
      <div className={percent === undefined ? 'progress-fill progress-fill--unknown' : 'progress-fill'} style={percent === undefined ? undefined : { width: `${percent}%` }} />
      <span className="progress-label">
        {progress.label}
        {percent !== undefined ? ` — ${percent}%` : '…'}
        {playsMeanwhile && (
          <span
            className="progress-note"
            title="PostgreSQL boots once per page (5–15 s). The run does not wait for it: until it is ready every statement is modelled with the same timing, so the numbers are the same; then they run for real."
            data-testid="sql-joining"
          >
            {' '}
            The run plays meanwhile; real SQL joins when PostgreSQL is up.
          </span>
        )}
      </span>
    </div>
  );
}
