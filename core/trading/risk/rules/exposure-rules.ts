import type { Order } from '../../order.js';
import type { PreTradeContext } from '../../pre-trade.js';
import { markPrice, referencePrice, remainingQuantity } from '../order-effect.js';
import type { PreTradeRule, RuleInput } from './rule.js';
import { PASS, deny, inputEquity, inputRiskOpenOrders, num, usd } from './rule.js';

/** An open order's value: its limit, else stop, else the symbol's mark; undefined when the symbol has no price. */
function openOrderNotional(order: Order, context: PreTradeContext): number | undefined {
  const price = order.limitPrice ?? order.stopPrice ?? markPrice(order.symbol, context);
  return price === undefined ? undefined : remainingQuantity(order) * price;
}

interface Sides {
  buys: number;
  sells: number;
}

/**
 * Open-order sums per symbol, in the order symbols are first seen (the order they are summed in). One is reused by
 * every check, cleared at the start of each (rules run one at a time and call nothing that checks again), so a
 * check makes no map and no object per symbol held.
 */
class SymbolSides {
  readonly bySymbol = new Map<string, Sides>();
  readonly #pool: Sides[] = [];

  clear(): void {
    this.bySymbol.clear();
  }

  of(symbol: string): Sides {
    let entry = this.bySymbol.get(symbol);
    if (entry === undefined) {
      entry = this.#pool[this.bySymbol.size];
      if (entry === undefined) {
        entry = { buys: 0, sells: 0 };
        this.#pool.push(entry);
      } else {
        entry.buys = 0;
        entry.sells = 0;
      }
      this.bySymbol.set(symbol, entry);
    }
    return entry;
  }
}

const scratch = new SymbolSides();

/** The gross exposure without and with the order, or the first symbol that could not be valued. */
export type Exposures = { readonly ok: true; readonly before: number; readonly after: number } | { readonly ok: false; readonly symbol: string };

/**
 * Gross exposure in the worst case, without and with this order: per symbol max(|position value + open buys|,
 * |position value - open sells|), summed; `after` adds the order to its side. One pass computes both, in the
 * same symbol order and with the same additions as two separate sums would.
 */
export function grossExposures(input: RuleInput, requestNotional: number): Exposures {
  const { request, context } = input;
  scratch.clear();
  for (const order of inputRiskOpenOrders(input)) {
    const value = openOrderNotional(order, context);
    if (value === undefined) return { ok: false, symbol: order.symbol };
    if (order.side === 'buy') scratch.of(order.symbol).buys += value;
    else scratch.of(order.symbol).sells += value;
  }
  for (const p of context.portfolio.positions()) if (p.quantity !== 0) scratch.of(p.symbol);
  scratch.of(request.symbol);
  const bySymbol = scratch.bySymbol;
  let before = 0;
  let after = 0;
  for (const [symbol, { buys, sells }] of bySymbol) {
    const quantity = context.portfolio.position(symbol);
    let value = 0;
    if (quantity !== 0) {
      const mark = markPrice(symbol, context);
      if (mark === undefined) return { ok: false, symbol };
      value = quantity * mark;
    }
    const term = Math.max(Math.abs(value + buys), Math.abs(value - sells));
    before += term;
    if (symbol !== request.symbol) after += term;
    else if (request.side === 'buy') after += Math.max(Math.abs(value + (buys + requestNotional)), Math.abs(value - sells));
    else after += Math.max(Math.abs(value + buys), Math.abs(value - (sells + requestNotional)));
  }
  return { ok: true, before, after };
}

/** Gross notional of positions and open orders (worst case) at most maxGrossExposure × equity. */
export const maxExposureRule: PreTradeRule = {
  id: 'max-exposure',
  skipsReducing: true,
  check(input) {
    const price = referencePrice(input.request, input.context);
    if (price === undefined) return deny('max-exposure', `no price for ${input.request.symbol} to value the order`);
    const notional = input.request.quantity * price;
    const gross = grossExposures(input, notional);
    if (!gross.ok) return deny('max-exposure', `cannot value the open exposure in ${gross.symbol}: no price for it yet`);
    const equity = inputEquity(input);
    const limit = input.limits.maxGrossExposure * equity;
    if (gross.after <= limit || gross.after <= gross.before) return PASS;
    return deny('max-exposure', `gross exposure with this order would be ${usd(gross.after)}, above ${num(input.limits.maxGrossExposure)}× equity of ${usd(equity)} (${usd(Math.max(0, limit))} limit; open orders count)`);
  },
};

/**
 * Buys need buying power: cash + (marginMultiplier - 1) × equity - open buy orders. With a multiplier of 1
 * that is cash minus what open buys will spend; with 2 the long book can reach twice equity (Reg T).
 * A cash account cannot sell short.
 */
export const buyingPowerRule: PreTradeRule = {
  id: 'buying-power',
  skipsReducing: true,
  check(input) {
    const { request, context, limits } = input;
    const open = inputRiskOpenOrders(input);
    if (request.side === 'sell') {
      if (limits.accountType === 'margin') return PASS;
      const position = context.portfolio.position(request.symbol);
      const openSells = open.filter((o) => o.symbol === request.symbol && o.side === 'sell').reduce((sum, o) => sum + remainingQuantity(o), 0);
      if (position - openSells - request.quantity >= 0) return PASS;
      return deny('buying-power', `a cash account cannot sell short: selling ${num(request.quantity)} ${request.symbol} against a position of ${num(position)} (open sells ${num(openSells)})`);
    }
    const price = referencePrice(request, context);
    if (price === undefined) return deny('buying-power', `no price for ${request.symbol} to value the order`);
    let openBuys = 0;
    for (const order of open) {
      if (order.side !== 'buy') continue;
      const value = openOrderNotional(order, context);
      if (value === undefined) return deny('buying-power', `cannot value the open buy order ${order.clientOrderId}: no price for ${order.symbol} yet`);
      openBuys += value;
    }
    const cash = context.portfolio.cash();
    const buyingPower = cash + (limits.marginMultiplier - 1) * inputEquity(input) - openBuys;
    const notional = request.quantity * price;
    if (notional <= buyingPower) return PASS;
    return deny('buying-power', `buy notional ${usd(notional)} exceeds buying power ${usd(buyingPower)} (cash ${usd(cash)}, open buys ${usd(openBuys)}, margin ${num(limits.marginMultiplier)}×)`);
  },
};
