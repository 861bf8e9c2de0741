import { describe, expect, it } from 'vitest';
import type { MarketView } from '../portfolio-view.js';
import { equityOf, riskOpenOrders } from './order-effect.js';
import { fakeMarket, makeContext, makeOpenOrder } from './testing/risk-fixtures.js';

describe('riskOpenOrders', () => {
  const e1 = makeOpenOrder({ clientOrderId: 'e1' });
  const e2 = makeOpenOrder({ clientOrderId: 'e2', symbol: 'MSFT' });
  const e3 = makeOpenOrder({ clientOrderId: 'e3', side: 'sell' });
  const entries = [e1, e2, e3];
  const exit = (id: string): ReturnType<typeof makeOpenOrder> => makeOpenOrder({ clientOrderId: id, side: 'sell', reduceOnly: true });

  it('is the working-order list itself when no order is reduce-only (nothing copied)', () => {
    const context = makeContext({ openOrders: entries });
    expect(riskOpenOrders(context)).toBe(context.openOrders);
    expect(riskOpenOrders(makeContext({ openOrders: [] }))).toEqual([]);
  });

  it('leaves out every reduce-only order, wherever it sits, keeping the others in their order', () => {
    const cases = [
      [exit('x1'), ...entries],
      [e1, exit('x1'), e2, exit('x2'), e3],
      [...entries, exit('x1')],
      [exit('x1'), exit('x2')],
      [e1, makeOpenOrder({ clientOrderId: 'f', reduceOnly: false }), exit('x1')],
    ];
    for (const open of cases) {
      const context = makeContext({ openOrders: open });
      const risk = riskOpenOrders(context);
      expect(risk.map((o) => o.clientOrderId)).toEqual(open.filter((o) => o.reduceOnly !== true).map((o) => o.clientOrderId));
      expect(risk).not.toBe(context.openOrders);
    }
    // The list handed in is never changed.
    const open = [e1, exit('x1'), e2];
    riskOpenOrders(makeContext({ openOrders: open }));
    expect(open.map((o) => o.clientOrderId)).toEqual(['e1', 'x1', 'e2']);
  });
});

describe('equityOf', () => {
  it('marks each context at its own market, and at the price the market has when valued', () => {
    const prices: Record<string, number> = { AAPL: 100 };
    const live: MarketView = fakeMarket(prices);
    const context = { ...makeContext({ cash: 1_000, held: { AAPL: { quantity: 10, avgPrice: 90 } } }), market: live };
    expect(equityOf(context)).toBe(2_000);
    // Valued at the price the market has now, not the one it had at the first valuation.
    prices['AAPL'] = 110;
    expect(equityOf(context)).toBe(2_100);
    // Another market, the same book: its own prices, never the first market's.
    const other = { ...context, market: fakeMarket({ AAPL: 50 }) };
    expect(equityOf(other)).toBe(1_500);
    expect(equityOf(context)).toBe(2_100);
    // No price: the average price, as the portfolio falls back.
    expect(equityOf({ ...context, market: fakeMarket({}) })).toBe(1_900);
  });
});
