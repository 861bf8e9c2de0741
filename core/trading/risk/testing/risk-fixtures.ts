import { epochMs, price, quantity, type EpochMs, type Price } from '../../../market/units.js';
import type { Order, OrderRequest } from '../../order.js';
import type { MarketView, PortfolioView, PositionView } from '../../portfolio-view.js';
import type { PreTradeContext } from '../../pre-trade.js';

/** 2024-01-02T15:00:00Z: a Tuesday, 10:00 in New York. */
export const T0 = epochMs(1_704_207_600_000);

export interface HeldPosition {
  readonly quantity: number;
  readonly avgPrice: number;
}

/** A portfolio with fixed cash and positions (a stand-in for the ledger-derived view). */
export function fakePortfolio(cash: number, held: Readonly<Record<string, HeldPosition>> = {}): PortfolioView {
  const positions: PositionView[] = Object.entries(held)
    .filter(([, p]) => p.quantity !== 0)
    .map(([symbol, p]) => ({ symbol, quantity: p.quantity, avgPrice: price(p.avgPrice), openedAt: epochMs(0) }));
  return {
    cash: () => cash,
    position: (symbol) => held[symbol]?.quantity ?? 0,
    positions: () => positions,
    equity: (mark) => positions.reduce((sum, p) => sum + p.quantity * (mark(p.symbol) ?? p.avgPrice), cash),
    realisedPnlSince: () => 0,
  };
}

export const fakeMarket = (prices: Readonly<Record<string, number>>): MarketView => ({
  lastPrice: (symbol): Price | undefined => (prices[symbol] === undefined ? undefined : price(prices[symbol])),
});

export interface ContextSpec {
  readonly now?: EpochMs;
  readonly cash?: number;
  readonly held?: Readonly<Record<string, HeldPosition>>;
  readonly prices?: Readonly<Record<string, number>>;
  readonly openOrders?: readonly Order[];
  readonly usedIds?: readonly string[];
}

/** A context: $100k cash, flat, AAPL at $100 and MSFT at $400 unless told otherwise. */
export function makeContext(spec: ContextSpec = {}): PreTradeContext {
  const used = new Set(spec.usedIds ?? []);
  return {
    now: spec.now ?? T0,
    market: fakeMarket(spec.prices ?? { AAPL: 100, MSFT: 400 }),
    portfolio: fakePortfolio(spec.cash ?? 100_000, spec.held ?? {}),
    openOrders: spec.openOrders ?? [],
    hasClientOrderId: (id) => used.has(id),
  };
}

let nextId = 0;

/** A manual market buy of 10 AAPL with a fresh client id, overridable. */
export function makeRequest(overrides: Partial<OrderRequest> = {}): OrderRequest {
  nextId += 1;
  return {
    clientOrderId: `c-${nextId}`,
    symbol: 'AAPL',
    side: 'buy',
    type: 'market',
    quantity: quantity(10),
    timeInForce: 'day',
    origin: { kind: 'manual' },
    ...overrides,
  };
}

/** A working (accepted, unfilled) order. */
export function makeOpenOrder(overrides: Partial<Order> = {}): Order {
  const request = makeRequest(overrides);
  return {
    status: 'accepted',
    leg: 'single',
    filledQuantity: quantity(0),
    createdAt: T0,
    updatedAt: T0,
    ...request,
    ...overrides,
  };
}
