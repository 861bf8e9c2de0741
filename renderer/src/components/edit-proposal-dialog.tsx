import { useState } from 'react';
import type { ProposalDto } from '../../../core/contract/index.js';
import { ModalDialog } from './modal-dialog.js';

export interface ProposalChange {
  quantity?: number;
  stopLoss?: number;
  takeProfit?: number;
}

export interface EditProposalDialogProps {
  readonly proposal: ProposalDto;
  /** Resolves with the engine's refusal, or undefined when the edit was taken. */
  readonly onSubmit: (change: ProposalChange) => Promise<string | undefined>;
  readonly onCancel: () => void;
}

/**
 * Quantity, stop and target of a pending proposal. Only obvious typos are caught here; the engine re-checks
 * the bracket's geometry and the risk limits and its refusal is shown in the dialog.
 */
export function EditProposalDialog({ proposal, onSubmit, onCancel }: EditProposalDialogProps) {
  // Prices are shown to the cent; a field the trader did not touch is not sent, so rounding never moves an exit.
  const initialStop = proposal.stopLoss === null ? '' : proposal.stopLoss.toFixed(2);
  const initialTarget = proposal.takeProfit === null ? '' : proposal.takeProfit.toFixed(2);
  const [quantity, setQuantity] = useState(String(proposal.quantity));
  const [stop, setStop] = useState(initialStop);
  const [target, setTarget] = useState(initialTarget);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const q = Number(quantity);
  const s = stop.trim() === '' ? undefined : Number(stop);
  const t = target.trim() === '' ? undefined : Number(target);
  const blocked = !Number.isInteger(q) || q <= 0
    ? 'Quantity must be a whole number above 0.'
    : (s !== undefined && !(s > 0)) || (t !== undefined && !(t > 0))
      ? 'Stop and target must be prices above 0.'
      : undefined;

  const submit = async () => {
    const change: ProposalChange = {};
    if (q !== proposal.quantity) change.quantity = q;
    if (s !== undefined && stop !== initialStop) change.stopLoss = s;
    if (t !== undefined && target !== initialTarget) change.takeProfit = t;
    if (Object.keys(change).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    const problem = await onSubmit(change);
    setBusy(false);
    if (problem === undefined) onCancel();
    else setError(problem);
  };

  return (
    <ModalDialog
      title={`Edit ${proposal.side} ${proposal.symbol}`}
      submitLabel="Save"
      blockedBecause={blocked}
      error={error}
      busy={busy}
      onSubmit={() => void submit()}
      onCancel={onCancel}
      testId="edit-dialog"
    >
      <label className="field">
        <span>Quantity (shares)</span>
        <input data-testid="edit-quantity" inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
      </label>
      <label className="field">
        <span>Stop-loss</span>
        <input data-testid="edit-stop" inputMode="decimal" value={stop} onChange={(e) => setStop(e.target.value)} />
      </label>
      <label className="field">
        <span>Take-profit</span>
        <input data-testid="edit-target" inputMode="decimal" value={target} onChange={(e) => setTarget(e.target.value)} />
      </label>
    </ModalDialog>
  );
}
