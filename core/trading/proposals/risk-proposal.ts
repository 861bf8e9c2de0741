import type { RiskAdvice, RiskServingSource } from '../../ml/risk/risk-advisor.js';
import type { RiskDecision } from '../../ml/risk/risk-sizer.js';

/** The position limits a proposal is clipped to (the pre-trade gate's, so it is never sized into a refusal). */
export interface ProposalLimits {
  /** Largest |position value| as a fraction of equity, counting what is already held. */
  readonly maxPositionWeight: number;
  readonly maxOrderQuantity?: number;
  readonly maxOrderNotional?: number;
}

export type ClipReason = 'max-position-weight' | 'max-order-quantity' | 'max-order-notional';

/** A new trade sized by the risk model: the order's quantity and everything the trader sees beside it. */
export interface RiskSized {
  readonly quantity: number;
  readonly stopLoss: number;
  readonly takeProfit: number;
  /** Stored as the proposal's `sizing` JSON: both answers side by side, and which limit clipped the quantity. */
  readonly sizing: Readonly<Record<string, unknown>>;
}

const decisionJson = (d: RiskDecision): Record<string, unknown> => ({ ...d });

/**
 * The order that brings the position to what the serving sizer wants (its answer is the position to hold,
 * so shares already held the same way are subtracted), clipped by the position limits, which have the last
 * word; the pre-trade checks still judge the order when it is confirmed.
 */
export function sizeFromAdvice(advice: RiskAdvice, source: RiskServingSource, held: number, limits: ProposalLimits): RiskSized {
  const { serving, baseline, entry, direction, state } = advice;
  const equity = state.portfolioMetrics.totalValue;
  const heldSameWay = Math.max(0, held * direction);
  const requested = Math.max(0, serving.quantity - heldSameWay);
  const caps: [ClipReason, number][] = [
    ['max-position-weight', Math.max(0, (limits.maxPositionWeight * equity) / entry - heldSameWay)],
    ['max-order-quantity', limits.maxOrderQuantity ?? Number.POSITIVE_INFINITY],
    ['max-order-notional', (limits.maxOrderNotional ?? Number.POSITIVE_INFINITY) / entry],
  ];
  let quantity = requested;
  let clippedBy: ClipReason | null = null;
  for (const [reason, cap] of caps) {
    if (cap < quantity) {
      quantity = cap;
      clippedBy = reason;
    }
  }
  quantity = Math.max(0, Math.floor(quantity + 1e-9));
  return {
    quantity,
    stopLoss: serving.stopLoss,
    takeProfit: serving.takeProfit,
    sizing: {
      method: 'risk-sizer',
      servedBy: { ...source },
      quantity,
      requestedQuantity: requested,
      heldBefore: held,
      clippedBy,
      limitNote: clippedBy === null ? 'within the position limits' : `quantity clipped from ${requested} to ${quantity} by ${clippedBy}`,
      equity,
      entry,
      atr: advice.atr,
      serving: decisionJson(serving),
      baseline: decisionJson(baseline),
      state: { ...state },
    },
  };
}

/** When a re-evaluation is worth a proposal; defaults in `DEFAULT_ADJUSTMENT_RULE`. */
export interface AdjustmentRule {
  /** A stop or target moves only by at least this many ATR. */
  readonly minMoveAtr: number;
  /** A size cut must be at least this share of the position. */
  readonly minSizeCut: number;
}

/**
 * One ATR: a stop that trails in steps of one daily range (a smaller step re-proposed a replayed 3-symbol
 * book every two or three bars, which no trader reads), and a quarter of the position: smaller cuts cost
 * commissions for little risk removed.
 */
export const DEFAULT_ADJUSTMENT_RULE: AdjustmentRule = { minMoveAtr: 1, minSizeCut: 0.25 };

/** The open position under review and its working bracket (when it has one). */
export interface OpenPosition {
  /** Signed shares held. */
  readonly held: number;
  readonly stopLoss?: number;
  readonly takeProfit?: number;
}

/** A material change the risk sizer asks for on an open position. */
export interface Adjustment {
  readonly changes: readonly ('stop' | 'target' | 'size')[];
  /** Shares to sell back (0 when the size stays). */
  readonly sizeCut: number;
  readonly stopLoss: number;
  readonly takeProfit: number;
  readonly before: { readonly quantity: number; readonly stopLoss?: number; readonly takeProfit?: number };
  readonly after: { readonly quantity: number; readonly stopLoss: number; readonly takeProfit: number };
}

/**
 * Compares the risk sizer's view of an open position with its bracket and size, and keeps only material
 * changes: a stop that tightens by `minMoveAtr` (an automatic proposal never widens a stop: that adds risk
 * the trader did not ask for, and they can still edit), a target that moves by `minMoveAtr` and stays on the
 * profit side of the price, a size cut of `minSizeCut` of the position or more (re-evaluation never adds:
 * new exposure comes from signals, through the entry rules). Each change must also differ materially from
 * `previous` (the last adjustment proposed for the position), so a rejected one is not re-proposed every bar.
 * Undefined when nothing is material.
 */
export function adjustmentFor(
  advice: Pick<RiskAdvice, 'serving' | 'atr' | 'entry'>,
  position: OpenPosition,
  previous?: Adjustment['after'],
  rule: AdjustmentRule = DEFAULT_ADJUSTMENT_RULE,
): Adjustment | undefined {
  const { serving, atr, entry } = advice;
  const dir = position.held > 0 ? 1 : -1;
  const size = Math.abs(position.held);
  if (size === 0) return undefined;
  const move = rule.minMoveAtr * atr;
  // Without a working bracket there is no stop or target to move; only the size can be cut. A bracket the price
  // already went through (its exits were cancelled or resized away) is no bracket to move either.
  const stop = position.stopLoss;
  const target = position.takeProfit;
  const bracket = stop !== undefined && target !== undefined && (entry - stop) * dir > 0 && (target - entry) * dir > 0;
  const stopTightens = bracket
    && dir * (serving.stopLoss - stop) >= move
    && (serving.stopLoss - entry) * dir < 0
    && newAgainst(serving.stopLoss, previous?.stopLoss, move);
  const targetMoves = bracket
    && (serving.takeProfit - entry) * dir > 0
    && Math.abs(serving.takeProfit - target) >= move
    && newAgainst(serving.takeProfit, previous?.takeProfit, move);
  const wanted = Math.max(0, Math.floor(serving.quantity + 1e-9));
  const cut = size - Math.min(size, wanted);
  const sizeCut = cut >= Math.max(1, rule.minSizeCut * size) && wanted !== previous?.quantity ? cut : 0;
  // Nothing material at almost every review (every held bar): decided above without allocating.
  if (!stopTightens && !targetMoves && sizeCut === 0) return undefined;
  const changes: ('stop' | 'target' | 'size')[] = [];
  if (stopTightens) changes.push('stop');
  if (targetMoves) changes.push('target');
  if (sizeCut > 0) changes.push('size');
  const stopLoss = stopTightens ? serving.stopLoss : bracket ? stop : serving.stopLoss;
  const takeProfit = targetMoves ? serving.takeProfit : bracket ? target : serving.takeProfit;
  return {
    changes,
    sizeCut,
    stopLoss,
    takeProfit,
    before: { quantity: size, ...(bracket ? { stopLoss: stop, takeProfit: target } : {}) },
    after: { quantity: size - sizeCut, stopLoss, takeProfit },
  };
}

/** Also material against the last adjustment proposed: a rejected one is not proposed again next bar. */
function newAgainst(x: number, prior: number | undefined, move: number): boolean {
  return prior === undefined || Math.abs(x - prior) >= move;
}
