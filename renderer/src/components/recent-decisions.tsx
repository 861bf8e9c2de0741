import type { ProposalDto } from '../../../core/contract/index.js';
import { fmtTime } from '../format.js';

/** The latest decided proposals with who decided and why, so a rejection's reason can be checked. */
export function RecentDecisions({ decided }: { readonly decided: readonly ProposalDto[] }) {
  if (decided.length === 0) return null;
  return (
    <table className="grid" data-testid="decided-table" aria-label="Recent decisions">
      <thead>
        <tr>
          <th>Decided</th>
          <th>Symbol</th>
          <th>Side</th>
          <th>Status</th>
          <th>By</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {decided.slice(0, 20).map((p) => (
          <tr key={p.id} data-testid="decided-row" data-proposal-id={p.id} data-status={p.status}>
            <td>{p.decidedAt === null ? '—' : fmtTime(p.decidedAt)}</td>
            <td>{p.symbol}</td>
            <td>{p.side}</td>
            <td>{p.status}</td>
            <td>{p.decidedBy ?? '—'}</td>
            <td data-testid="decision-reason">{p.decisionReason ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
