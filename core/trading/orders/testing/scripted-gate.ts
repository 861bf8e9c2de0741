import { price } from '../../../market/units.js';
import type { Fill, OrderLeg, OrderRequest } from '../../order.js';
import type { MarketView, PortfolioView } from '../../portfolio-view.js';
import type { PreTradeContext, PreTradeGate, PreTradeVerdict } from '../../pre-trade.js';

/** Allows everything, or refuses everything with one rule; kill switches are flags. Records what it saw. */
export class ScriptedGate implements PreTradeGate {
  readonly checked: OrderRequest[] = [];
  readonly submitted: OrderRequest[] = [];
  globalKill = false;
  readonly killedModels = new Set<string>();

  constructor(public verdict: PreTradeVerdict = { ok: true }) {}

  check(request: OrderRequest, _context: PreTradeContext): PreTradeVerdict {
    this.checked.push(request);
    return this.verdict;
  }

  onSubmitted(request: OrderRequest): void {
    this.submitted.push(request);
  }

  isKillSwitchOn(modelId?: string): boolean {
    return modelId === undefined ? this.globalKill : this.killedModels.has(modelId);
  }

  readonly fills: { readonly fill: Fill; readonly leg: OrderLeg }[] = [];
  readonly marks: PreTradeContext[] = [];

  onFill(fill: Fill, leg: OrderLeg): void {
    this.fills.push({ fill, leg });
  }

  onMark(context: PreTradeContext): void {
    this.marks.push(context);
  }
}

export const allowAll = (): ScriptedGate => new ScriptedGate();
export const denyAll = (): ScriptedGate => new ScriptedGate({ ok: false, ruleId: 'max-order-quantity', reason: 'test gate refuses everything' });

/** A market whose last prices are set by the test. */
export class FixedMarket implements MarketView {
  readonly prices = new Map<string, number>();
  lastPrice(symbol: string): ReturnType<MarketView['lastPrice']> {
    const p = this.prices.get(symbol);
    return p === undefined ? undefined : price(p);
  }
}

/** An empty account: enough for a gate that does not look at it. */
export const flatPortfolio: PortfolioView = {
  cash: () => 0,
  position: () => 0,
  positions: () => [],
  equity: () => 0,
  realisedPnlSince: () => 0,
};
