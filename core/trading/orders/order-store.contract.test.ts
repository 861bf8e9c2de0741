import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochMs, price, quantity } from '../../market/units.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { seededUniform } from '../../util/seeded-random.js';
import type { ExecutionReport } from '../broker.js';
import type { Order, OrderLeg, OrderSide } from '../order.js';
import { MemoryOrderJournal } from './memory-order-journal.js';
import { OrderJournal } from './order-journal.js';
import type { OrderStore } from './order-store.js';
import { fillReport, makeOrder } from './testing/order-fixtures.js';

const SYMBOLS = ['AAA', 'BBB', 'CCC'] as const;
const SIDES: readonly OrderSide[] = ['buy', 'sell'];

/** Every read the order path makes, as plain data. */
function snapshot(store: OrderStore, ids: readonly string[]): unknown {
  return {
    open: store.openOrders(),
    fills: store.fills(),
    exposure: store.entriesWithOpenExposure(),
    bySymbol: SYMBOLS.map((s) => ({
      exposure: store.entriesWithOpenExposure(s),
      newest: SIDES.map((side) => store.newestEntryWithOpenExposure(s, side)?.clientOrderId),
      reduceOnly: SIDES.map((side) => store.reduceOnlyFilled(s, side, epochMs(1_500))),
    })),
    orders: ids.map((id) => ({ id, has: store.has(id), order: store.get(id), children: store.children(id), fills: store.fillsOf(id), events: store.events(id) })),
  };
}

/**
 * A seeded stream of what the order path does to its store (entries, exits under them, reduce-only sales,
 * acceptances, partial and whole fills, over-fills, duplicated and foreign fill ids, cancels, rejections,
 * amended brackets, notes, reused ids, unknown parents and orders) with the outcome of each call.
 */
function drive(store: OrderStore, seed: number, steps: number): { outcomes: unknown[]; ids: string[] } {
  const u = seededUniform(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(u() * xs.length)] as T;
  const ids: string[] = [];
  const outcomes: unknown[] = [];
  let t = 1_000;
  let fillNo = 0;
  for (let i = 0; i < steps; i++) {
    // Open orders after every call: orders leave the open list from its head, middle and tail as reports end them.
    outcomes.push(['open', store.openOrders().map((o) => o.clientOrderId)]);
    t += Math.floor(u() * 3) * 500; // equal times happen: ties fall back to journalled order
    const r = u();
    const known = ids.length > 0 ? pick(ids) : 'none';
    const order = store.get(known);
    if (r < 0.25 || order === undefined) {
      const id = u() < 0.05 && ids.length > 0 ? known : `o${i}`;
      const leg: OrderLeg = pick(['single', 'entry', 'entry', 'single']);
      const reduceOnly = leg === 'single' && u() < 0.4;
      const fresh = makeOrder({
        clientOrderId: id, symbol: pick(SYMBOLS), side: pick(SIDES), leg, quantity: quantity(1 + Math.floor(u() * 20)), createdAt: epochMs(t), updatedAt: epochMs(t),
        ...(leg === 'entry' ? { bracket: { stopLoss: price(90), takeProfit: price(110) } } : {}),
        ...(reduceOnly ? { reduceOnly: true } : {}),
      });
      outcomes.push(['insert', id, store.insert([fresh]).ok]);
      if (!ids.includes(id)) ids.push(id);
      continue;
    }
    if (r < 0.35 && order.leg === 'entry') {
      const exits: Order[] = (['stop_loss', 'take_profit'] as const).map((leg, k) => makeOrder({
        clientOrderId: `${order.clientOrderId}.x${i}.${k}`, symbol: order.symbol, side: order.side === 'buy' ? 'sell' : 'buy', leg, parentId: u() < 0.05 ? 'ghost' : order.clientOrderId,
        ocoGroup: order.clientOrderId, reduceOnly: true, quantity: quantity(Math.max(1, order.filledQuantity)), createdAt: epochMs(t), updatedAt: epochMs(t),
      }));
      const done = store.insert(exits);
      outcomes.push(['exits', order.clientOrderId, done.ok]);
      if (done.ok) ids.push(...exits.map((x) => x.clientOrderId));
      continue;
    }
    let report: ExecutionReport;
    if (r < 0.45) report = { kind: 'accepted', clientOrderId: order.clientOrderId, time: epochMs(t), brokerOrderId: `b${i}` };
    else if (r < 0.75) {
      const id = u() < 0.1 && fillNo > 0 ? `f${Math.floor(u() * fillNo)}` : `f${fillNo++}`;
      const left = order.quantity - order.filledQuantity;
      const qty = u() < 0.1 ? left + 1 : Math.max(0.5, Math.min(left, 1 + Math.floor(u() * order.quantity)));
      report = fillReport(order, id, qty, 95 + u() * 10, t);
    } else if (r < 0.82) report = { kind: pick(['cancelled', 'expired', 'rejected'] as const), clientOrderId: order.clientOrderId, time: epochMs(t), reason: 'scripted' };
    else if (r < 0.86) report = { kind: 'accepted', clientOrderId: 'ghost', time: epochMs(t) };
    else if (r < 0.93) {
      outcomes.push(['amend', order.clientOrderId, store.amendBracket(order.clientOrderId, { stopLoss: price(80 + i % 7), takeProfit: price(120) }, epochMs(t), 'risk review').ok]);
      continue;
    } else {
      store.note(u() < 0.9 ? order.clientOrderId : 'ghost', 'cancel-requested', epochMs(t), u() < 0.5 ? 'trader' : undefined);
      outcomes.push(['note', order.clientOrderId]);
      continue;
    }
    const outcome = store.apply(report);
    outcomes.push(['apply', report.kind, report.clientOrderId, outcome.kind, outcome.kind === 'applied' ? outcome.state.order : undefined, outcome.kind === 'applied' ? [...outcome.state.fillIds] : undefined]);
  }
  return { outcomes, ids };
}

describe('order stores: the SQLite journal and the in-memory one answer alike', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeEach(() => {
    tmp = makeTempDir('desk-order-store-');
    db = openDatabase(tmp.file('desk.db'));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it.each([1, 2, 3, 4])('gives the same outcome to every call and the same reads after a seeded run of 400 order-path calls (seed %i)', (seed) => {
    const sqlite = new OrderJournal(db, 'paper');
    const memory = new MemoryOrderJournal();
    const a = drive(sqlite, seed, 400);
    const b = drive(memory, seed, 400);
    expect(b.outcomes).toEqual(a.outcomes);
    // The stream must have exercised what it claims to, or the equality above proves little.
    const rows = a.outcomes as unknown[][];
    expect(rows.filter((o) => (o[0] === 'insert' || o[0] === 'exits') && o[2] === false).length).toBeGreaterThan(0);
    expect(new Set(rows.filter((o) => o[0] === 'apply').map((o) => o[3]))).toEqual(new Set(['applied', 'ignored', 'refused']));
    expect(rows.filter((o) => o[0] === 'amend' && o[2] === true).length).toBeGreaterThan(0);
    expect(sqlite.fills().length).toBeGreaterThan(20);
    expect(snapshot(memory, a.ids)).toEqual(snapshot(sqlite, a.ids));
  });

  it('persists its trail into a fresh run file so the SQLite journal over that file reads back the same', () => {
    const memory = new MemoryOrderJournal();
    const { ids } = drive(memory, 7, 400);
    const file = openDatabase(tmp.file('run.db'));
    try {
      const written = memory.persistTo(file, 'paper');
      expect(written).toEqual({ ok: true, value: memory.size });
      expect(memory.size.orders).toBeGreaterThan(50);
      expect(snapshot(new OrderJournal(file, 'paper'), ids)).toEqual(snapshot(memory, ids));
      const again = memory.persistTo(file, 'paper');
      expect(again.ok).toBe(false);
      if (!again.ok) expect(again.error).toMatch(/already journals \d+ orders/);
    } finally {
      file.close();
    }
  });

  it('refuses a fill id another order already has, as the fills table key does, and writes nothing', () => {
    for (const store of [new OrderJournal(db, 'paper'), new MemoryOrderJournal()]) {
      const a = makeOrder({ clientOrderId: store instanceof OrderJournal ? 'a1' : 'a2' });
      const b = makeOrder({ clientOrderId: store instanceof OrderJournal ? 'b1' : 'b2' });
      expect(store.insert([a, b]).ok).toBe(true);
      expect(store.apply(fillReport(a, `shared-${a.clientOrderId}`, 2, 10)).kind).toBe('applied');
      const outcome = store.apply(fillReport(b, `shared-${a.clientOrderId}`, 2, 10));
      expect(outcome.kind).toBe('refused');
      if (outcome.kind === 'refused') expect(outcome.reason).toMatch(/UNIQUE constraint failed: fills\.fill_id/);
      expect(store.get(b.clientOrderId)?.filledQuantity).toBe(0);
      expect(store.events(b.clientOrderId).map((e) => e.kind)).toEqual(['created']);
    }
  });

  it('answers entries with open exposure in a new array each time, also when there are none', () => {
    const answers = [new OrderJournal(db, 'paper'), new MemoryOrderJournal()].map((store) => {
      const none = store.entriesWithOpenExposure('AAA');
      none.push(makeOrder({ clientOrderId: 'stray' }));
      const entry = makeOrder({ clientOrderId: 'e1', leg: 'entry', bracket: { stopLoss: price(90), takeProfit: price(110) } });
      store.insert([entry]);
      store.apply(fillReport(entry, 'f-e1', 5, 100));
      const all = store.entriesWithOpenExposure();
      all.length = 0;
      return [store.entriesWithOpenExposure('AAA'), store.entriesWithOpenExposure('BBB'), store.entriesWithOpenExposure()].map((list) => list.map((o) => o.clientOrderId));
    });
    expect(answers[0]).toEqual([['e1'], [], ['e1']]);
    expect(answers[1]).toEqual(answers[0]);
  });

  it('answers has() for an id asked about again and again before and after it is journalled, as the SQLite journal does', () => {
    const answers = [new OrderJournal(db, 'paper'), new MemoryOrderJournal()].map((store) => {
      const seen: boolean[] = [store.has('a'), store.has('a'), store.has('b'), store.has('a')];
      // A refused batch journals nothing: the ids asked about stay unknown.
      seen.push(store.insert([makeOrder({ clientOrderId: 'a' }), makeOrder({ clientOrderId: 'a' })]).ok, store.has('a'));
      seen.push(store.insert([makeOrder({ clientOrderId: 'a' })]).ok, store.has('a'), store.has('a'), store.has('b'));
      seen.push(store.has('c'), store.insert([makeOrder({ clientOrderId: 'c' }), makeOrder({ clientOrderId: 'd' })]).ok, store.has('c'), store.has('d'));
      return seen;
    });
    expect(answers[0]).toEqual([false, false, false, false, false, false, true, true, true, false, false, true, true, true]);
    expect(answers[1]).toEqual(answers[0]);
  });

  it('answers open orders oldest first and reduce-only sums per side and symbol when orders were journalled out of creation order', () => {
    const answers = [new OrderJournal(db, 'paper'), new MemoryOrderJournal()].map((store) => {
      const orders = [
        makeOrder({ clientOrderId: 'late', createdAt: epochMs(3_000), updatedAt: epochMs(3_000) }),
        makeOrder({ clientOrderId: 'early', createdAt: epochMs(1_000), updatedAt: epochMs(1_000) }),
        makeOrder({ clientOrderId: 'tie', createdAt: epochMs(1_000), updatedAt: epochMs(1_000) }),
        makeOrder({ clientOrderId: 'ro-sell', side: 'sell', reduceOnly: true, createdAt: epochMs(2_000), updatedAt: epochMs(2_000) }),
        makeOrder({ clientOrderId: 'ro-sell-b', symbol: 'BBB', side: 'sell', reduceOnly: true, createdAt: epochMs(2_000), updatedAt: epochMs(2_000) }),
        makeOrder({ clientOrderId: 'ro-buy', side: 'buy', reduceOnly: true, createdAt: epochMs(2_500), updatedAt: epochMs(2_500) }),
      ];
      for (const order of orders) expect(store.insert([order]).ok).toBe(true);
      const before = store.openOrders().map((o) => o.clientOrderId);
      for (const order of orders.slice(3)) store.apply(fillReport(order, `f-${order.clientOrderId}`, 4, 10, 4_000));
      store.apply(fillReport(orders[1] as Order, 'f-early', 10, 10, 4_000));
      return {
        before,
        after: store.openOrders().map((o) => o.clientOrderId),
        reduceOnly: ['AAA', 'BBB', 'CCC'].flatMap((symbol) => SIDES.map((side) => store.reduceOnlyFilled(symbol, side, epochMs(0)))),
      };
    });
    expect(answers[0]?.before).toEqual(['early', 'tie', 'ro-sell', 'ro-sell-b', 'ro-buy', 'late']);
    expect(answers[0]?.after).toEqual(['tie', 'ro-sell', 'ro-sell-b', 'ro-buy', 'late']);
    expect(answers[0]?.reduceOnly).toEqual([4, 4, 0, 4, 0, 0]);
    expect(answers[1]).toEqual(answers[0]);
  });

  it('treats ids earlier in a batch as journalled, as one SQLite transaction does: a parent in the batch is found, a repeated id refuses the batch', () => {
    for (const store of [new OrderJournal(db, 'paper'), new MemoryOrderJournal()]) {
      const tag = store instanceof OrderJournal ? 's' : 'm';
      const parent = makeOrder({ clientOrderId: `${tag}-p`, leg: 'entry', bracket: { stopLoss: price(9), takeProfit: price(12) } });
      const child = makeOrder({ clientOrderId: `${tag}-c`, leg: 'stop_loss', side: 'sell', type: 'stop', stopPrice: price(9), parentId: `${tag}-p`, reduceOnly: true });
      expect(store.insert([parent, child]).ok).toBe(true);
      expect(store.children(`${tag}-p`)).toEqual([child]);
      const twice = store.insert([makeOrder({ clientOrderId: `${tag}-x` }), makeOrder({ clientOrderId: `${tag}-x` })]);
      expect(twice.ok ? 'stored' : twice.error).toMatch(/UNIQUE constraint failed: orders\.client_order_id/);
      expect(store.has(`${tag}-x`)).toBe(false);
      const orphan = store.insert([makeOrder({ clientOrderId: `${tag}-o`, parentId: `${tag}-later` }), makeOrder({ clientOrderId: `${tag}-later` })]);
      expect(orphan.ok ? 'stored' : orphan.error).toMatch(/FOREIGN KEY constraint failed/);
      expect(store.has(`${tag}-later`)).toBe(false);
    }
  });
});
