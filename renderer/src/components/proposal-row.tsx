import type { KeyboardEvent } from 'react';
import type { ProposalDto } from '../../../core/contract/index.js';
import { fmtMoney, fmtPct, fmtQty } from '../format.js';
import type { ProposalProblem } from '../stores/trading-store.js';
import { RiskComparison } from './risk-comparison.js';

export interface ProposalRowProps {
  readonly proposal: ProposalDto;
  readonly selected: boolean;
  readonly busy: boolean;
  readonly problem: ProposalProblem | undefined;
  readonly onSelect: () => void;
  readonly onConfirm: () => void;
  readonly onEdit: () => void;
  readonly onReject: () => void;
}

/** Moves focus to the next or previous proposal row (refusal rows in between are skipped). */
function focusSibling(row: HTMLTableRowElement, step: 1 | -1): void {
  const rows = [...(row.parentElement?.querySelectorAll<HTMLTableRowElement>('tr[data-testid="proposal-row"]') ?? [])];
  rows[rows.indexOf(row) + step]?.focus();
}

/** How many of the prediction's reasons fit on a row; the rest are in the tooltip. */
const TOP_REASONS = 3;

/**
 * One pending proposal. The row is focusable: Enter confirms, E edits, R (or Delete) rejects, arrows move between rows, so a trader
 * can work the queue from the keyboard. A refused confirm stays on the row with its rule and reason.
 */
export function ProposalRow({ proposal: p, selected, busy, problem, onSelect, onConfirm, onEdit, onReject }: ProposalRowProps) {
  // The risk model's adjustment of an open position is confirmed or rejected as proposed (the engine refuses edits).
  const adjustment = p.kind === 'adjustment';
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.target !== event.currentTarget) return;
    const key = event.key.toLowerCase();
    if (key === 'arrowdown' || key === 'arrowup') {
      event.preventDefault();
      focusSibling(event.currentTarget, key === 'arrowdown' ? 1 : -1);
      return;
    }
    if (key === 'enter') onConfirm();
    else if (key === 'e' && !adjustment) onEdit();
    else if (key === 'r' || key === 'delete') onReject();
    else return;
    event.preventDefault();
  };
  return (
    <>
      <tr
        className={selected ? 'selectable selected' : 'selectable'}
        tabIndex={0}
        aria-selected={selected}
        data-testid="proposal-row"
        data-proposal-id={p.id}
        data-symbol={p.symbol}
        data-kind={p.kind}
        onClick={onSelect}
        onFocus={onSelect}
        onKeyDown={onKeyDown}
      >
        <td className="symbol">{p.symbol}</td>
        <td>
          {adjustment ? (
            <span className="pill adjust">ADJUST</span>
          ) : (
            <span className={`pill ${p.direction ?? p.side}`}>{p.direction ?? p.side.toUpperCase()}</span>
          )}{' '}
          <span className="muted">{p.side}</span>
        </td>
        <td className="num" data-testid="proposal-probability">{fmtPct(p.probability)}</td>
        {/* The baseline claims no confidence (the engine sends 0); a dash says so rather than "0%". */}
        <td className="num" title={p.modelId === 'baseline' ? 'The rule-based baseline claims no confidence' : undefined}>
          {p.modelId === 'baseline' ? '—' : fmtPct(p.confidence)}
        </td>
        <td className="num" data-testid="proposal-quantity">{fmtQty(p.quantity)}</td>
        <td className="num">{fmtMoney(p.entry)}</td>
        <td className="num down">{fmtMoney(p.stopLoss)}</td>
        <td className="num up">{fmtMoney(p.takeProfit)}</td>
        <td title={p.reasons.join('\n')}>
          <div className="reasons">{p.reasons.length === 0 ? '—' : p.reasons.slice(0, TOP_REASONS).join(' · ')}</div>
        </td>
        <td>
          <div className="actions">
          <button type="button" className="ok" data-testid="confirm" disabled={busy} onClick={onConfirm} title="Confirm (Enter)">
            {busy ? 'Sending…' : 'Confirm'}
          </button>
          {!adjustment && (
            <button type="button" data-testid="edit" disabled={busy} onClick={onEdit} title="Edit (E)">
              Edit
            </button>
          )}
          <button type="button" className="danger" data-testid="reject" disabled={busy} onClick={onReject} title="Reject (R)">
            Reject
          </button>
          </div>
        </td>
      </tr>
      {p.risk !== null && <RiskComparison proposalId={p.id} risk={p.risk} />}
      {problem !== undefined && (
        <tr data-testid="proposal-refusal" data-proposal-id={p.id} data-rule={problem.rule?.ruleId ?? ''}>
          <td colSpan={10} className="refusal" role="alert">
            {problem.rule === undefined ? (
              <>Not sent: {problem.message}</>
            ) : (
              <>
                Refused by <code data-testid="refusal-rule">{problem.rule.ruleId}</code>: {problem.rule.reason}
              </>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
