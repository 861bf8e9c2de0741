import type { ProposalDto } from '../../../core/contract/index.js';
import { fmtMoney, fmtQty } from '../format.js';

type ProposalRisk = NonNullable<ProposalDto['risk']>;
type Decision = ProposalRisk['serving'];

const pct = (v: number, digits: number): string => `${v.toFixed(digits)}%`;

/** Which sizer a row is, in words a trader reads (the id stays in the tooltip). */
function sizerLabel(id: string): string {
  if (id.startsWith('risk:')) return `DQN ${id.slice('risk:'.length)}`;
  if (id === 'baseline:vol-target-atr') return 'Vol-target baseline';
  if (id === 'baseline:fixed-fraction') return 'Fixed-fraction baseline';
  return id;
}

function DecisionRow({ label, d, testId }: { readonly label: string; readonly d: Decision; readonly testId: string }) {
  return (
    <tr data-testid={testId} data-sizer={d.sizer} title={d.note}>
      <th scope="row">{label}</th>
      <td className="num" data-field="size">{pct(d.recommendedPosition, 1)}</td>
      <td className="num" data-field="quantity">{fmtQty(d.quantity)}</td>
      <td className="num down" data-field="stop">{fmtMoney(d.stopLoss)}</td>
      <td className="num up" data-field="target">{fmtMoney(d.takeProfit)}</td>
      <td className="num" data-field="max-drawdown">{pct(d.maxDrawdown, 2)}</td>
      <td className="num" data-field="vol-adjustment">×{d.volatilityAdjustment.toFixed(2)}</td>
    </tr>
  );
}

function AdjustmentLine({ a }: { readonly a: NonNullable<ProposalRisk['adjustment']> }) {
  const parts: string[] = [];
  if (a.changes.includes('stop')) parts.push(`stop ${fmtMoney(a.before.stopLoss)} → ${fmtMoney(a.after.stopLoss)}`);
  if (a.changes.includes('target')) parts.push(`target ${fmtMoney(a.before.takeProfit)} → ${fmtMoney(a.after.takeProfit)}`);
  if (a.changes.includes('size')) parts.push(`size ${fmtQty(a.before.quantity)} → ${fmtQty(a.after.quantity)} (sell back ${fmtQty(a.sizeCut)})`);
  return (
    <div className="risk-adjustment" data-testid="adjustment-change">
      Adjust open position: {parts.join(' · ')}
    </div>
  );
}

/**
 * The risk numbers under a proposal: what the serving sizer (the DQN, or the baseline standing in for it)
 * answered and what the baseline answered for the same state, side by side, then what the position limits
 * cut and, for an adjustment, what changes on the open position.
 */
export function RiskComparison({ proposalId, risk }: { readonly proposalId: string; readonly risk: ProposalRisk }) {
  const sameSizer = risk.serving.sizer === risk.baseline.sizer;
  return (
    <tr className="risk-row" data-testid="proposal-risk" data-proposal-id={proposalId} data-served-by={risk.servedBy.kind}>
      <td colSpan={10}>
        {risk.adjustment !== null && <AdjustmentLine a={risk.adjustment} />}
        <table className="risk-compare" aria-label="Risk model and baseline side by side">
          <thead>
            <tr>
              <th>Sizer</th>
              <th className="num">Size</th>
              <th className="num">Qty</th>
              <th className="num">Stop</th>
              <th className="num">Target</th>
              <th className="num">Max DD</th>
              <th className="num">Vol adj.</th>
            </tr>
          </thead>
          <tbody>
            <DecisionRow label={`${sizerLabel(risk.servedBy.id)} (serving)`} d={risk.serving} testId="risk-serving" />
            <DecisionRow label={sizerLabel(risk.baseline.sizer)} d={risk.baseline} testId="risk-baseline" />
          </tbody>
        </table>
        <div className="risk-notes muted">
          {risk.servedBy.kind === 'baseline' && (
            <span data-testid="risk-fallback">
              {sameSizer ? 'The baseline sizes this trade' : 'Baseline answers'}: {risk.servedBy.reason ?? 'no risk model serves'}.{' '}
            </span>
          )}
          {risk.clippedBy !== null && <span data-testid="risk-clipped" className="warn">{risk.limitNote}.</span>}
        </div>
      </td>
    </tr>
  );
}
