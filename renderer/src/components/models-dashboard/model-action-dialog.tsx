import { useState } from 'react';
import type { ModelAction } from '../../stores/model-ops-store.js';
import { ModalDialog } from '../modal-dialog.js';
import { describeAction } from './version-actions.js';

export interface ModelActionDialogProps {
  readonly action: ModelAction;
  readonly error: string | undefined;
  readonly busy: boolean;
  readonly onSubmit: (action: ModelAction, reason: string) => void;
  readonly onCancel: () => void;
}

/** Confirms a model action with the reason the audit trail keeps; a deploy also picks champion, challenger or shadow. */
export function ModelActionDialog({ action, error, busy, onSubmit, onCancel }: ModelActionDialogProps) {
  const [reason, setReason] = useState('');
  const [mode, setMode] = useState<'champion' | 'challenger' | 'shadow'>(action.kind === 'deploy' ? action.mode : 'challenger');
  const [share, setShare] = useState('10');
  const text = describeAction(action);
  const sharePct = Number(share);
  const shareProblem = action.kind === 'deploy' && mode === 'challenger' && !(sharePct > 0 && sharePct <= 50) ? 'The traffic share must be above 0 and at most 50%.' : undefined;
  const final: ModelAction = action.kind === 'deploy'
    ? { kind: 'deploy', model: action.model, version: action.version, mode, ...(mode === 'challenger' ? { trafficShare: sharePct / 100 } : {}) }
    : action;
  return (
    <ModalDialog
      title={text.title}
      submitLabel={text.submit}
      blockedBecause={reason.trim() === '' ? 'A reason is required.' : shareProblem}
      error={error}
      busy={busy}
      onSubmit={() => onSubmit(final, reason.trim())}
      onCancel={onCancel}
      testId="model-action-dialog"
    >
      <p className="dialog-text">{text.effect}</p>
      {action.kind === 'deploy' && (
        <fieldset className="field deploy-mode">
          <legend>Deploy as</legend>
          {(['challenger', 'champion', 'shadow'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} data-testid={`deploy-mode-${m}`} /> {m}
              {m === 'challenger' && ' (a share of symbol-days)'}
              {m === 'shadow' && ' (predicts and is logged, never acts)'}
            </label>
          ))}
          {mode === 'challenger' && (
            <label className="field">
              <span>Traffic share (%)</span>
              <input type="number" min="1" max="50" step="1" value={share} onChange={(e) => setShare(e.target.value)} data-testid="deploy-share" />
            </label>
          )}
        </fieldset>
      )}
      <label className="field">
        <span>Reason (kept in the audit trail)</span>
        <input data-testid="reason-input" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
    </ModalDialog>
  );
}
