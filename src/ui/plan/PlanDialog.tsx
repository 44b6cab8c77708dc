import type { ReactNode } from 'react';
import { useModalDialog } from '../useModalDialog';
import './plan.css';

interface Props {
  open: boolean;
  title: string;
  onClose(): void;
  children: ReactNode;
}

/**
 * A modal dialog sized for a plan (nearly the whole window, readable on a projector).
 * Esc closes it; while it is open the lab's shortcuts (Space, r, +/−) stay with the dialog.
 */
export function PlanDialog({ open, title, onClose, children }: Props) {
  const ref = useModalDialog(open);
  return (
    <dialog
      ref={ref}
      className="plan-dialog"
      aria-label={title}
      onClose={onClose}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') event.stopPropagation();
      }}
      data-testid="plan-dialog"
    >
      <div className="plan-dialog-head">
        <h2>{title}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close the plan">
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {open && children}
    </dialog>
  );
}
