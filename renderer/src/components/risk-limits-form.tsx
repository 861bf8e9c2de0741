import { useEffect, useState, type FormEvent } from 'react';
import type { RiskLimitsDto } from '../../../core/contract/index.js';

type NumericLimit = 'maxOrderQuantity' | 'maxOrderNotional' | 'maxPositionQuantity' | 'maxOpenPositions' | 'dailyLossLimitPct' | 'priceCollarPct';

/** The limits a trader adjusts day to day; the rest keep their defaults until someone edits the settings store. */
const FIELDS: readonly (readonly [NumericLimit, string])[] = [
  ['maxOrderQuantity', 'Max shares per order'],
  ['maxOrderNotional', 'Max order value'],
  ['maxPositionQuantity', 'Max shares per symbol'],
  ['maxOpenPositions', 'Max open positions'],
  ['dailyLossLimitPct', 'Daily loss limit (%)'],
  ['priceCollarPct', 'Price collar (%)'],
];

export interface RiskLimitsFormProps {
  readonly limits: RiskLimitsDto;
  /** Resolves with the engine's refusal, or undefined when saved. */
  readonly onSave: (patch: Partial<RiskLimitsDto>, reason: string) => Promise<string | undefined>;
}

/** Edits a few limits; the engine validates the whole set again and audits the change. */
export function RiskLimitsForm({ limits, onSave }: RiskLimitsFormProps) {
  const [draft, setDraft] = useState<Record<NumericLimit, string>>(() => toDraft(limits));
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  useEffect(() => setDraft(toDraft(limits)), [limits]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const patch: Partial<Record<NumericLimit, number>> = {};
    for (const [key] of FIELDS) {
      const value = Number(draft[key]);
      if (draft[key].trim() === '' || !Number.isFinite(value)) {
        setMessage({ ok: false, text: `${key} must be a number.` });
        return;
      }
      if (value !== limits[key]) patch[key] = value;
    }
    if (Object.keys(patch).length === 0) {
      setMessage({ ok: true, text: 'Nothing changed.' });
      return;
    }
    const problem = await onSave(patch, reason.trim() === '' ? 'changed in the settings panel' : reason.trim());
    setMessage(problem === undefined ? { ok: true, text: 'Saved.' } : { ok: false, text: problem });
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="risk-limits-form" aria-label="Risk limits">
      <h3>Risk limits</h3>
      {FIELDS.map(([key, label]) => (
        <label key={key} className="contents">
          <span>{label}</span>
          <input data-testid={`limit-${key}`} inputMode="decimal" value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
        </label>
      ))}
      <label className="contents">
        <span>Reason (audit)</span>
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="form-actions">
        <button type="submit" className="primary">
          Save limits
        </button>
        {message !== undefined && <span className={message.ok ? 'ok-text' : 'error inline'} role="status">{message.text}</span>}
      </div>
    </form>
  );
}

function toDraft(limits: RiskLimitsDto): Record<NumericLimit, string> {
  return Object.fromEntries(FIELDS.map(([key]) => [key, String(limits[key])])) as Record<NumericLimit, string>;
}
