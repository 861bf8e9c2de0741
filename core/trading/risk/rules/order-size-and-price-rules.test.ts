import { describe, expect, it } from 'vitest';
import { price, quantity } from '../../../market/units.js';
import { makeContext, makeRequest } from '../testing/risk-fixtures.js';
import { reasonOf, runRule } from '../testing/rule-harness.js';
import { maxOrderNotionalRule, maxOrderQuantityRule } from './order-size-rules.js';
import { priceCollarRule } from './price-collar-rule.js';

describe('max order quantity', () => {
  it('passes an order at the limit and refuses one share over it, naming both numbers', () => {
    expect(runRule(maxOrderQuantityRule, makeRequest({ quantity: quantity(1_000) }))).toEqual({ ok: true });
    expect(reasonOf(runRule(maxOrderQuantityRule, makeRequest({ quantity: quantity(1_001) })))).toBe('max-order-quantity: quantity 1,001 exceeds the 1,000 share limit per order');
  });
});

describe('max order notional', () => {
  it('values a limit order at its limit price: $50,000 passes, $61,200 is refused', () => {
    const at = makeRequest({ type: 'limit', limitPrice: price(100), quantity: quantity(500) });
    expect(runRule(maxOrderNotionalRule, at)).toEqual({ ok: true });
    const over = makeRequest({ type: 'limit', limitPrice: price(102), quantity: quantity(600) });
    expect(reasonOf(runRule(maxOrderNotionalRule, over))).toBe('max-order-notional: notional $61,200 (600 × $102) exceeds the $50,000 limit per order');
  });

  it('values a market order at the last price and refuses it one cent over', () => {
    expect(runRule(maxOrderNotionalRule, makeRequest({ quantity: quantity(125) }), makeContext({ prices: { AAPL: 400 } }))).toEqual({ ok: true });
    expect(runRule(maxOrderNotionalRule, makeRequest({ quantity: quantity(125) }), makeContext({ prices: { AAPL: 400.01 } })).ok).toBe(false);
  });

  it('values a stop order at its stop price', () => {
    const stop = makeRequest({ type: 'stop', stopPrice: price(101), quantity: quantity(500) });
    expect(reasonOf(runRule(maxOrderNotionalRule, stop))).toContain('$50,500');
  });

  it('refuses a market order when the feed has no last price', () => {
    expect(reasonOf(runRule(maxOrderNotionalRule, makeRequest({ symbol: 'NEW' })))).toBe('max-order-notional: no last price for NEW to value a market order: wait for a price or send a limit order');
  });
});

describe('price collar', () => {
  it('passes a limit exactly 5% from the last price and refuses one a cent beyond', () => {
    expect(runRule(priceCollarRule, makeRequest({ type: 'limit', limitPrice: price(105) }))).toEqual({ ok: true });
    expect(runRule(priceCollarRule, makeRequest({ type: 'limit', limitPrice: price(95) }))).toEqual({ ok: true });
    expect(reasonOf(runRule(priceCollarRule, makeRequest({ type: 'limit', limitPrice: price(105.01) })))).toBe(
      'price-collar: limit price $105.01 is 5.01% from the last price $100, outside the 5% price collar',
    );
  });

  it('checks the stop price of a stop-limit order too', () => {
    const order = makeRequest({ type: 'stop_limit', limitPrice: price(101), stopPrice: price(110) });
    expect(reasonOf(runRule(priceCollarRule, order))).toContain('stop price $110 is 10%');
  });

  it('refuses a priced order when there is no last price to compare with, and leaves market orders alone', () => {
    expect(reasonOf(runRule(priceCollarRule, makeRequest({ symbol: 'NEW', type: 'limit', limitPrice: price(5) })))).toContain('no last price for NEW');
    expect(runRule(priceCollarRule, makeRequest({ symbol: 'NEW' }))).toEqual({ ok: true });
  });
});
