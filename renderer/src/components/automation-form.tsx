import { useEffect, useState, type FormEvent } from 'react';
import type { AutomationPolicyDto, AutomationState } from '../../../core/contract/index.js';

export interface AutomationFormProps {
  readonly automation: AutomationState;
  /** Resolves with the engine's refusal, or undefined when saved. */
  readonly onSave: (policy: AutomationPolicyDto) => Promise<string | undefined>;
}

/**
 * One rule for the serving model: confirm its proposals without the trader at or above a confidence
 * threshold. Per-symbol rules set elsewhere are kept as they are.
 */
export function AutomationForm({ automation, onSave }: AutomationFormProps) {
  const model = automation.servingModelId;
  const current = automation.policy.byModel?.[model];
  const [enabled, setEnabled] = useState(current?.enabled ?? false);
  const [threshold, setThreshold] = useState(String(current?.minConfidence ?? 0.6));
  const [weight, setWeight] = useState(String(current?.maxPositionWeight ?? 0.1));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  useEffect(() => {
    setEnabled(current?.enabled ?? false);
    setThreshold(String(current?.minConfidence ?? 0.6));
    setWeight(String(current?.maxPositionWeight ?? 0.1));
  }, [current]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const minConfidence = Number(threshold);
    const maxPositionWeight = Number(weight);
    if (!(minConfidence >= 0 && minConfidence <= 1)) return setMessage({ ok: false, text: 'The confidence threshold is a number from 0 to 1.' });
    if (!(maxPositionWeight > 0 && maxPositionWeight <= 1)) return setMessage({ ok: false, text: 'The position weight is a number above 0 and at most 1.' });
    const policy: AutomationPolicyDto = { ...automation.policy, byModel: { ...automation.policy.byModel, [model]: { enabled, minConfidence, maxPositionWeight } } };
    const problem = await onSave(policy);
    setMessage(problem === undefined ? { ok: true, text: 'Saved.' } : { ok: false, text: problem });
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="automation-form" aria-label="Automation">
      <h3>Automation ({model})</h3>
      <label className="contents">
        <span>Confirm automatically</span>
        <input type="checkbox" data-testid="automation-enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
      </label>
      <label className="contents">
        <span>Min confidence (0–1)</span>
        <input data-testid="automation-threshold" inputMode="decimal" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
      </label>
      <label className="contents">
        <span>Max position weight (0–1)</span>
        <input inputMode="decimal" value={weight} onChange={(e) => setWeight(e.target.value)} />
      </label>
      <span className="muted">Proposals wait {Math.round(automation.proposalTtlMs / 60_000)} min</span>
      <span />
      <div className="form-actions">
        <button type="submit" className="primary">
          Save automation
        </button>
        {message !== undefined && <span className={message.ok ? 'ok-text' : 'error inline'} role="status">{message.text}</span>}
      </div>
    </form>
  );
}
