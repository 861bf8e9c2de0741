import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../time/manual-clock.js';
import type { ExecutionReport } from '../broker.js';
import { PositionBook } from '../portfolio/position-book.js';
import { DUPLICATE_CLIENT_ORDER_ID, PaperBroker } from './paper-broker.js';
import { sessionClosingAtUtc } from './session-calendar.js';
import { DAY0, DAY_MS, FRICTIONLESS, ohlc, paperHarness, paperOrder } from './testing/paper-fixtures.js';

const HOUR = 3_600_000;
/** Daily bars are complete at 20:00 UTC: fills and expiries are stamped then. */
const closeOf = (day: number): number => DAY0 + day * DAY_MS + 20 * HOUR;
const kinds = (reports: readonly ExecutionReport[]) => reports.map((r) => `${r.kind}:${r.clientOrderId}`);

describe('PaperBroker: accepting orders', () => {
  it('acknowledges an order at the clock time with its broker id', () => {
    const { broker, clock, reports } = paperHarness();
    clock.advanceTo(DAY0 + 5);
    broker.submit(paperOrder('a'));
    expect(reports).toEqual([{ kind: 'accepted', clientOrderId: 'a', time: DAY0 + 5, brokerOrderId: 'paper-1' }]);
  });

  it('rejects a reused client order id and leaves the first order working', async () => {
    const { broker, reports } = paperHarness();
    broker.submit(paperOrder('a', { type: 'limit', limitPrice: 50 }));
    broker.submit(paperOrder('a', { type: 'limit', limitPrice: 60 }));
    expect(reports[1]).toMatchObject({ kind: 'rejected', clientOrderId: 'a' });
    expect(reports[1]?.kind === 'rejected' && reports[1].reason.startsWith(DUPLICATE_CLIENT_ORDER_ID)).toBe(true);
    expect(await broker.openOrders()).toEqual([{ clientOrderId: 'a', status: 'accepted', filledQuantity: 0 }]);
    expect(broker.stats().rejectedOrders).toBe(1);
  });

  it('rejects a finished order id too, so a recovery resubmit cannot trade twice', () => {
    const { broker, reports } = paperHarness();
    broker.submit(paperOrder('a'));
    broker.onBar(ohlc(0, 100, 101, 99, 100));
    broker.submit(paperOrder('a'));
    expect(kinds(reports)).toEqual(['accepted:a', 'fill:a', 'rejected:a']);
  });

  it('rejects orders it cannot work with a reason naming the problem', () => {
    const { broker, reports } = paperHarness();
    broker.submit(paperOrder('no-limit', { type: 'limit' }));
    broker.submit(paperOrder('no-stop', { type: 'stop_limit', limitPrice: 10 }));
    broker.submit(paperOrder('zero', { quantity: 0 }));
    broker.submit(paperOrder('nan', { type: 'stop', stopPrice: Number.NaN }));
    broker.submit(paperOrder('no-symbol', { symbol: ' ' }));
    broker.submit(paperOrder(''));
    const reasons = reports.map((r) => (r.kind === 'rejected' ? r.reason : r.kind));
    expect(reasons).toEqual([
      'a limit order needs a positive limit price, got undefined',
      'a stop_limit order needs a positive stop price, got undefined',
      'quantity must be a positive finite number, got 0',
      'a stop order needs a positive stop price, got NaN',
      'symbol is empty',
      'client order id is empty',
    ]);
  });

  it('refuses an invalid configuration with the field named', () => {
    const created = PaperBroker.create({ clock: new ManualClock(0), config: { maxParticipation: 2 } });
    expect(created.ok).toBe(false);
    if (!created.ok) expect(created.error).toContain('maxParticipation');
  });

  it('uses the documented defaults when given no config', () => {
    const created = PaperBroker.create({ clock: new ManualClock(0) });
    expect(created.ok && created.value.settings()).toMatchObject({ slippageBps: 5, maxParticipation: 0.1, fillOnAcceptanceBar: false });
    expect(created.ok && created.value.name).toBe('paper');
  });
});

describe('PaperBroker: when an order may fill', () => {
  it('fills an order submitted after bar t closed at bar t+1 open, never on bar t', () => {
    const { broker, fills } = paperHarness();
    broker.onBar(ohlc(0, 100, 101, 99, 100));
    broker.submit(paperOrder('a'));
    expect(fills()).toEqual([]);
    broker.onBar(ohlc(1, 103, 104, 102, 103));
    expect(fills()).toEqual([{ id: 'a:1', order: 'a', quantity: 100, price: 103, commission: 0, time: closeOf(1) }]);
  });

  it('does not fill on a bar of another symbol that opened before the decision', () => {
    const { broker, fills } = paperHarness();
    broker.onBar(ohlc(0, 100, 101, 99, 100, 1e6, { symbol: 'AAPL' }));
    broker.submit(paperOrder('m', { symbol: 'MSFT' }));
    broker.onBar(ohlc(0, 50, 51, 49, 50, 1e6, { symbol: 'MSFT' }));
    expect(fills()).toEqual([]);
    broker.onBar(ohlc(1, 52, 53, 51, 52, 1e6, { symbol: 'MSFT' }));
    expect(fills()).toMatchObject([{ order: 'm', price: 52 }]);
  });

  it('fills on that bar when fillOnAcceptanceBar is set', () => {
    const { broker, fills } = paperHarness({ ...FRICTIONLESS, fillOnAcceptanceBar: true });
    broker.onBar(ohlc(0, 100, 101, 99, 100, 1e6, { symbol: 'AAPL' }));
    broker.submit(paperOrder('m', { symbol: 'MSFT' }));
    broker.onBar(ohlc(0, 50, 51, 49, 50, 1e6, { symbol: 'MSFT' }));
    expect(fills()).toMatchObject([{ order: 'm', price: 50 }]);
  });

  it('ignores a repeated or older bar and a bar that cannot exist, counting both', () => {
    const { broker, fills } = paperHarness();
    broker.submit(paperOrder('a', { type: 'limit', limitPrice: 99, quantity: 100 }));
    broker.onBar(ohlc(0, 100, 101, 98, 100, 50));
    broker.onBar(ohlc(0, 100, 101, 98, 100, 50));
    broker.onBar(ohlc(1, 100, 99, 101, 100));
    broker.onBar(ohlc(2, Number.NaN, 101, 98, 100));
    expect(fills().map((f) => f.quantity)).toEqual([50]);
    expect(broker.stats()).toMatchObject({ staleBars: 1, invalidBars: 2, barsMatched: 1 });
  });
});

describe('PaperBroker: which bars are possible', () => {
  it('counts every impossible bar as invalid and fills on none of them', () => {
    const { broker, fills } = paperHarness();
    broker.submit(paperOrder('a', { quantity: 1 }));
    const impossible = [
      ohlc(0, Number.NaN, 101, 99, 100), ohlc(0, 100, Number.NaN, 99, 100), ohlc(0, 100, 101, Number.NaN, 100), ohlc(0, 100, 101, 99, Number.NaN),
      ohlc(0, 100, Number.POSITIVE_INFINITY, 99, 100), ohlc(0, 100, 101, Number.NEGATIVE_INFINITY, 100), ohlc(0, 100, 101, 99, 100, Number.POSITIVE_INFINITY),
      ohlc(0, 100, 101, 99, 100, Number.NaN), ohlc(0, 100, 101, 99, 100, -1), ohlc(0, 100, 101, 0, 100), ohlc(0, 100, 101, -1, 100),
      ohlc(0, 98, 101, 99, 100), ohlc(0, 100, 101, 99, 98), ohlc(0, 102, 101, 99, 100), ohlc(0, 100, 101, 99, 102),
      { ...ohlc(0, 100, 101, 99, 100), time: Number.NaN as never }, { ...ohlc(0, 100, 101, 99, 100), time: Number.POSITIVE_INFINITY as never },
    ];
    for (const bar of impossible) broker.onBar(bar);
    expect(broker.stats()).toMatchObject({ invalidBars: impossible.length, barsMatched: 0 });
    expect(fills()).toEqual([]);
    broker.onBar(ohlc(0, 100, 100, 100, 100, 0));
    broker.onBar(ohlc(1, 100, 100, 100, 100));
    expect(broker.stats()).toMatchObject({ invalidBars: impossible.length, barsMatched: 2 });
    expect(fills().map((f) => f.order)).toEqual(['a']);
  });
});

describe('PaperBroker: working orders per symbol', () => {
  it('keeps acceptance order after finished orders leave the book, across orders sent later', async () => {
    const { broker, fills } = paperHarness({ ...FRICTIONLESS, maxParticipation: 0.5 });
    broker.submit(paperOrder('first', { quantity: 10 }));
    broker.submit(paperOrder('parked', { type: 'limit', limitPrice: 50, quantity: 10 }));
    broker.submit(paperOrder('gone', { type: 'limit', limitPrice: 50, quantity: 10 }));
    broker.cancel('gone');
    broker.onBar(ohlc(0, 100, 101, 99, 100, 100));
    broker.submit(paperOrder('late', { quantity: 40 }));
    broker.onBar(ohlc(1, 100, 101, 49, 100, 60));
    broker.submit(paperOrder('later', { quantity: 5 }));
    broker.onBar(ohlc(2, 100, 101, 99, 100, 100));
    expect(fills().map((f) => [f.order, f.quantity])).toEqual([
      ['first', 10],
      ['parked', 10],
      ['late', 20],
      ['late', 20],
      ['later', 5],
    ]);
    expect(await broker.openOrders()).toEqual([]);
  });
});

describe('PaperBroker: reused queues', () => {
  it('never matches an order dropped from an emptied book again, and delivers each report once as books and the outbox refill', () => {
    const { broker, reports } = paperHarness({ ...FRICTIONLESS, maxParticipation: 1 });
    broker.submit(paperOrder('low-a', { type: 'limit', limitPrice: 50, quantity: 10 }));
    broker.submit(paperOrder('low-b', { type: 'limit', limitPrice: 50, quantity: 10 }));
    broker.submit(paperOrder('now', { quantity: 10 }));
    broker.onBar(ohlc(0, 100, 101, 99, 100, 100));
    broker.cancel('low-a');
    broker.cancel('low-b');
    broker.onBar(ohlc(1, 100, 101, 99, 100, 100));
    broker.submit(paperOrder('d', { quantity: 10 }));
    broker.onBar(ohlc(2, 100, 101, 99, 100, 100));
    for (const id of ['e', 'f', 'g', 'h']) broker.submit(paperOrder(id, { quantity: 10 }));
    // Bar 3 reaches 49: a dropped limit at 50 still in the book's array would fill here.
    broker.onBar(ohlc(3, 100, 101, 49, 100, 100));
    expect(kinds(reports)).toEqual([
      'accepted:low-a', 'accepted:low-b', 'accepted:now', 'fill:now', 'cancelled:low-a', 'cancelled:low-b',
      'accepted:d', 'fill:d', 'accepted:e', 'accepted:f', 'accepted:g', 'accepted:h', 'fill:e', 'fill:f', 'fill:g', 'fill:h',
    ]);
  });
});

describe('PaperBroker: order ids', () => {
  it('lists working orders in acceptance order across symbols and treats finished and rejected ids as seen, never working', async () => {
    const { broker, reports } = paperHarness(FRICTIONLESS);
    broker.submit(paperOrder('a1', { type: 'limit', limitPrice: 50, quantity: 10 }));
    broker.submit(paperOrder('m1', { symbol: 'MSFT', type: 'limit', limitPrice: 50, quantity: 10 }));
    broker.submit(paperOrder('bad', { quantity: 0 }));
    broker.submit(paperOrder('a2', { quantity: 10 }));
    broker.submit(paperOrder('m2', { symbol: 'MSFT', type: 'limit', limitPrice: 50, quantity: 10 }));
    broker.onBar(ohlc(0, 100, 101, 99, 100));
    broker.cancel('m1');
    for (const id of ['a2', 'm1', 'bad', 'never']) broker.cancel(id);
    broker.submit(paperOrder('bad', { quantity: 5 }));
    broker.submit(paperOrder('a2', { quantity: 5 }));
    expect(await broker.openOrders()).toEqual([
      { clientOrderId: 'a1', status: 'accepted', filledQuantity: 0 },
      { clientOrderId: 'm2', status: 'accepted', filledQuantity: 0 },
    ]);
    expect(kinds(reports)).toEqual(['accepted:a1', 'accepted:m1', 'rejected:bad', 'accepted:a2', 'accepted:m2', 'fill:a2', 'cancelled:m1', 'rejected:bad', 'rejected:a2']);
    expect(reports.slice(-2).map((r) => r.kind === 'rejected' && r.reason.startsWith(DUPLICATE_CLIENT_ORDER_ID))).toEqual([true, true]);
    expect(broker.stats().ignoredCancels).toBe(4);
  });
});

describe('PaperBroker: finding a bar\'s symbol', () => {
  it('fills each order on its own symbol\'s bars and counts stale bars per symbol, as the replay order of symbols changes', () => {
    const { broker, fills } = paperHarness(FRICTIONLESS);
    const bar = (day: number, symbol: string, open: number) => ohlc(day, open, open + 1, open - 1, open, 1_000_000, { symbol });
    const base: Record<string, number> = { AAA: 10, BBB: 20, CCC: 30, DDD: 40 };
    // Cycles in one order, then one symbol skipped, a new symbol, the order reversed, a symbol twice in a row.
    const days: string[][] = [['AAA', 'BBB', 'CCC'], ['AAA', 'BBB', 'CCC'], ['AAA', 'CCC'], ['AAA', 'BBB', 'DDD', 'CCC'], ['CCC', 'DDD', 'BBB', 'AAA'], ['BBB', 'BBB', 'AAA']];
    days.forEach((symbols, day) => {
      for (const symbol of symbols) broker.onBar(bar(day, symbol, (base[symbol] as number) + day));
      for (const symbol of new Set(symbols)) broker.submit(paperOrder(`${symbol}-${day}`, { symbol, quantity: 1 }));
    });
    broker.onBar(bar(6, 'BBB', 99));
    expect(fills().map((f) => [f.order, f.price])).toEqual([
      ['AAA-0', 11], ['BBB-0', 21], ['CCC-0', 31],
      ['AAA-1', 12], ['CCC-1', 32],
      ['AAA-2', 13], ['BBB-1', 23], ['CCC-2', 33],
      ['CCC-3', 34], ['DDD-3', 44], ['BBB-3', 24], ['AAA-3', 14],
      ['BBB-4', 25], ['AAA-4', 15],
      ['BBB-5', 99],
    ]);
    // BBB's second bar of day 5 is as old as its first.
    expect(broker.stats().staleBars).toBe(1);
  });
});

describe('PaperBroker: positions folded when asked', () => {
  it('answers the fold of every fill so far, each time it is asked, past the buffer of fills it holds unfolded', async () => {
    const { broker, reports } = paperHarness({ slippageBps: 3, maxParticipation: 1 });
    const symbols = ['AAPL', 'MSFT', 'XOM'];
    const expected = new PositionBook();
    const answers: [number, unknown][] = [];
    for (let day = 0; day < 2_600; day++) {
      const symbol = symbols[day % 3] as string;
      // Longs, shorts, flips and flat: each symbol sees buys and sells of changing size at changing prices.
      const side = (day * 7) % 5 < 3 ? 'buy' : 'sell';
      broker.submit(paperOrder(`o${day}`, { symbol, side, quantity: 1 + ((day * 13) % 40) }));
      const open = 50 + ((day * 37) % 101) / 7;
      broker.onBar(ohlc(day, open, open + 1, open - 1, open, 1_000_000, { symbol }));
      // Asked after 301 fills, then 1,700 later (more than the 1,024 the broker holds unfolded), then at the end.
      if (day === 300 || day === 2_000) answers.push([reports.length, await broker.positions()]);
    }
    answers.push([reports.length, await broker.positions()]);
    let folded = 0;
    for (const [upTo, answer] of answers) {
      for (; folded < upTo; folded++) {
        const report = reports[folded];
        if (report?.kind === 'fill') expected.apply(report.fill);
      }
      expect(answer).toEqual(expected.positions().map(({ symbol, quantity, avgPrice }) => ({ symbol, quantity, avgPrice })));
    }
    expect(reports.filter((r) => r.kind === 'fill')).toHaveLength(2_600);
  });
});

describe('PaperBroker: prices', () => {
  it('fills a sell stop the market gapped through at the open, not at the stop', () => {
    const { broker, fills } = paperHarness();
    broker.onBar(ohlc(0, 100, 101, 99, 100));
    broker.submit(paperOrder('sl', { side: 'sell', type: 'stop', stopPrice: 95 }));
    broker.onBar(ohlc(1, 90, 92, 88, 91));
    expect(fills()).toMatchObject([{ order: 'sl', price: 90 }]);
  });

  it('fills a buy stop the market gapped through at the open', () => {
    const { broker, fills } = paperHarness();
    broker.submit(paperOrder('bs', { type: 'stop', stopPrice: 105 }));
    broker.onBar(ohlc(0, 110, 112, 109, 111));
    expect(fills()).toMatchObject([{ order: 'bs', price: 110 }]);
  });

  it('fills limits the market gapped through at the better open, both sides', () => {
    const { broker, fills } = paperHarness();
    broker.submit(paperOrder('buy', { type: 'limit', limitPrice: 95 }));
    broker.submit(paperOrder('sell', { side: 'sell', type: 'limit', limitPrice: 80 }));
    broker.onBar(ohlc(0, 90, 91, 85, 88));
    expect(fills()).toMatchObject([
      { order: 'buy', price: 90 },
      { order: 'sell', price: 90 },
    ]);
  });

  it('applies slippage against the trader on market and stop fills and commission per order', () => {
    const { broker, fills } = paperHarness({ slippageBps: 10, commission: { perShare: 0.005, minimumPerOrder: 1, bps: 2 }, maxParticipation: 1 });
    broker.submit(paperOrder('mkt', { quantity: 100 }));
    broker.submit(paperOrder('stop', { side: 'sell', type: 'stop', stopPrice: 98, quantity: 1_000 }));
    broker.submit(paperOrder('lim', { side: 'sell', type: 'limit', limitPrice: 100.5, quantity: 100 }));
    broker.onBar(ohlc(0, 100, 101, 97, 99));
    const [mkt, stop, lim] = fills();
    expect(mkt?.price).toBeCloseTo(100 * 1.001, 10);
    // max($1, 100 × $0.005) + 2 bps of $10,010
    expect(mkt?.commission).toBeCloseTo(1 + 2.002, 10);
    expect(stop?.price).toBeCloseTo(98 * 0.999, 10);
    // 1,000 × $0.005 = $5 beats the minimum; + 2 bps of $97,902
    expect(stop?.commission).toBeCloseTo(5 + 19.5804, 10);
    expect(lim?.price).toBe(100.5);
  });
});

describe('PaperBroker: volume', () => {
  it('fills at most the participation share of each bar and keeps the rest working', async () => {
    const { broker, fills } = paperHarness({ ...FRICTIONLESS, maxParticipation: 0.1 });
    broker.submit(paperOrder('big', { quantity: 250 }));
    broker.onBar(ohlc(0, 100, 101, 99, 100, 1_000));
    expect(await broker.openOrders()).toEqual([{ clientOrderId: 'big', status: 'partially_filled', filledQuantity: 100, avgFillPrice: 100 }]);
    broker.onBar(ohlc(1, 102, 103, 101, 102, 1_000));
    broker.onBar(ohlc(2, 104, 105, 103, 104, 1_000));
    expect(fills().map((f) => [f.id, f.quantity, f.price])).toEqual([
      ['big:1', 100, 100],
      ['big:2', 100, 102],
      ['big:3', 50, 104],
    ]);
    expect(await broker.openOrders()).toEqual([]);
    expect(await broker.positions()).toEqual([{ symbol: 'AAPL', quantity: 250, avgPrice: (100 * 100 + 100 * 102 + 50 * 104) / 250 }]);
  });

  it('shares one bar\'s volume between orders in the order they were accepted', () => {
    const { broker, fills } = paperHarness({ ...FRICTIONLESS, maxParticipation: 0.5 });
    broker.submit(paperOrder('first', { quantity: 40 }));
    broker.submit(paperOrder('second', { quantity: 40 }));
    broker.onBar(ohlc(0, 100, 101, 99, 100, 100));
    expect(fills().map((f) => [f.order, f.quantity])).toEqual([
      ['first', 40],
      ['second', 10],
    ]);
  });

  it('fills nothing on a bar without volume', () => {
    const { broker, fills } = paperHarness();
    broker.submit(paperOrder('a'));
    broker.onBar(ohlc(0, 100, 101, 99, 100, 0));
    expect(fills()).toEqual([]);
  });

  it('fills the rest of a triggered stop at the next open', () => {
    const { broker, fills } = paperHarness({ ...FRICTIONLESS, maxParticipation: 0.1 });
    broker.submit(paperOrder('sl', { side: 'sell', type: 'stop', stopPrice: 95, quantity: 150 }));
    broker.onBar(ohlc(0, 100, 101, 94, 96, 1_000));
    broker.onBar(ohlc(1, 97, 99, 96, 98, 1_000));
    expect(fills().map((f) => [f.quantity, f.price])).toEqual([
      [100, 95],
      [50, 97],
    ]);
  });
});

describe('PaperBroker: one-cancels-other exits', () => {
  const exits = (broker: PaperBroker, side: 'buy' | 'sell', stop: number, target: number, targetFirst = false): void => {
    const sl = paperOrder('sl', { side, type: 'stop', stopPrice: stop, ocoGroup: 'g', leg: 'stop_loss', reduceOnly: true });
    const tp = paperOrder('tp', { side, type: 'limit', limitPrice: target, ocoGroup: 'g', leg: 'take_profit', reduceOnly: true });
    for (const order of targetFirst ? [tp, sl] : [sl, tp]) broker.submit(order);
  };

  it('assumes the stop-loss was hit first when a long\'s stop and target are both inside one bar', () => {
    const { broker, reports, fills } = paperHarness();
    exits(broker, 'sell', 95, 110);
    broker.onBar(ohlc(0, 100, 112, 94, 105));
    expect(fills()).toMatchObject([{ order: 'sl', price: 95 }]);
    expect(reports.at(-1)).toEqual({ kind: 'cancelled', clientOrderId: 'tp', time: closeOf(0), reason: 'one-cancels-other: sl filled' });
  });

  it('assumes the stop-loss was hit first for a short too, whichever leg was sent first', () => {
    const { broker, fills } = paperHarness();
    exits(broker, 'buy', 105, 90, true);
    broker.onBar(ohlc(0, 100, 106, 89, 95));
    expect(fills()).toMatchObject([{ order: 'sl', price: 105 }]);
  });

  it('fills the target at the open when the bar opened beyond it, even if the stop is inside the bar', () => {
    const { broker, reports, fills } = paperHarness();
    exits(broker, 'sell', 95, 110);
    broker.onBar(ohlc(0, 111, 113, 94, 100));
    expect(fills()).toMatchObject([{ order: 'tp', price: 111 }]);
    expect(kinds(reports).slice(-2)).toEqual(['fill:tp', 'cancelled:sl']);
  });

  it('fills the stop at the open when the bar opened beyond it', () => {
    const { broker, fills } = paperHarness();
    exits(broker, 'sell', 95, 110);
    broker.onBar(ohlc(0, 93, 111, 92, 100));
    expect(fills()).toMatchObject([{ order: 'sl', price: 93 }]);
  });

  it('fills the target alone when only the target is reached, and cancels the stop', async () => {
    const { broker, fills } = paperHarness();
    exits(broker, 'sell', 95, 110);
    broker.onBar(ohlc(0, 100, 111, 96, 108));
    expect(fills()).toMatchObject([{ order: 'tp', price: 110 }]);
    expect(await broker.openOrders()).toEqual([]);
  });

  it('cancels the sibling on a partial fill and keeps the filled leg working', async () => {
    const { broker, fills } = paperHarness({ ...FRICTIONLESS, maxParticipation: 0.1 });
    exits(broker, 'sell', 95, 110);
    broker.onBar(ohlc(0, 100, 101, 94, 96, 500));
    expect(fills()).toMatchObject([{ order: 'sl', quantity: 50 }]);
    expect((await broker.openOrders()).map((o) => o.clientOrderId)).toEqual(['sl']);
  });

  it('leaves both legs working when neither is reached', async () => {
    const { broker, fills } = paperHarness();
    exits(broker, 'sell', 95, 110);
    broker.onBar(ohlc(0, 100, 105, 96, 101));
    expect(fills()).toEqual([]);
    expect((await broker.openOrders()).map((o) => o.clientOrderId)).toEqual(['sl', 'tp']);
  });
});

describe('PaperBroker: stop-limits', () => {
  it('triggers a buy stop-limit that does not fill when price ran past its limit, then fills it as a limit later', () => {
    const { broker, fills } = paperHarness();
    broker.submit(paperOrder('sl', { type: 'stop_limit', stopPrice: 105, limitPrice: 104 }));
    broker.onBar(ohlc(0, 100, 108, 99, 107));
    expect(fills()).toEqual([]);
    // Bar 1 never reaches the stop again, but the order is a limit now.
    broker.onBar(ohlc(1, 104.5, 104.8, 103, 104));
    expect(fills()).toMatchObject([{ order: 'sl', price: 104 }]);
  });

  it('triggers a sell stop-limit on a gap down that stays below its limit, without filling', () => {
    const { broker, fills } = paperHarness();
    broker.submit(paperOrder('sl', { side: 'sell', type: 'stop_limit', stopPrice: 95, limitPrice: 94 }));
    broker.onBar(ohlc(0, 90, 93, 88, 92));
    expect(fills()).toEqual([]);
    broker.onBar(ohlc(1, 92, 95, 91, 94));
    expect(fills()).toMatchObject([{ order: 'sl', price: 94 }]);
  });
});

describe('PaperBroker: day orders', () => {
  it('expires a daily day order after the first bar allowed to fill it', () => {
    const { broker, reports } = paperHarness();
    broker.onBar(ohlc(0, 100, 101, 99, 100));
    broker.submit(paperOrder('day', { type: 'limit', limitPrice: 90, timeInForce: 'day' }));
    broker.submit(paperOrder('gtc', { type: 'limit', limitPrice: 90 }));
    broker.onBar(ohlc(1, 100, 101, 99, 100));
    expect(reports.at(-1)).toEqual({ kind: 'expired', clientOrderId: 'day', time: closeOf(1), reason: 'day order expired at the end of its session' });
    broker.onBar(ohlc(2, 95, 96, 89, 92));
    expect(kinds(reports).slice(-1)).toEqual(['fill:gtc']);
  });

  it('expires the unfilled rest of a partly filled day order', () => {
    const { broker, reports } = paperHarness({ ...FRICTIONLESS, maxParticipation: 0.1 });
    broker.submit(paperOrder('day', { quantity: 500, timeInForce: 'day' }));
    broker.onBar(ohlc(0, 100, 101, 99, 100, 1_000));
    expect(kinds(reports)).toEqual(['accepted:day', 'fill:day', 'expired:day']);
  });

  it('keeps an intraday day order through the UTC day and expires it after the bar closing at midnight', () => {
    const { broker, reports } = paperHarness();
    broker.submit(paperOrder('day', { type: 'limit', limitPrice: 50, timeInForce: 'day' }));
    for (let h = 0; h < 24; h++) broker.onBar(ohlc(0, 100, 101, 99, 100, 1e6, { interval: '1h', time: DAY0 + h * HOUR }));
    expect(kinds(reports)).toEqual(['accepted:day', 'expired:day']);
    expect(reports[1]?.time).toBe(DAY0 + DAY_MS);
  });

  it('follows an injected session calendar', () => {
    const { broker, reports } = paperHarness(FRICTIONLESS, sessionClosingAtUtc(20 * 60));
    broker.submit(paperOrder('day', { type: 'limit', limitPrice: 50, timeInForce: 'day' }));
    broker.onBar(ohlc(0, 100, 101, 99, 100, 1e6, { interval: '1h', time: DAY0 + 18 * HOUR }));
    expect(kinds(reports)).toEqual(['accepted:day']);
    broker.onBar(ohlc(0, 100, 101, 99, 100, 1e6, { interval: '1h', time: DAY0 + 19 * HOUR }));
    expect(kinds(reports)).toEqual(['accepted:day', 'expired:day']);
  });

  it('expires a day order when a later session arrives before its last bar was seen', () => {
    const { broker, reports } = paperHarness();
    broker.submit(paperOrder('day', { type: 'limit', limitPrice: 50, timeInForce: 'day' }));
    broker.onBar(ohlc(0, 100, 101, 99, 100, 1e6, { interval: '1h', time: DAY0 + 10 * HOUR }));
    broker.onBar(ohlc(0, 100, 101, 40, 100, 1e6, { interval: '1h', time: DAY0 + DAY_MS + 10 * HOUR }));
    expect(reports.slice(1)).toEqual([
      { kind: 'expired', clientOrderId: 'day', time: DAY0 + DAY_MS + 10 * HOUR, reason: 'day order expired: its session ended before this bar' },
    ]);
  });
});

describe('PaperBroker: cancel, positions, listeners', () => {
  it('cancels a working order and ignores a cancel of a finished or unknown one', async () => {
    const { broker, clock, reports } = paperHarness();
    broker.submit(paperOrder('a', { type: 'limit', limitPrice: 10 }));
    clock.advanceTo(DAY0 + 7);
    broker.cancel('a');
    broker.cancel('a');
    broker.cancel('nope');
    expect(reports.at(-1)).toEqual({ kind: 'cancelled', clientOrderId: 'a', time: DAY0 + 7, reason: 'cancelled on request' });
    expect(reports).toHaveLength(2);
    expect(broker.stats().ignoredCancels).toBe(2);
    expect(await broker.openOrders()).toEqual([]);
    broker.onBar(ohlc(0, 9, 10, 8, 9));
    expect(reports).toHaveLength(2);
  });

  it('derives positions from its own fills, long and short', async () => {
    const { broker } = paperHarness();
    broker.submit(paperOrder('buy', { quantity: 100 }));
    broker.submit(paperOrder('short', { symbol: 'MSFT', side: 'sell', quantity: 30 }));
    broker.onBar(ohlc(0, 100, 101, 99, 100));
    broker.onBar(ohlc(0, 50, 51, 49, 50, 1e6, { symbol: 'MSFT' }));
    expect(await broker.positions()).toEqual([
      { symbol: 'AAPL', quantity: 100, avgPrice: 100 },
      { symbol: 'MSFT', quantity: -30, avgPrice: 50 },
    ]);
  });

  it('queues reports from a listener\'s own submit behind the fill, and that order waits for the next bar', () => {
    const { broker, reports } = paperHarness();
    broker.onReport((r) => {
      if (r.kind === 'fill' && r.clientOrderId === 'entry') broker.submit(paperOrder('exit', { side: 'sell', type: 'limit', limitPrice: 100 }));
    });
    broker.submit(paperOrder('entry'));
    broker.onBar(ohlc(0, 100, 105, 99, 104));
    expect(kinds(reports)).toEqual(['accepted:entry', 'fill:entry', 'accepted:exit']);
    broker.onBar(ohlc(1, 104, 106, 103, 105));
    expect(kinds(reports).at(-1)).toBe('fill:exit');
  });

  it('delivers every report to every listener when one throws, then rethrows the first error', () => {
    const { broker, reports } = paperHarness();
    const unsubscribe = broker.onReport(() => {
      throw new Error('listener broke');
    });
    expect(() => broker.submit(paperOrder('a'))).toThrow('listener broke');
    expect(kinds(reports)).toEqual(['accepted:a']);
    expect(broker.stats().listenerErrors).toBe(1);
    unsubscribe();
    broker.onBar(ohlc(0, 100, 101, 99, 100));
    expect(kinds(reports)).toEqual(['accepted:a', 'fill:a']);
  });
});

describe('PaperBroker: determinism', () => {
  const session = (): ExecutionReport[] => {
    const { broker, reports } = paperHarness({ slippageBps: 3, maxParticipation: 0.05 });
    broker.submit(paperOrder('m', { quantity: 700 }));
    broker.submit(paperOrder('l', { side: 'sell', type: 'limit', limitPrice: 103, quantity: 300 }));
    broker.submit(paperOrder('s', { type: 'stop', stopPrice: 104, quantity: 200, ocoGroup: 'x' }));
    broker.submit(paperOrder('t', { type: 'limit', limitPrice: 98, quantity: 200, ocoGroup: 'x' }));
    broker.submit(paperOrder('d', { type: 'stop_limit', stopPrice: 102, limitPrice: 101, timeInForce: 'day' }));
    for (let i = 0; i < 6; i++) broker.onBar(ohlc(i, 100 + i, 105 + i, 97 + i, 101 + i, 4_000));
    return reports;
  };

  it('produces identical reports from the same bars and orders', () => {
    const first = session();
    expect(first.filter((r) => r.kind === 'fill').length).toBeGreaterThan(3);
    expect(session()).toEqual(first);
  });
});
