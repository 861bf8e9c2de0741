import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochMs, price, quantity, type Price } from '../../../market/units.js';
import type { Order } from '../../order.js';
import type { PortfolioView, PositionView } from '../../portfolio-view.js';
import type { PreTradeContext } from '../../pre-trade.js';
import { markPrice, remainingQuantity, riskOpenOrders } from '../order-effect.js';
import { DEFAULT_RISK_LIMITS } from '../risk-limits.js';
import { stateOf } from '../testing/rule-harness.js';
import { T0, makeOpenOrder, makeRequest } from '../testing/risk-fixtures.js';
import { grossExposures, type Exposures } from './exposure-rules.js';
import { CheckInput, type RuleInput } from './rule.js';

/** The sums as first written (one map entry per symbol, made on first sight): what the reused scratch must equal, bit for bit. */
function reference({ request, context }: RuleInput, requestNotional: number): Exposures {
  const bySymbol = new Map<string, { buys: number; sells: number }>();
  const side = (symbol: string): { buys: number; sells: number } => {
    const entry = bySymbol.get(symbol) ?? { buys: 0, sells: 0 };
    bySymbol.set(symbol, entry);
    return entry;
  };
  for (const order of riskOpenOrders(context)) {
    const p = order.limitPrice ?? order.stopPrice ?? markPrice(order.symbol, context);
    if (p === undefined) return { ok: false, symbol: order.symbol };
    if (order.side === 'buy') side(order.symbol).buys += remainingQuantity(order) * p;
    else side(order.symbol).sells += remainingQuantity(order) * p;
  }
  for (const p of context.portfolio.positions()) if (p.quantity !== 0) side(p.symbol);
  side(request.symbol);
  let before = 0;
  let after = 0;
  for (const [symbol, { buys, sells }] of bySymbol) {
    const held = context.portfolio.position(symbol);
    let value = 0;
    if (held !== 0) {
      const mark = markPrice(symbol, context);
      if (mark === undefined) return { ok: false, symbol };
      value = held * mark;
    }
    const term = Math.max(Math.abs(value + buys), Math.abs(value - sells));
    before += term;
    if (symbol !== request.symbol) after += term;
    else if (request.side === 'buy') after += Math.max(Math.abs(value + (buys + requestNotional)), Math.abs(value - sells));
    else after += Math.max(Math.abs(value + buys), Math.abs(value - (sells + requestNotional)));
  }
  return { ok: true, before, after };
}

const SYMBOLS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
const priceArb = fc.double({ min: 0.01, max: 500, noNaN: true });
const orderArb = fc.record({
  symbol: fc.constantFrom(...SYMBOLS),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  limit: fc.option(priceArb, { nil: undefined }),
  quantity: fc.integer({ min: 1, max: 500 }),
  filled: fc.integer({ min: 0, max: 100 }),
  reduceOnly: fc.boolean(),
});
const worldArb = fc.record({
  prices: fc.dictionary(fc.constantFrom(...SYMBOLS), priceArb),
  held: fc.dictionary(fc.constantFrom(...SYMBOLS), fc.integer({ min: -300, max: 300 })),
  // The list may name a symbol twice, at zero, or not at all (then, with no last price, it cannot be valued):
  // each symbol still counts once, a zero not at all.
  listed: fc.array(fc.record({ symbol: fc.constantFrom(...SYMBOLS), quantity: fc.integer({ min: -300, max: 300 }), avg: priceArb }), { maxLength: 8 }),
  orders: fc.array(orderArb, { maxLength: 6 }),
  request: fc.record({ symbol: fc.constantFrom(...SYMBOLS), side: fc.constantFrom('buy' as const, 'sell' as const) }),
  notional: fc.double({ min: 0, max: 50_000, noNaN: true }),
});
type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

function contextOf(world: World): PreTradeContext {
  const positions: PositionView[] = world.listed.map((p) => ({ symbol: p.symbol, quantity: p.quantity, avgPrice: price(p.avg), openedAt: epochMs(0) }));
  const portfolio: PortfolioView = {
    cash: () => 50_000,
    position: (symbol) => world.held[symbol] ?? 0,
    positions: () => positions,
    equity: () => 50_000,
    realisedPnlSince: () => 0,
  };
  const openOrders: Order[] = world.orders.map((o, i) =>
    makeOpenOrder({
      clientOrderId: `w${i}`, symbol: o.symbol, side: o.side, quantity: quantity(o.quantity), filledQuantity: quantity(Math.min(o.filled, o.quantity - 1)),
      ...(o.limit === undefined ? { type: 'market' } : { type: 'limit', limitPrice: price(o.limit) }),
      ...(o.reduceOnly ? { reduceOnly: true } : {}),
    }),
  );
  return {
    now: T0,
    market: { lastPrice: (symbol): Price | undefined => (world.prices[symbol] === undefined ? undefined : price(world.prices[symbol])) },
    portfolio,
    openOrders,
    hasClientOrderId: () => false,
  };
}

describe('grossExposures', () => {
  it('gives the sums of one map entry per symbol, bit for bit, check after check (2,000 runs of one to three random books in a row)', () => {
    fc.assert(
      fc.property(fc.array(worldArb, { minLength: 1, maxLength: 3 }), (worlds) => {
        for (const world of worlds) {
          const context = contextOf(world);
          const request = makeRequest({ symbol: world.request.symbol, side: world.request.side });
          const input = new CheckInput(request, context, DEFAULT_RISK_LIMITS, stateOf(), false);
          const got = grossExposures(input, world.notional);
          const want = reference(input, world.notional);
          expect(got.ok).toBe(want.ok);
          if (got.ok && want.ok) {
            expect(Object.is(got.before, want.before) && Object.is(got.after, want.after)).toBe(true);
          } else if (!got.ok && !want.ok) {
            expect(got.symbol).toBe(want.symbol);
          }
        }
      }),
      { numRuns: 2_000, seed: 20261124 },
    );
  });
});
