import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../market/bar.js';
import { closeOffsetMs } from '../../market/interval.js';
import type { Order, OrderSide, OrderType } from '../order.js';
import { ohlc, paperHarness, paperOrder } from './testing/paper-fixtures.js';

const SLIPPAGE_BPS = 7;

/** A possible bar: open and close inside [low, high]. */
const barShape = fc
  .record({
    low: fc.double({ min: 10, max: 200, noNaN: true }),
    range: fc.double({ min: 0, max: 20, noNaN: true }),
    openAt: fc.double({ min: 0, max: 1, noNaN: true }),
    closeAt: fc.double({ min: 0, max: 1, noNaN: true }),
    volume: fc.integer({ min: 0, max: 5_000 }),
    symbol: fc.constantFrom('AAPL', 'MSFT'),
  })
  .map((b) => ({ ...b, high: b.low + b.range, open: b.low + b.openAt * b.range, close: b.low + b.closeAt * b.range }));

const orderShape = fc.record({
  side: fc.constantFrom<OrderSide>('buy', 'sell'),
  type: fc.constantFrom<OrderType>('market', 'limit', 'stop', 'stop_limit'),
  quantity: fc.integer({ min: 1, max: 2_000 }),
  limitPrice: fc.double({ min: 5, max: 230, noNaN: true }),
  stopPrice: fc.double({ min: 5, max: 230, noNaN: true }),
  day: fc.boolean(),
  oco: fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }),
  symbol: fc.constantFrom('AAPL', 'MSFT'),
});

/** Each step: a bar (for a symbol, at a day) and the orders submitted right after it. */
const script = fc.array(fc.record({ bar: barShape, orders: fc.array(orderShape, { maxLength: 3 }), advance: fc.boolean() }), {
  minLength: 1,
  maxLength: 40,
});

describe('PaperBroker property', () => {
  it('fills inside the bar range, never over the order quantity and never on the bar of acceptance', () => {
    let totalFills = 0;
    fc.assert(
      fc.property(script, (steps) => {
        const { broker, reports } = paperHarness({ slippageBps: SLIPPAGE_BPS, maxParticipation: 0.3 });
        const orders = new Map<string, Order>();
        /** The latest close instant seen when each order was submitted. */
        const decidedAt = new Map<string, number>();
        const filledBy = new Map<string, number>();
        let day = 0;
        let seen = Number.NEGATIVE_INFINITY;
        let n = 0;
        for (const step of steps) {
          if (step.advance) day++;
          const b = step.bar;
          const bar: Bar = ohlc(day, b.open, b.high, b.low, b.close, b.volume, { symbol: b.symbol });
          const before = reports.length;
          broker.onBar(bar);
          for (const r of reports.slice(before)) {
            if (r.kind !== 'fill') continue;
            const order = orders.get(r.clientOrderId);
            expect(order).toBeDefined();
            if (order === undefined) continue;
            expect(r.fill.symbol).toBe(bar.symbol);
            // A fill comes from a bar that opened after the decision was taken.
            expect(bar.time).toBeGreaterThanOrEqual(decidedAt.get(order.clientOrderId) ?? Number.NaN);
            const slipped = order.type === 'market' || order.type === 'stop';
            const factor = SLIPPAGE_BPS / 10_000;
            const raw = slipped ? r.fill.price / (order.side === 'buy' ? 1 + factor : 1 - factor) : r.fill.price;
            expect(raw).toBeGreaterThanOrEqual(bar.low - 1e-9);
            expect(raw).toBeLessThanOrEqual(bar.high + 1e-9);
            // A limit is never filled at a worse price than its limit.
            if (order.type === 'limit' || order.type === 'stop_limit') {
              const limit = order.limitPrice ?? Number.NaN;
              expect(order.side === 'buy' ? r.fill.price <= limit : r.fill.price >= limit).toBe(true);
            }
            filledBy.set(order.clientOrderId, (filledBy.get(order.clientOrderId) ?? 0) + r.fill.quantity);
            expect(filledBy.get(order.clientOrderId)).toBeLessThanOrEqual(order.quantity);
          }
          seen = Math.max(seen, bar.time + closeOffsetMs(bar.interval));
          for (const o of step.orders) {
            const id = `o${n++}`;
            const order = paperOrder(id, {
              symbol: o.symbol,
              side: o.side,
              type: o.type,
              quantity: o.quantity,
              timeInForce: o.day ? 'day' : 'gtc',
              ...(o.type === 'limit' || o.type === 'stop_limit' ? { limitPrice: o.limitPrice } : {}),
              ...(o.type === 'stop' || o.type === 'stop_limit' ? { stopPrice: o.stopPrice } : {}),
              ...(o.oco === undefined ? {} : { ocoGroup: `${o.symbol}-${o.oco}` }),
            });
            orders.set(id, order);
            decidedAt.set(id, seen);
            broker.submit(order);
          }
        }
        // Fill ids are unique, and every order ends in one state at most once.
        const fillIds = reports.flatMap((r) => (r.kind === 'fill' ? [r.fill.id] : []));
        expect(new Set(fillIds).size).toBe(fillIds.length);
        const endings = reports.filter((r) => r.kind === 'cancelled' || r.kind === 'expired').map((r) => r.clientOrderId);
        expect(new Set(endings).size).toBe(endings.length);
        totalFills += fillIds.length;
      }),
      { numRuns: 500, seed: 4242 },
    );
    // The property is only worth something if the random sessions actually trade.
    expect(totalFills).toBeGreaterThan(1_000);
  });
});
