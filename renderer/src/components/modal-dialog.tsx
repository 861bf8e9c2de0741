import { useEffect, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';

export interface ModalDialogProps {
  readonly title: string;
  readonly submitLabel: string;
  /** Why the submit button is disabled, shown next to it; undefined when the form may be sent. */
  readonly blockedBecause?: string | undefined;
  /** An error from the engine after a submit, shown inside the dialog so the trader can fix the input. */
  readonly error?: string | undefined;
  readonly busy?: boolean | undefined;
  readonly onSubmit: () => void;
  readonly onCancel: () => void;
  readonly children: ReactNode;
  readonly testId: string;
}

/**
 * A small modal form: Enter submits (it is a real <form>), Esc cancels, focus starts on the first field and
 * goes back to whatever had it when the dialog closes, so a keyboard-only trader never loses their place.
 */
export function ModalDialog({ title, submitLabel, blockedBecause, error, busy = false, onSubmit, onCancel, children, testId }: ModalDialogProps) {
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = form.current?.querySelector<HTMLElement>('input, textarea, select, button');
    first?.focus();
    return () => previous?.focus();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (blockedBecause === undefined && !busy) onSubmit();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    onCancel();
  };

  return (
    <div className="backdrop" onKeyDown={onKeyDown}>
      <form ref={form} className="dialog" role="dialog" aria-modal="true" aria-label={title} data-testid={testId} onSubmit={submit}>
        <h2>{title}</h2>
        {children}
        {error !== undefined && (
          <p className="error inline" role="alert" data-testid="dialog-error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          {blockedBecause !== undefined && <span className="hint">{blockedBecause}</span>}
          <button type="button" onClick={onCancel}>
            Cancel (Esc)
          </button>
          <button type="submit" className="primary" disabled={blockedBecause !== undefined || busy}>
            {busy ? 'Sending…' : submitLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
