import { dismissUrlIssues } from '../app/commands';
import { useAppStore } from '../store/store';

/** Values in the address that could not be used: each names the value, what was expected and what was found. */
export function UrlIssues() {
  const issues = useAppStore((s) => s.scenario.urlIssues);
  if (issues.length === 0) return null;
  return (
    <div className="url-issues" role="alert" data-testid="url-issues">
      <div>
        <p className="url-issues-title">Some values in the address could not be used; defaults were used instead:</p>
        <ul>
          {issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="icon-button" onClick={dismissUrlIssues} aria-label="Dismiss the address problems">
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
