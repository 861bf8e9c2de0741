import { describe, expect, it } from 'vitest';
import { price, quantity } from '../../../market/units.js';
import { makeContext, makeOpenOrder, makeRequest } from '../testing/risk-fixtures.js';
import { reasonOf, runRule } from '../testing/rule-harness.js';
import { buyingPowerRule, maxExposureRule } from './exposure-rules.js';
import { maxOpenPositionsRule, maxPositionRule } from './position-rules.js';

describe('max position per symbol', () => {
  it('counts position, this order and same-side open orders: 2,000 passes, 2,001 is refused', () => {
    const context = (open: number) => makeContext({ held: { AAPL: { quantity: 1_000, avgPrice: 90 } }, openOrders: [makeOpenOrder({ quantity: quantity(open) })] });
    expect(runRule(maxPositionRule, makeRequest({ quantity: quantity(500) }), context(500))).toEqual({ ok: true });
    expect(reasonOf(runRule(maxPositionRule, makeRequest({ quantity: quantity(500) }), context(501)))).toBe(
      'max-position: AAPL could reach 2,001 shares (position 1,000, this buy 500, open buys 501), above the 2,000 share limit per symbol',
    );
  });

  it('counts a short the same way and lets an order that shrinks an oversized position through', () => {
    const short = makeContext({ held: { AAPL: { quantity: -1_900, avgPrice: 100 } } });
    expect(runRule(maxPositionRule, makeRequest({ side: 'sell', quantity: quantity(101) }), short).ok).toBe(false);
    const oversized = makeContext({ held: { AAPL: { quantity: 3_000, avgPrice: 100 } } });
    expect(runRule(maxPositionRule, makeRequest({ side: 'sell', quantity: quantity(500) }), oversized)).toEqual({ ok: true });
  });

  it('ignores reduce-only and other symbols\' open orders', () => {
    const context = makeContext({ openOrders: [makeOpenOrder({ quantity: quantity(1_500), reduceOnly: true }), makeOpenOrder({ symbol: 'MSFT', quantity: quantity(1_500) })] });
    expect(runRule(maxPositionRule, makeRequest({ quantity: quantity(2_000) }), context)).toEqual({ ok: true });
  });
});

describe('max open positions', () => {
  const held = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`S${i}`, { quantity: 10, avgPrice: 10 }]));

  it('lets the 10th symbol in and refuses the 11th, counting working entries as positions', () => {
    expect(runRule(maxOpenPositionsRule, makeRequest(), makeContext({ held: held(9) }))).toEqual({ ok: true });
    const context = makeContext({ held: held(9), openOrders: [makeOpenOrder({ symbol: 'MSFT' })] });
    expect(reasonOf(runRule(maxOpenPositionsRule, makeRequest(), context))).toBe(
      'max-open-positions: AAPL would be a new position: 10 symbols are already held or working, the limit is 10',
    );
  });

  it('counts a symbol once however many orders work on it, at the limit as below it', () => {
    const twoOn = (symbol: string) => makeContext({ held: held(9), openOrders: [makeOpenOrder({ symbol }), makeOpenOrder({ symbol })] });
    expect(runRule(maxOpenPositionsRule, makeRequest(), twoOn('S1'))).toEqual({ ok: true });
    expect(reasonOf(runRule(maxOpenPositionsRule, makeRequest(), twoOn('MSFT')))).toContain('10 symbols are already held or working');
    expect(runRule(maxOpenPositionsRule, makeRequest(), makeContext({ held: held(8), openOrders: [makeOpenOrder({ symbol: 'MSFT' })] }))).toEqual({ ok: true });
  });

  it('always lets a symbol already held add', () => {
    expect(runRule(maxOpenPositionsRule, makeRequest({ symbol: 'S3' }), makeContext({ held: held(10) }))).toEqual({ ok: true });
  });
});

describe('aggregate exposure', () => {
  it('counts open orders as well as positions: exactly 1× equity passes, $1 more is refused', () => {
    // Equity 100k (cash 60k + 400 AAPL at 100); 40k held + 30k open + 30k order = 100k.
    const context = makeContext({ cash: 60_000, held: { AAPL: { quantity: 400, avgPrice: 90 } }, openOrders: [makeOpenOrder({ symbol: 'MSFT', type: 'limit', limitPrice: price(300), quantity: quantity(100) })] });
    expect(runRule(maxExposureRule, makeRequest({ type: 'limit', limitPrice: price(100), quantity: quantity(300) }), context)).toEqual({ ok: true });
    const over = makeRequest({ type: 'limit', limitPrice: price(100.01), quantity: quantity(300) });
    expect(reasonOf(runRule(maxExposureRule, over, context))).toBe(
      'max-exposure: gross exposure with this order would be $100,003, above 1× equity of $100,000 ($100,000 limit; open orders count)',
    );
  });

  it('counts shorts by their absolute value and lets a sell that shrinks a long through when over the limit', () => {
    const context = makeContext({ cash: 150_000, held: { AAPL: { quantity: -500, avgPrice: 100 } } });
    expect(runRule(maxExposureRule, makeRequest({ symbol: 'MSFT', quantity: quantity(126) }), context, { maxGrossExposure: 1 }).ok).toBe(false);
    const over = makeContext({ cash: -50_000, held: { AAPL: { quantity: 1_500, avgPrice: 100 } } });
    expect(runRule(maxExposureRule, makeRequest({ side: 'sell', quantity: quantity(200) }), over)).toEqual({ ok: true });
  });

  it('refuses everything that adds exposure when equity is gone, and an unvalued open order', () => {
    const broke = makeContext({ cash: -1_000 });
    expect(reasonOf(runRule(maxExposureRule, makeRequest({ quantity: quantity(1) }), broke))).toContain('equity of -$1,000');
    const unpriced = makeContext({ openOrders: [makeOpenOrder({ symbol: 'NEW' })] });
    expect(reasonOf(runRule(maxExposureRule, makeRequest(), unpriced))).toBe('max-exposure: cannot value the open exposure in NEW: no price for it yet');
  });
});

describe('aggregate exposure, check after check', () => {
  it('starts each check from nothing: sums of an earlier one, one that stopped at an unpriced order included, never carry over', () => {
    const stopped = makeContext({ openOrders: [makeOpenOrder({ symbol: 'MSFT', type: 'limit', limitPrice: price(300), quantity: quantity(100) }), makeOpenOrder({ symbol: 'NEW' })] });
    expect(runRule(maxExposureRule, makeRequest(), stopped).ok).toBe(false);
    // 40k held + this 60k = exactly 1x equity of 100k: passes only if MSFT's 30k from above is gone.
    const fresh = makeContext({ cash: 60_000, held: { AAPL: { quantity: 400, avgPrice: 90 } } });
    const order = makeRequest({ type: 'limit', limitPrice: price(100), quantity: quantity(600) });
    expect(runRule(maxExposureRule, order, fresh)).toEqual({ ok: true });
    const withOpen = makeContext({ cash: 60_000, held: { AAPL: { quantity: 400, avgPrice: 90 } }, openOrders: [makeOpenOrder({ symbol: 'AAPL', type: 'limit', limitPrice: price(100), quantity: quantity(1) })] });
    expect(reasonOf(runRule(maxExposureRule, order, withOpen))).toBe('max-exposure: gross exposure with this order would be $100,100, above 1× equity of $100,000 ($100,000 limit; open orders count)');
    expect(runRule(maxExposureRule, order, fresh)).toEqual({ ok: true });
  });
});

describe('buying power', () => {
  it('is cash minus open buys in a cash account: $40,000 of buys fit into $70,000 - $30,000', () => {
    const context = makeContext({ cash: 70_000, openOrders: [makeOpenOrder({ symbol: 'MSFT', type: 'limit', limitPrice: price(300), quantity: quantity(100) })] });
    const limits = { accountType: 'cash' as const };
    expect(runRule(buyingPowerRule, makeRequest({ quantity: quantity(400) }), context, limits)).toEqual({ ok: true });
    expect(reasonOf(runRule(buyingPowerRule, makeRequest({ quantity: quantity(401) }), context, limits))).toBe(
      'buying-power: buy notional $40,100 exceeds buying power $40,000 (cash $70,000, open buys $30,000, margin 1×)',
    );
  });

  it('grows with the margin multiplier (Reg T: long book up to twice equity)', () => {
    const context = makeContext({ cash: -50_000, held: { AAPL: { quantity: 1_500, avgPrice: 100 } } });
    expect(runRule(buyingPowerRule, makeRequest({ quantity: quantity(500) }), context, { marginMultiplier: 2 })).toEqual({ ok: true });
    expect(runRule(buyingPowerRule, makeRequest({ quantity: quantity(501) }), context, { marginMultiplier: 2 }).ok).toBe(false);
  });

  it('refuses a short sale in a cash account but not a sale of shares held', () => {
    const context = makeContext({ held: { AAPL: { quantity: 100, avgPrice: 100 } } });
    expect(runRule(buyingPowerRule, makeRequest({ side: 'sell', quantity: quantity(100) }), context, { accountType: 'cash' })).toEqual({ ok: true });
    expect(reasonOf(runRule(buyingPowerRule, makeRequest({ side: 'sell', quantity: quantity(101) }), context, { accountType: 'cash' }))).toContain('a cash account cannot sell short');
    expect(runRule(buyingPowerRule, makeRequest({ side: 'sell', quantity: quantity(101) }), context)).toEqual({ ok: true });
  });
});
