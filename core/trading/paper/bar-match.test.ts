import { describe, expect, it } from 'vitest';
import { matchOrder, ocoRank, slip, type MatchableOrder } from './bar-match.js';
import { ohlc } from './testing/paper-fixtures.js';

const buy = (type: MatchableOrder['type'], prices: { limitPrice?: number; stopPrice?: number } = {}, triggered = false): MatchableOrder => ({
  side: 'buy',
  type,
  triggered,
  ...prices,
});
const sell = (type: MatchableOrder['type'], prices: { limitPrice?: number; stopPrice?: number } = {}, triggered = false): MatchableOrder => ({
  ...buy(type, prices, triggered),
  side: 'sell',
});

// open 100, high 105, low 95, close 102
const bar = ohlc(0, 100, 105, 95, 102);

describe('matchOrder', () => {
  it('fills a market order at the open, slipped, either side', () => {
    expect(matchOrder(buy('market'), bar)).toEqual({ fills: true, price: 100, atOpen: true, slipped: true, triggered: false });
    expect(matchOrder(sell('market'), bar)).toMatchObject({ fills: true, price: 100, slipped: true });
  });

  it('fills a buy limit touched inside the bar at the limit, unslipped', () => {
    expect(matchOrder(buy('limit', { limitPrice: 97 }), bar)).toEqual({ fills: true, price: 97, atOpen: false, slipped: false, triggered: false });
  });

  it('fills a buy limit the bar gapped through at the better open', () => {
    expect(matchOrder(buy('limit', { limitPrice: 110 }), bar)).toMatchObject({ fills: true, price: 100, atOpen: true });
  });

  it('leaves a buy limit below the low unfilled', () => {
    expect(matchOrder(buy('limit', { limitPrice: 94.99 }), bar)).toEqual({ fills: false, triggered: false });
  });

  it('mirrors limits for sells: at the limit inside, at the better open on a gap, none above the high', () => {
    expect(matchOrder(sell('limit', { limitPrice: 104 }), bar)).toMatchObject({ fills: true, price: 104, atOpen: false });
    expect(matchOrder(sell('limit', { limitPrice: 90 }), bar)).toMatchObject({ fills: true, price: 100, atOpen: true });
    expect(matchOrder(sell('limit', { limitPrice: 105.01 }), bar)).toEqual({ fills: false, triggered: false });
  });

  it('fills a buy stop reached inside the bar at the stop, slipped', () => {
    expect(matchOrder(buy('stop', { stopPrice: 104 }), bar)).toEqual({ fills: true, price: 104, atOpen: false, slipped: true, triggered: true });
  });

  it('fills a buy stop the bar gapped through at the worse open', () => {
    expect(matchOrder(buy('stop', { stopPrice: 98 }), bar)).toMatchObject({ fills: true, price: 100, atOpen: true, triggered: true });
  });

  it('fills a sell stop the bar gapped through at the worse open, and one reached inside at the stop', () => {
    expect(matchOrder(sell('stop', { stopPrice: 103 }), bar)).toMatchObject({ fills: true, price: 100, atOpen: true });
    expect(matchOrder(sell('stop', { stopPrice: 96 }), bar)).toMatchObject({ fills: true, price: 96, atOpen: false });
  });

  it('does not trigger stops the bar never reached', () => {
    expect(matchOrder(buy('stop', { stopPrice: 105.5 }), bar)).toEqual({ fills: false, triggered: false });
    expect(matchOrder(sell('stop', { stopPrice: 94.5 }), bar)).toEqual({ fills: false, triggered: false });
  });

  it('fills the remainder of a triggered stop at the open like a market order', () => {
    expect(matchOrder(sell('stop', { stopPrice: 50 }, true), bar)).toMatchObject({ fills: true, price: 100, atOpen: true, slipped: true });
  });

  it('fills a buy stop-limit triggered inside the bar at its stop when the limit allows it', () => {
    expect(matchOrder(buy('stop_limit', { stopPrice: 103, limitPrice: 104 }), bar)).toEqual({
      fills: true,
      price: 103,
      atOpen: false,
      slipped: false,
      triggered: true,
    });
  });

  it('triggers but does not fill a buy stop-limit whose limit is below its stop inside the bar', () => {
    expect(matchOrder(buy('stop_limit', { stopPrice: 103, limitPrice: 101 }), bar)).toEqual({ fills: false, triggered: true });
  });

  it('treats a buy stop-limit gapped through as a limit for the whole bar', () => {
    const gapUp = ohlc(0, 108, 110, 101, 104);
    expect(matchOrder(buy('stop_limit', { stopPrice: 105, limitPrice: 106 }), gapUp)).toMatchObject({ fills: true, price: 106, atOpen: false });
    expect(matchOrder(buy('stop_limit', { stopPrice: 105, limitPrice: 109 }), gapUp)).toMatchObject({ fills: true, price: 108, atOpen: true });
    expect(matchOrder(buy('stop_limit', { stopPrice: 105, limitPrice: 100 }), gapUp)).toEqual({ fills: false, triggered: true });
  });

  it('mirrors stop-limits for sells', () => {
    expect(matchOrder(sell('stop_limit', { stopPrice: 97, limitPrice: 96 }), bar)).toMatchObject({ fills: true, price: 97 });
    expect(matchOrder(sell('stop_limit', { stopPrice: 97, limitPrice: 99 }), bar)).toEqual({ fills: false, triggered: true });
    expect(matchOrder(sell('stop_limit', { stopPrice: 94, limitPrice: 93 }), bar)).toEqual({ fills: false, triggered: false });
    const gapDown = ohlc(0, 90, 96, 88, 92);
    expect(matchOrder(sell('stop_limit', { stopPrice: 94, limitPrice: 95 }), gapDown)).toMatchObject({ fills: true, price: 95, atOpen: false });
  });

  it('matches a triggered stop-limit as a plain limit on later bars', () => {
    expect(matchOrder(buy('stop_limit', { stopPrice: 200, limitPrice: 96 }, true), bar)).toMatchObject({ fills: true, price: 96, triggered: true });
  });

  it('refuses to match an order that lost its price instead of filling at NaN', () => {
    expect(() => matchOrder(buy('limit'), bar)).toThrow(/lost its price/);
  });
});

describe('ocoRank', () => {
  it('ranks a fill at the open first, then stops before limits, and no fill last', () => {
    const atOpen = ocoRank('limit', { fills: true, price: 1, atOpen: true, slipped: false, triggered: false });
    const stop = ocoRank('stop', { fills: true, price: 1, atOpen: false, slipped: true, triggered: true });
    const stopLimit = ocoRank('stop_limit', { fills: true, price: 1, atOpen: false, slipped: false, triggered: true });
    const limit = ocoRank('limit', { fills: true, price: 1, atOpen: false, slipped: false, triggered: false });
    const none = ocoRank('stop', { fills: false, triggered: true });
    expect(atOpen).toBeLessThan(stop);
    expect(stop).toBe(stopLimit);
    expect(stop).toBeLessThan(limit);
    expect(limit).toBeLessThan(none);
  });
});

describe('slip', () => {
  it('makes buys dearer and sells cheaper by the given basis points', () => {
    expect(slip(100, 'buy', 5)).toBeCloseTo(100.05, 10);
    expect(slip(100, 'sell', 5)).toBeCloseTo(99.95, 10);
    expect(slip(100, 'buy', 0)).toBe(100);
  });
});
