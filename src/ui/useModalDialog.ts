import { useEffect, useRef, type RefObject } from 'react';

/**
 * A ref for a native `<dialog>` that is shown as a modal while `open` is true and closed when it
 * turns false; the dialog's own `onClose` (Esc, the close button) tells the owner to clear `open`.
 */
export function useModalDialog(open: boolean): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return ref;
}
