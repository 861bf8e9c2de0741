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

/**
 * Open-order sums per symbol, in the order symbols are first seen in a check (the order they are summed in). Every
 * check reuses it (rules run one at a time and call nothing that checks again): a symbol keeps the slot it got
 * when first met, its sums sit in flat double arrays at that slot, and a slot joins a check's list (its sums reset
 * to 0) the first time the check meets it, told by the check's number. A check makes no map, map entry, array or
 * object per symbol, where a Map cleared per check re-grew its table at every check. The slots grow with the
 * symbols ever checked, which are the desk's traded ones (an order reaches this rule only with a price).
 */
class SymbolSides {
  readonly #slots = new Map<string, number>();
  readonly symbols: string[] = [];
  readonly buys: number[] = [];
  readonly sells: number[] = [];
  /** The check that last listed each slot. */
  readonly #listedIn: number[] = [];
  #check = 0;
  /** Slots of this check in first-seen order: the first `count` entries. */
  readonly listed: number[] = [];
  count = 0;

  /** Starts a check: no symbol listed. */
  start(): void {
    // Kept a small integer: past 2^30 checks every slot is unlisted by hand and the numbering starts over.
    if (this.#check >= 0x3fffffff) {
      this.#listedIn.fill(0);
      this.#check = 0;
    }
    this.#check++;
    this.count = 0;
  }

  /** The slot of `symbol`, listed in this check (with zero sums) if it was not yet. */
  of(symbol: string): number {
    let slot = this.#slots.get(symbol);
    if (slot === undefined) {
      slot = this.symbols.length;
      this.#slots.set(symbol, slot);
      this.symbols.push(symbol);
      this.buys.push(0);
      this.sells.push(0);
      this.#listedIn.push(0);
    }
    if (this.#listedIn[slot] !== this.#check) {
      this.#listedIn[slot] = this.#check;
      this.buys[slot] = 0;
      this.sells[slot] = 0;
      this.listed[this.count++] = slot;
    }
    return slot;
  }
}

const scratch = new SymbolSides();

/** The gross exposure without and with the order, or the first symbol that could not be valued. */
export type Exposures = { readonly ok: true; readonly before: number; readonly after: number } | { readonly ok: false; readonly symbol: string };

/** Where sumExposures leaves its sums: one object whose double fields are overwritten in place, no box per check. */
const sums = { before: 0, after: 0 };

/**
 * Gross exposure in the worst case, without and with this order: per symbol max(|position value + open buys|,
 * |position value - open sells|), summed; `after` adds the order to its side. One pass computes both, in the
 * same symbol order and with the same additions as two separate sums would. The rule itself calls sumExposures
 * and reads `sums` (no result object per check); this form is what the property test holds to the map-based sums.
 */
export function grossExposures(input: RuleInput, requestNotional: number): Exposures {
  const unpriced = sumExposures(input, requestNotional);
  return unpriced === undefined ? { ok: true, before: sums.before, after: sums.after } : { ok: false, symbol: unpriced };
}

/** grossExposures without a result object: the sums are left in `sums`; returns the first symbol that could not be valued. */
function sumExposures(input: RuleInput, requestNotional: number): string | undefined {
  const { request, context } = input;
  const sides = scratch;
  sides.start();
  const buys = sides.buys;
  const sells = sides.sells;
  for (const order of inputRiskOpenOrders(input)) {
    // openOrderNotional written out: a double returned from a call is a heap number per open order.
    const price = order.limitPrice ?? order.stopPrice ?? markPrice(order.symbol, context);
    if (price === undefined) return order.symbol;
    const value = remainingQuantity(order) * price;
    const slot = sides.of(order.symbol);
    if (order.side === 'buy') buys[slot] = (buys[slot] ?? 0) + value;
    else sells[slot] = (sells[slot] ?? 0) + value;
  }
  for (const p of context.portfolio.positions()) if (p.quantity !== 0) sides.of(p.symbol);
  sides.of(request.symbol);
  const listed = sides.listed;
  let before = 0;
  let after = 0;
  for (let i = 0; i < sides.count; i++) {
    const slot = listed[i] ?? 0;
    const symbol = sides.symbols[slot] ?? '';
    const slotBuys = buys[slot] ?? 0;
    const slotSells = sells[slot] ?? 0;
    const quantity = context.portfolio.position(symbol);
    let value = 0;
    if (quantity !== 0) {
      const mark = markPrice(symbol, context);
      if (mark === undefined) return symbol;
      value = quantity * mark;
    }
    const term = Math.max(Math.abs(value + slotBuys), Math.abs(value - slotSells));
    before += term;
    if (symbol !== request.symbol) after += term;
    else if (request.side === 'buy') after += Math.max(Math.abs(value + (slotBuys + requestNotional)), Math.abs(value - slotSells));
    else after += Math.max(Math.abs(value + slotBuys), Math.abs(value - (slotSells + requestNotional)));
  }
  sums.before = before;
  sums.after = after;
  return undefined;
}

/** Gross notional of positions and open orders (worst case) at most maxGrossExposure × equity. */
export const maxExposureRule: PreTradeRule = {
  id: 'max-exposure',
  skipsReducing: true,
  check(input) {
    const price = referencePrice(input.request, input.context);
    if (price === undefined) return deny('max-exposure', `no price for ${input.request.symbol} to value the order`);
    const notional = input.request.quantity * price;
    const unpriced = sumExposures(input, notional);
    if (unpriced !== undefined) return deny('max-exposure', `cannot value the open exposure in ${unpriced}: no price for it yet`);
    const equity = inputEquity(input);
    const limit = input.limits.maxGrossExposure * equity;
    if (sums.after <= limit || sums.after <= sums.before) return PASS;
    return deny('max-exposure', `gross exposure with this order would be ${usd(sums.after)}, above ${num(input.limits.maxGrossExposure)}× equity of ${usd(equity)} (${usd(Math.max(0, limit))} limit; open orders count)`);
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
