import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochMs, price, quantity, type EpochMs } from '../../market/units.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { ManualClock } from '../../time/manual-clock.js';
import type { Fill, Order, OrderRequest } from '../order.js';
import type { PreTradeContext } from '../pre-trade.js';
import { PreTradeChecks } from './pre-trade-checks.js';
import { brokenLimits, type OracleWorld } from './testing/limit-oracle.js';
import { requestArb, worldArb } from './testing/risk-arbitraries.js';
import { T0, fakeMarket, fakePortfolio } from './testing/risk-fixtures.js';

const DAY = 86_400_000;
/** Runs are 4 weeks apart so each starts on a Tuesday with the previous run's windows long closed. */
const RUN_SPACING = 28 * DAY;

interface Arrival {
  readonly order: Order;
  readonly world: OracleWorld;
}

describe('pre-trade gate property', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeAll(() => {
    tmp = makeTempDir('desk-risk-prop-');
    db = openDatabase(tmp.file('desk.db'));
  });
  afterAll(() => {
    db.close();
    tmp.remove();
  });

  it('lets no order that breaks a limit reach the broker, and names a rule and a reason for every refusal (10,000 runs)', () => {
    const clock = new ManualClock(T0);
    const opened = PreTradeChecks.open(db, clock);
    if (!opened.ok) throw new Error(opened.error);
    const gate = opened.value;
    let run = 0;
    const totals = { orders: 0, arrived: 0, refused: 0, wrongRefusals: 0 };
    const ruleCounts = new Map<string, number>();

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
        const prices: Record<string, number> = { A: spec.prices.A, B: spec.prices.B, C: spec.prices.C, ...(spec.prices.D === undefined ? {} : { D: spec.prices.D }) };
        const openOrders: Order[] = spec.open.map((o, i) => ({
          clientOrderId: `${tag}-open-${i}`, symbol: o.symbol, side: o.side, type: o.limit === undefined ? 'market' : 'limit', quantity: quantity(o.quantity + o.filled),
          ...(o.limit === undefined ? {} : { limitPrice: price(o.limit) }), timeInForce: 'day', reduceOnly: o.reduceOnly,
          origin: o.proposal === undefined ? { kind: 'manual' } : { kind: 'proposal', proposalId: `${tag}-${o.proposal}` },
          status: o.filled > 0 ? 'partially_filled' : 'accepted', leg: 'single', filledQuantity: quantity(o.filled), createdAt: epochMs(base), updatedAt: epochMs(base),
        }));

        // Fills: round trips on Z on earlier business days of the window, maybe a buy this morning, maybe a stop-out.
        const fills: Fill[] = [];
        const fill = (id: string, symbol: string, side: 'buy' | 'sell', qty: number, time: number): Fill => ({ id: `${tag}-${id}`, clientOrderId: `${tag}-${id}`, symbol, side, quantity: quantity(qty), price: price(10), commission: 0, time: epochMs(time) });
        [1, 4, 5, 6].slice(0, spec.priorDayTrades).forEach((d, i) => fills.push(fill(`zb${i}`, 'Z', 'buy', 5, base - d * DAY), fill(`zs${i}`, 'Z', 'sell', 5, base - d * DAY + 60_000)));
        const morning = spec.boughtToday;
        const morningHeld = morning === undefined ? 0 : (held[morning]?.quantity ?? 0);
        if (morning !== undefined && morningHeld > 0) fills.push(fill('mb', morning, 'buy', Math.min(10, morningHeld), base - 20 * 60_000));
        const stopOuts: Record<string, number> = {};
        if (spec.stopOut !== undefined) stopOuts[spec.stopOut.symbol] = base - spec.stopOut.minutesAgo * 60_000;
        for (const f of fills) gate.recordFill(f, 'single');
        if (spec.stopOut !== undefined) {
          // The stop-out fill itself, on a symbol whose history the oracle also sees.
          const f = fill('so', spec.stopOut.symbol, 'sell', 1, base - spec.stopOut.minutesAgo * 60_000);
          gate.recordFill(f, 'stop_loss');
          fills.push(f);
        }

        const portfolio = fakePortfolio(spec.cash, held);
        const equity = portfolio.equity((s) => (prices[s] === undefined ? undefined : price(prices[s])));
        const startOfDayEquity = spec.lossPct === 0 ? equity : equity / (1 - spec.lossPct / 100);
        gate.startDay(startOfDayEquity, epochMs(base));
        gate.setKillSwitch(spec.globalKill, { actor: 'test', reason: 'random' });
        gate.setKillSwitch(spec.killM1, { actor: 'test', reason: 'random', modelId: 'm1' });

        const passed: { time: number; request: OrderRequest }[] = [];
        const used = new Set<string>();
        const arrivals: Arrival[] = [];
        const spy = { submit: (order: Order, world: OracleWorld) => arrivals.push({ order, world }) };
        let now = base;
        let previous: OrderRequest | undefined;
        requests.forEach((q, i) => {
          now += q.gapMs;
          const ref = prices[q.symbol] ?? 100;
          const px = (pct: number) => price(Math.max(1, Math.round(ref * (1 + pct / 100) * 100) / 100));
          let request: OrderRequest = {
            clientOrderId: q.reuseId && previous !== undefined ? previous.clientOrderId : `${tag}-o${i}`,
            symbol: q.symbol, side: q.side, type: q.type, quantity: quantity(q.quantity), timeInForce: 'day',
            ...(q.type === 'limit' || q.type === 'stop_limit' ? { limitPrice: px(q.offsetPct) } : {}),
            ...(q.type === 'stop' || q.type === 'stop_limit' ? { stopPrice: px(q.offsetPct / 2) } : {}),
            ...(q.reduceOnly ? { reduceOnly: true } : {}),
            origin: { kind: q.proposal === undefined ? 'manual' : 'proposal', ...(q.proposal === undefined ? {} : { proposalId: `${tag}-${q.proposal}` }), ...(q.model === undefined ? {} : { modelId: q.model }) },
          };
          if (q.repeatPrevious && previous !== undefined) request = { ...previous, clientOrderId: `${tag}-o${i}` };
          previous = request;
          const world: OracleWorld = {
            now, limits: limits.value, cash: spec.cash, positions: held, prices, openOrders: [...openOrders], globalKill: gate.isKillSwitchOn(), killedModels: spec.killM1 ? ['m1'] : [],
            startOfDayEquity, stopOuts, fills, passed: [...passed], usedIds: new Set(used),
          };
          const context: PreTradeContext = {
            now: epochMs(now) as EpochMs, market: fakeMarket(prices), portfolio, openOrders: [...openOrders], hasClientOrderId: (id) => used.has(id),
          };
          const verdict = gate.check(request, context);
          totals.orders += 1;
          const broken = brokenLimits(request, world);
          if (verdict.ok) {
            gate.onSubmitted(request, context);
            const order: Order = { ...request, status: 'new', leg: 'single', filledQuantity: quantity(0), createdAt: epochMs(now), updatedAt: epochMs(now) };
            spy.submit(order, world);
            passed.push({ time: now, request });
            used.add(request.clientOrderId);
            openOrders.push(order);
          } else {
            totals.refused += 1;
            ruleCounts.set(verdict.ruleId, (ruleCounts.get(verdict.ruleId) ?? 0) + 1);
            expect(verdict.ruleId.length).toBeGreaterThan(0);
            expect(verdict.reason.trim().length).toBeGreaterThan(0);
            if (broken.length === 0) totals.wrongRefusals += 1;
          }
        });
        for (const arrival of arrivals) {
          totals.arrived += 1;
          expect(brokenLimits(arrival.order, arrival.world)).toEqual([]);
        }
      }),
      { numRuns: 10_000, seed: 4_2024 },
    );
    // The gate was not vacuous: plenty of orders got through and every rule refused some.
    expect(totals.orders).toBeGreaterThan(10_000);
    expect(totals.arrived).toBeGreaterThan(1_000);
    expect(totals.wrongRefusals).toBe(0);
    console.info(`pre-trade property: ${totals.orders} orders, ${totals.arrived} reached the spy broker, ${totals.refused} refused`, Object.fromEntries(ruleCounts));
    expect([...ruleCounts.keys()].sort()).toEqual([
      'buying-power', 'daily-loss-limit', 'duplicate-order', 'invalid-order', 'kill-switch', 'max-exposure', 'max-open-positions', 'max-order-notional',
      'max-order-quantity', 'max-position', 'model-kill-switch', 'order-rate', 'pattern-day-trader', 'price-collar', 'stop-out-cooldown', 'symbol-not-allowed',
    ]);
  });
});
