import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochMs, price, quantity } from '../../market/units.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { ManualClock } from '../../time/manual-clock.js';
import type { PreTradeContext } from '../pre-trade.js';
import { PreTradeChecks } from './pre-trade-checks.js';
import { T0, makeContext, makeOpenOrder, makeRequest } from './testing/risk-fixtures.js';

describe('PreTradeChecks', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let clock: ManualClock;
  const open = (): PreTradeChecks => {
    const gate = PreTradeChecks.open(db, clock);
    if (!gate.ok) throw new Error(gate.error);
    return gate.value;
  };
  const reopen = (): PreTradeChecks => {
    db.close();
    db = openDatabase(tmp.file('desk.db'));
    return open();
  };
  const events = () => db.prepare('SELECT kind, scope, actor, rule_id AS ruleId, client_order_id AS clientOrderId FROM risk_events ORDER BY seq').all();

  beforeEach(() => {
    tmp = makeTempDir('desk-risk-');
    db = openDatabase(tmp.file('desk.db'));
    clock = new ManualClock(T0);
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('names the first failing rule in the documented order', () => {
    const gate = open();
    const verdict = gate.check(makeRequest({ quantity: quantity(5_000) }), makeContext());
    expect(verdict).toMatchObject({ ok: false, ruleId: 'max-order-quantity' });
    expect(gate.check(makeRequest(), makeContext())).toEqual({ ok: true });
  });

  it('lets a reduce-only exit through a kill switch and past the limits, refusing everything else', () => {
    const gate = open();
    gate.setKillSwitch(true, { actor: 'trader:ana', reason: 'news' });
    const context = makeContext({ held: { AAPL: { quantity: 5_000, avgPrice: 100 } } });
    expect(gate.check(makeRequest({ side: 'sell', quantity: quantity(5_000), reduceOnly: true }), context)).toEqual({ ok: true });
    expect(gate.check(makeRequest({ side: 'sell', quantity: quantity(10) }), context)).toMatchObject({ ok: false, ruleId: 'kill-switch' });
    expect(gate.isKillSwitchOn()).toBe(true);
  });

  it('keeps kill switches on across a reopen of the database file, with who and why logged', () => {
    const gate = open();
    const trips: string[] = [];
    gate.onTrip((trip) => trips.push(`${trip.scope}/${trip.actor}`));
    expect(gate.setKillSwitch(true, { actor: 'trader:ana', reason: 'model drifting', modelId: 'nn-1' })).toBe(true);
    expect(gate.setKillSwitch(true, { actor: 'trader:ana', reason: 'again', modelId: 'nn-1' })).toBe(false);
    expect(trips).toEqual(['model:nn-1/trader:ana']);

    const after = reopen();
    expect(after.isKillSwitchOn('nn-1')).toBe(true);
    expect(after.isKillSwitchOn('svm-2')).toBe(false);
    expect(after.activeKillSwitches()).toEqual(['model:nn-1']);
    expect(after.check(makeRequest({ origin: { kind: 'proposal', modelId: 'nn-1' } }), makeContext())).toMatchObject({ ruleId: 'model-kill-switch' });
    after.setKillSwitch(false, { actor: 'trader:bo', reason: 'retrained', modelId: 'nn-1' });
    expect(reopen().isKillSwitchOn('nn-1')).toBe(false);
    expect(events()).toEqual([
      { kind: 'kill-switch-on', scope: 'model:nn-1', actor: 'trader:ana', ruleId: null, clientOrderId: null },
      { kind: 'kill-switch-off', scope: 'model:nn-1', actor: 'trader:bo', ruleId: null, clientOrderId: null },
    ]);
  });

  it('trips the global kill switch when the daily loss passes its limit, and calls the trip listener once', () => {
    const gate = open();
    const trips: string[] = [];
    gate.onTrip((trip) => trips.push(trip.actor));
    gate.onTrip(() => {
      throw new Error('a broken listener');
    });
    gate.startDay(100_000, T0);
    expect(gate.check(makeRequest(), makeContext({ cash: 98_000 }))).toEqual({ ok: true });
    expect(gate.check(makeRequest(), makeContext({ cash: 97_999 }))).toMatchObject({ ok: false, ruleId: 'daily-loss-limit' });
    expect(gate.isKillSwitchOn()).toBe(true);
    expect(trips).toEqual(['system:daily-loss-limit']);
    expect(gate.check(makeRequest(), makeContext({ cash: 97_999 }))).toMatchObject({ ok: false, ruleId: 'kill-switch' });
    expect(reopen().isKillSwitchOn()).toBe(true);
    expect(events()).toEqual([{ kind: 'kill-switch-on', scope: 'global', actor: 'system:daily-loss-limit', ruleId: null, clientOrderId: null }]);
  });

  it('gives a check started inside another (from a trip listener) its own input, and the outer check its own verdict', () => {
    const gate = open();
    const inner: unknown[] = [];
    gate.onTrip(() => {
      // An exit that truly reduces a held position passes even the tripped switch: judged on its own request and context.
      const exit = makeRequest({ symbol: 'MSFT', side: 'sell', reduceOnly: true, quantity: quantity(5) });
      inner.push(gate.check(exit, makeContext({ cash: 50_000, held: { MSFT: { quantity: 10, avgPrice: 400 } } })));
      inner.push(gate.check(makeRequest(), makeContext({ cash: 50_000 })));
    });
    gate.startDay(100_000, T0);
    const outer = gate.check(makeRequest({ symbol: 'AAPL' }), makeContext({ cash: 97_999 }));
    expect(outer).toMatchObject({ ok: false, ruleId: 'daily-loss-limit' });
    expect(inner).toEqual([{ ok: true }, expect.objectContaining({ ok: false, ruleId: 'kill-switch' })]);
    // The reused input is free again: the next check sees its own order and account.
    expect(gate.check(makeRequest({ symbol: 'MSFT', side: 'sell', reduceOnly: true, quantity: quantity(20) }), makeContext({ held: { MSFT: { quantity: 10, avgPrice: 400 } } }))).toMatchObject({ ok: false, ruleId: 'invalid-order' });
  });

  it('evaluates the daily loss on demand (e.g. per bar) and takes the first equity of a new day as its start', () => {
    const gate = open();
    expect(gate.evaluateDailyLoss(makeContext({ cash: 50_000 }))).toBe(false);
    expect(gate.evaluateDailyLoss(makeContext({ cash: 48_999 }))).toBe(true);
    expect(gate.isKillSwitchOn()).toBe(true);
    // The start-of-day equity survives a restart the same day.
    gate.setKillSwitch(false, { actor: 'trader:ana', reason: 'reviewed' });
    expect(reopen().evaluateDailyLoss(makeContext({ cash: 48_999 }))).toBe(true);
  });

  it('values the account once per check although several rules read its equity, and again at the next check', () => {
    const gate = open();
    expect(gate.updateLimits({ accountType: 'margin' }, 'trader:ana', 'margin account').ok).toBe(true);
    const base = makeContext({ cash: 20_000, held: { MSFT: { quantity: 10, avgPrice: 390 } } });
    let valuations = 0;
    const context: PreTradeContext = { ...base, portfolio: { ...base.portfolio, equity: (mark) => (valuations++, base.portfolio.equity(mark)) } };
    gate.startDay(24_000, T0);
    expect(gate.check(makeRequest({ quantity: quantity(1) }), context)).toEqual({ ok: true });
    expect(valuations).toBe(1);
    expect(gate.check(makeRequest({ quantity: quantity(1) }), context)).toEqual({ ok: true });
    expect(valuations).toBe(2);
  });

  it('says a mark is due only on a new trading day or on a loss past the limit with the switch still off', () => {
    const gate = open();
    expect(gate.markDue(50_000, T0)).toBe(true);
    expect(gate.evaluateDailyLoss(makeContext({ cash: 50_000 }))).toBe(false);
    expect(gate.markDue(49_000, T0)).toBe(false);
    expect(gate.markDue(48_999, T0)).toBe(true);
    expect(gate.markDue(50_000, epochMs(T0 + 86_400_000))).toBe(true);
    // A tighter limit makes the same equity due without any other change.
    expect(gate.updateLimits({ dailyLossLimitPct: 1 }, 'trader:ana', 'tighter').ok).toBe(true);
    expect(gate.markDue(49_000, T0)).toBe(true);
    expect(gate.evaluateDailyLoss(makeContext({ cash: 49_000 }))).toBe(true);
    // Once the switch is on, a mark could change nothing more today.
    expect(gate.markDue(10_000, T0)).toBe(false);
  });

  it('judges a mark against the day start it fixed, and after a reopen against the stored one', () => {
    const gate = open();
    gate.startDay(100_000, T0);
    expect(gate.markDue(98_000, T0)).toBe(false);
    expect(gate.markDue(97_999, T0)).toBe(true);
    gate.startDay(50_000, T0);
    expect(gate.markDue(49_000, T0)).toBe(false);
    expect(gate.markDue(48_999, T0)).toBe(true);
    const reopened = reopen();
    expect(reopened.markDue(49_000, T0)).toBe(false);
    expect(reopened.markDue(48_999, T0)).toBe(true);
  });

  it('refuses an invalid limits change whole and records a valid one with before and after', () => {
    const gate = open();
    const bad = gate.updateLimits({ maxOrderQuantity: 0, maxOrderNotional: 1 }, 'trader:ana', 'tighten');
    expect(bad.ok ? '' : bad.error).toContain('maxOrderQuantity');
    expect(gate.limits.maxOrderNotional).toBe(50_000);
    expect(gate.updateLimits('nope', 'trader:ana', 'x').ok).toBe(false);
    expect(gate.updateLimits({ maxOrderNotional: 1 }, ' ', 'x').ok).toBe(false);
    expect(events()).toEqual([]);

    expect(gate.updateLimits({ maxOrderNotional: 20_000 }, 'trader:ana', 'smaller account').ok).toBe(true);
    expect(gate.check(makeRequest({ quantity: quantity(201) }), makeContext())).toMatchObject({ ruleId: 'max-order-notional' });
    expect(reopen().limits.maxOrderNotional).toBe(20_000);
    const logged = open().events.list(epochMs(0), epochMs(T0 + 1));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ kind: 'settings-changed', actor: 'trader:ana', reason: 'smaller account' });
    expect(logged[0]?.detail).toMatchObject({ before: { maxOrderNotional: 50_000 }, after: { maxOrderNotional: 20_000 } });
  });

  it('refuses to open on stored limits that are invalid, saying which setting to fix', () => {
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('risk-limits', '{\"maxOrderQuantity\":-5}', 1)").run();
    const gate = PreTradeChecks.open(db, clock);
    expect(gate.ok ? '' : gate.error).toContain("stored risk limits are invalid (maxOrderQuantity");
    db.prepare("UPDATE settings SET value = '[1]' WHERE key = 'risk-limits'").run();
    expect(PreTradeChecks.open(db, clock).ok).toBe(false);
  });

  it('values the account and filters the working orders once per check, and afresh at the next check', () => {
    const gate = open();
    let cash = 100_000;
    let valuations = 0;
    let openReads = 0;
    const base = makeContext({ openOrders: [makeOpenOrder({ side: 'buy', type: 'limit', limitPrice: price(100), quantity: quantity(895) })] });
    const context: PreTradeContext = {
      now: base.now,
      market: base.market,
      hasClientOrderId: (id) => base.hasClientOrderId(id),
      get openOrders() {
        openReads++;
        return base.openOrders;
      },
      portfolio: {
        ...base.portfolio,
        cash: () => cash,
        equity: () => {
          valuations++;
          return cash;
        },
      },
    };
    // The first check of a day also fixes the day's start equity: one valuation more.
    expect(gate.check(makeRequest({ quantity: quantity(100) }), context)).toEqual({ ok: true });
    valuations = 0;
    openReads = 0;
    expect(gate.check(makeRequest({ quantity: quantity(100) }), context)).toEqual({ ok: true });
    // Daily loss, exposure and buying power all read the equity; four rules read the risk-adding working orders
    // (the duplicate rule looks at them only for an order naming a proposal or a signal).
    expect(valuations).toBe(1);
    expect(openReads).toBe(1);
    // $89,500 of open buys plus this $10,000 buy: within 1x equity at $100,000, not at $99,000 (a 1% loss).
    cash = 99_000;
    expect(gate.check(makeRequest({ quantity: quantity(100) }), context)).toMatchObject({ ok: false, ruleId: 'max-exposure' });
    expect(valuations).toBe(2);
  });

  it('holds the day start in memory when asked and writes the latest one at each flush, as a write per day would have left it', () => {
    const stored = (): unknown => db.prepare<[], { value: string; at: number }>("SELECT value, updated_at AS at FROM settings WHERE key = 'risk-day-start'").get();
    const gate = open();
    gate.startDay(100_000, T0);
    expect(stored()).toEqual({ value: JSON.stringify({ day: '2024-01-02', equity: 100_000 }), at: T0 });
    gate.holdDayStart();
    gate.startDay(99_000, epochMs(T0 + 86_400_000));
    gate.startDay(98_000, epochMs(T0 + 2 * 86_400_000));
    expect(stored()).toEqual({ value: JSON.stringify({ day: '2024-01-02', equity: 100_000 }), at: T0 });
    // The gate judges by what it holds, written or not: the same day at the same equity needs no mark.
    expect(gate.markDue(98_000, epochMs(T0 + 2 * 86_400_000))).toBe(false);
    gate.flushDayStart();
    expect(stored()).toEqual({ value: JSON.stringify({ day: '2024-01-04', equity: 98_000 }), at: T0 + 2 * 86_400_000 });
    // Nothing new since: a second flush writes nothing (a row changed behind its back stays as it is).
    db.prepare("UPDATE settings SET updated_at = 1 WHERE key = 'risk-day-start'").run();
    gate.flushDayStart();
    expect(stored()).toMatchObject({ at: 1 });
    expect(reopen().markDue(98_000, epochMs(T0 + 2 * 86_400_000))).toBe(false);
  });

  it('writes nothing at a flush when no day start was ever fixed', () => {
    const gate = open();
    gate.holdDayStart();
    gate.flushDayStart();
    expect(db.prepare("SELECT count(*) AS n FROM settings WHERE key = 'risk-day-start'").get()).toEqual({ n: 0 });
  });

  it('persists refusals handed over by the order path', () => {
    const gate = open();
    gate.recordDenied({ kind: 'order-denied', clientOrderId: 'c-9', ruleId: 'price-collar', reason: 'limit price far away', time: T0 });
    gate.recordDenied({ kind: 'order-denied', clientOrderId: 'c-10', ruleId: 'price-collar', reason: '', time: T0 });
    expect(gate.events.list(T0, T0).map((e) => [e.kind, e.ruleId, e.clientOrderId, e.reason])).toEqual([
      ['order-denied', 'price-collar', 'c-9', 'limit price far away'],
      ['order-denied', 'price-collar', 'c-10', '(no reason given)'],
    ]);
  });

  it('fails closed when a rule cannot be evaluated', () => {
    const gate = open();
    const broken: PreTradeContext = { ...makeContext(), openOrders: null as unknown as PreTradeContext['openOrders'] };
    const verdict = gate.check(makeRequest(), broken);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toContain('could not be completed');
  });

  it('rebuilds the rate window, proposal entries and stop-outs from the order journal after a restart', () => {
    const insert = db.prepare(`INSERT INTO orders (client_order_id, broker, leg, symbol, side, type, quantity, limit_price, stop_price, time_in_force, reduce_only, status, origin_kind, proposal_id, created_at, updated_at)
      VALUES (?, 'paper', ?, 'AAPL', ?, ?, 10, NULL, ?, 'day', ?, 'filled', ?, ?, ?, ?)`);
    for (let i = 0; i < 20; i += 1) insert.run(`r${i}`, 'single', 'buy', 'market', null, 0, 'manual', null, T0 - 30_000 + i, T0);
    insert.run('p-entry', 'entry', 'buy', 'market', null, 0, 'proposal', 'p1', T0 - 7_200_000, T0);
    insert.run('p-stop', 'stop_loss', 'sell', 'stop', 95, 1, 'proposal', 'p1', T0 - 7_200_000, T0);
    db.prepare("INSERT INTO fills (fill_id, client_order_id, symbol, side, quantity, price, time) VALUES ('f1', 'p-stop', 'AAPL', 'sell', 10, 95, ?)").run(T0 - 60_000);
    const gate = open();
    const context = makeContext({ prices: { AAPL: 100, MSFT: 400, IBM: 150 } });
    expect(gate.check(makeRequest({ symbol: 'IBM' }), context)).toMatchObject({ ruleId: 'order-rate' });
    expect(gate.check(makeRequest({ symbol: 'IBM', origin: { kind: 'proposal', proposalId: 'p1' } }), context)).toMatchObject({ ruleId: 'duplicate-order' });
    expect(gate.check(makeRequest(), context)).toMatchObject({ ruleId: 'stop-out-cooldown' });
    clock.advanceBy(60_000);
    const later = makeContext({ now: clock.now(), prices: { IBM: 150 } });
    expect(gate.check(makeRequest({ symbol: 'IBM', type: 'limit', limitPrice: price(150) }), later)).toEqual({ ok: true });
  });
});
