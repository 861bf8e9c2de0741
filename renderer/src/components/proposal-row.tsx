import type { KeyboardEvent } from 'react';
import type { ProposalDto } from '../../../core/contract/index.js';
import { fmtMoney, fmtPct, fmtQty } from '../format.js';
import type { ProposalProblem } from '../stores/trading-store.js';

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

/** How many of the prediction's reasons fit on a row; the rest are in the tooltip. */
const TOP_REASONS = 3;

/**
 * One pending proposal. The row is focusable: Enter confirms, E edits, R (or Delete) rejects, so a trader
 * can work the queue from the keyboard. A refused confirm stays on the row with its rule and reason.
 */
export function ProposalRow({ proposal: p, selected, busy, problem, onSelect, onConfirm, onEdit, onReject }: ProposalRowProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.target !== event.currentTarget) return;
    const key = event.key.toLowerCase();
    if (key === 'enter') onConfirm();
    else if (key === 'e') onEdit();
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
        onClick={onSelect}
        onFocus={onSelect}
        onKeyDown={onKeyDown}
      >
        <td className="symbol">{p.symbol}</td>
        <td>
          <span className={`pill ${p.direction ?? p.side}`}>{p.direction ?? p.side.toUpperCase()}</span> <span className="muted">{p.side}</span>
        </td>
        <td className="num" data-testid="proposal-probability">{fmtPct(p.probability)}</td>
        <td className="num">{fmtPct(p.confidence)}</td>
        <td className="num" data-testid="proposal-quantity">{fmtQty(p.quantity)}</td>
        <td className="num">{fmtMoney(p.entry)}</td>
        <td className="num down">{fmtMoney(p.stopLoss)}</td>
        <td className="num up">{fmtMoney(p.takeProfit)}</td>
        <td className="reasons" title={p.reasons.join('\n')}>
          {p.reasons.length === 0 ? '—' : p.reasons.slice(0, TOP_REASONS).join(' · ')}
        </td>
        <td>
          <div className="actions">
          <button type="button" className="ok" data-testid="confirm" disabled={busy} onClick={onConfirm} title="Confirm (Enter)">
            {busy ? 'Sending…' : 'Confirm'}
          </button>
          <button type="button" data-testid="edit" disabled={busy} onClick={onEdit} title="Edit (E)">
            Edit
          </button>
          <button type="button" className="danger" data-testid="reject" disabled={busy} onClick={onReject} title="Reject (R)">
            Reject
          </button>
          </div>
        </td>
      </tr>
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
