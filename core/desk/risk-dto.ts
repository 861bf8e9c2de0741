import { proposalRiskSchema, type ProposalRiskDto } from '../contract/risk-schemas.js';
import type { Proposal } from '../trading/proposals/proposal.js';

/**
 * The model-vs-baseline numbers of a proposal sized by the risk model, read back from its stored sizing
 * JSON; null for proposals sized before the risk model (the rule-based sizing) or a rebalance.
 */
export function proposalRiskDto(p: Proposal): ProposalRiskDto | null {
  const s = p.sizing;
  if (s['method'] !== 'risk-sizer' && s['method'] !== 'risk-adjustment') return null;
  const servedBy = s['servedBy'];
  const parsed = proposalRiskSchema.safeParse({
    servedBy: typeof servedBy === 'object' && servedBy !== null ? { reason: null, ...servedBy } : servedBy,
    serving: s['serving'],
    baseline: s['baseline'],
    clippedBy: s['clippedBy'] ?? null,
    limitNote: s['limitNote'] ?? null,
    adjustment: s['method'] === 'risk-adjustment'
      ? { changes: s['changes'], sizeCut: s['sizeCut'], before: snapshot(s['before']), after: snapshot(s['after']) }
      : null,
  });
  // A stored row this build cannot read is shown without the comparison rather than failing the whole list.
  return parsed.success ? parsed.data : null;
}

function snapshot(v: unknown): unknown {
  return typeof v === 'object' && v !== null ? { stopLoss: null, takeProfit: null, ...v } : v;
}
