import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochMs, price, quantity } from '../../core/market/units.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import type { Order, OrderRequest } from '../../core/trading/order.js';
import { OrderManager } from '../../core/trading/orders/order-manager.js';
import { SpyBroker } from '../../core/trading/orders/testing/spy-broker.js';
import type { OrderDenied } from '../../core/trading/pre-trade.js';
import { PreTradeChecks } from '../../core/trading/risk/pre-trade-checks.js';
import { requestArb, worldArb } from '../../core/trading/risk/testing/risk-arbitraries.js';
import { brokenLimits, type OracleWorld } from '../../core/trading/risk/testing/limit-oracle.js';
import { T0, fakeMarket, fakePortfolio } from '../../core/trading/risk/testing/risk-fixtures.js';

/** Runs 4 weeks apart: each starts on a Tuesday with the previous run's windows closed. */
const RUN_SPACING = 28 * 86_400_000;

describe('pre-trade checks in the real order path', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeAll(() => {
    tmp = makeTempDir('desk-risk-om-');
    db = openDatabase(tmp.file('desk.db'));
  });
  afterAll(() => {
    db.close();
    tmp.remove();
  });

  it('lets no limit-breaking order reach the broker through OrderManager, and every refusal names a rule (10,000 runs)', () => {
    const clock = new ManualClock(T0);
    const opened = PreTradeChecks.open(db, clock);
    if (!opened.ok) throw new Error(opened.error);
    const gate = opened.value;
    const broker = new SpyBroker(clock);
    let prices: Record<string, number> = {};
    let portfolio = fakePortfolio(0);
    const denials: OrderDenied[] = [];
    const manager = new OrderManager({
      db, broker, gate, clock, market: { lastPrice: (s) => fakeMarket(prices).lastPrice(s) }, portfolio: () => portfolio,
      onDenied: (denied) => {
        denials.push(denied);
        gate.recordDenied(denied);
      },
    });
    let run = 0;
    let arrivedTotal = 0;
    let ordersTotal = 0;

    fc.assert(
      fc.property(worldArb, fc.array(requestArb, { minLength: 1, maxLength: 4 }), (spec, requests) => {
        run += 1;
        const base = T0 + run * RUN_SPACING;
        clock.advanceTo(base);
        const tag = `r${run}`;
        const limits = gate.updateLimits(spec.limits, 'test', 'random limits');
        if (!limits.ok) throw new Error(limits.error);
        const held: Record<string, { quantity: number; avgPrice: number }> = {};
        for (const h of spec.held) held[h.symbol] = { quantity: h.quantity, avgPrice: h.avgPrice };
        prices = { A: spec.prices.A, B: spec.prices.B, C: spec.prices.C, ...(spec.prices.D === undefined ? {} : { D: spec.prices.D }) };
        portfolio = fakePortfolio(spec.cash, held);
        const equity = portfolio.equity((s) => (prices[s] === undefined ? undefined : price(prices[s])));
        const startOfDayEquity = spec.lossPct === 0 ? equity : equity / (1 - spec.lossPct / 100);
        gate.startDay(startOfDayEquity, epochMs(base));
        gate.setKillSwitch(spec.globalKill, { actor: 'test', reason: 'random' });
        gate.setKillSwitch(spec.killM1, { actor: 'test', reason: 'random', modelId: 'm1' });

        const passed: { time: number; request: OrderRequest }[] = [];
        let previous: OrderRequest | undefined;
        requests.forEach((q, i) => {
          clock.advanceBy(q.gapMs);
          const now = clock.now();
          const ref = prices[q.symbol] ?? 100;
          const px = (pct: number) => price(Math.max(1, Math.round(ref * (1 + pct / 100) * 100) / 100));
          let request: OrderRequest = {
            clientOrderId: q.reuseId && previous !== undefined ? previous.clientOrderId : `${tag}-o${i}`,
            symbol: q.symbol, side: q.side, type: q.type, quantity: quantity(q.quantity), timeInForce: 'gtc',
            ...(q.type === 'limit' || q.type === 'stop_limit' ? { limitPrice: px(q.offsetPct) } : {}),
            ...(q.type === 'stop' || q.type === 'stop_limit' ? { stopPrice: px(q.offsetPct / 2) } : {}),
            ...(q.reduceOnly ? { reduceOnly: true } : {}),
            origin: { kind: q.proposal === undefined ? 'manual' : 'proposal', ...(q.proposal === undefined ? {} : { proposalId: `${tag}-${q.proposal}` }), ...(q.model === undefined ? {} : { modelId: q.model }) },
          };
          if (q.repeatPrevious && previous !== undefined) request = { ...previous, clientOrderId: `${tag}-o${i}` };
          previous = request;
          const world: OracleWorld = {
            now, limits: limits.value, cash: spec.cash, positions: held, prices, openOrders: manager.openOrders(), globalKill: gate.isKillSwitchOn(),
            killedModels: spec.killM1 ? ['m1'] : [], startOfDayEquity, stopOuts: {}, fills: [], passed: [...passed], usedIds: new Set(passed.map((p) => p.request.clientOrderId)),
          };
          const before = broker.submitted.length;
          const deniedBefore = denials.length;
          const result = manager.submit(request);
          ordersTotal += 1;
          const arrived: Order[] = broker.submitted.slice(before);
          for (const order of arrived) {
            arrivedTotal += 1;
            expect(brokenLimits(order, world)).toEqual([]);
          }
          if (result.ok) passed.push({ time: now, request });
          else {
            expect(result.error.kind).toBe('denied');
            const denied = denials.slice(deniedBefore);
            expect(denied).toHaveLength(1);
            expect(denied[0]?.ruleId.length).toBeGreaterThan(0);
            expect(denied[0]?.reason.trim().length).toBeGreaterThan(0);
          }
        });
        for (const order of manager.openOrders()) manager.cancel(order.clientOrderId);
        expect(manager.openOrders()).toEqual([]);
      }),
      { numRuns: 10_000, seed: 4_2025 },
    );
    expect(ordersTotal).toBeGreaterThan(10_000);
    expect(arrivedTotal).toBeGreaterThan(1_000);
    manager.close();
  });
});
