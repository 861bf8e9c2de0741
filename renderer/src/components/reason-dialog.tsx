import { useState } from 'react';
import { ModalDialog } from './modal-dialog.js';

export interface ReasonDialogProps {
  readonly title: string;
  readonly prompt: string;
  readonly submitLabel: string;
  readonly error?: string | undefined;
  readonly busy?: boolean | undefined;
  readonly onSubmit: (reason: string) => void;
  readonly onCancel: () => void;
  readonly testId: string;
}

/** Asks for the one-line reason the journal keeps next to a decision (reject, kill switch on/off). */
export function ReasonDialog({ title, prompt, submitLabel, error, busy, onSubmit, onCancel, testId }: ReasonDialogProps) {
  const [reason, setReason] = useState('');
  const trimmed = reason.trim();
  return (
    <ModalDialog
      title={title}
      submitLabel={submitLabel}
      blockedBecause={trimmed === '' ? 'A reason is required.' : undefined}
      error={error}
      busy={busy}
      onSubmit={() => onSubmit(trimmed)}
      onCancel={onCancel}
      testId={testId}
    >
      <label className="field">
        <span>{prompt}</span>
        <input data-testid="reason-input" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
    </ModalDialog>
  );
}
