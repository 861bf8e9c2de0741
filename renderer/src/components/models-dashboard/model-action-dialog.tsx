import { useState } from 'react';
import type { ModelAction } from '../../stores/model-ops-store.js';
import { ModalDialog } from '../modal-dialog.js';

export interface ModelActionDialogProps {
  readonly action: ModelAction;
  readonly error: string | undefined;
  readonly busy: boolean;
  readonly onSubmit: (action: ModelAction, reason: string) => void;
  readonly onCancel: () => void;
}

/** What each action does, in the words the trader confirms. */
export function describeAction(a: ModelAction): { title: string; effect: string; submit: string } {
  switch (a.kind) {
    case 'deploy': return { title: `Deploy ${a.version}`, effect: `${a.model} ${a.version} starts answering as chosen below.`, submit: 'Deploy' };
    case 'promote': return { title: `Promote ${a.version}`, effect: `${a.version} becomes the champion of ${a.model} and takes all its traffic; the current champion is retired.`, submit: 'Promote' };
    case 'rollback': return { title: `Roll back ${a.model}`, effect: `The latest deployment of ${a.model} is undone: the previous version answers again.`, submit: 'Roll back' };
    case 'disable': return { title: `Disable ${a.model}`, effect: `${a.model} stops answering; its rule-based twin takes over until it is enabled.`, submit: 'Disable' };
    case 'enable': return { title: `Enable ${a.model}`, effect: `${a.model} answers again through its deployed versions.`, submit: 'Enable' };
    case 'disableAll': return a.disabled
      ? { title: 'Disable every model', effect: 'Every model stops; all rule-based twins answer until models are enabled again.', submit: 'Disable all' }
      : { title: 'Enable models again', effect: 'Deployed models answer again, each unless disabled on its own.', submit: 'Enable all' };
    case 'closeBreaker': return { title: `Re-close the breaker of ${a.version}`, effect: `${a.version} answers again; the fallback stops standing in for it. Only do this once the cause is understood.`, submit: 'Re-close' };
  }
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
