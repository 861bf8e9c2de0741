import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochMs, price, quantity } from '../../market/units.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { OrderJournal } from './order-journal.js';
import { fillReport, makeOrder } from './testing/order-fixtures.js';

/** Records every PRAGMA the connection runs; `original` runs one unrecorded. */
function spyOnPragmas(db: Db): { seen: string[]; original: Db['pragma'] } {
  const seen: string[] = [];
  const original = db.pragma.bind(db);
  db.pragma = ((source: string, options?: { simple?: boolean }) => {
    seen.push(source);
    return original(source, options);
  }) as Db['pragma'];
  return { seen, original };
}

describe('order journal', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let journal: OrderJournal;
  beforeEach(() => {
    tmp = makeTempDir('desk-journal-');
    db = openDatabase(tmp.file('desk.db'));
    journal = new OrderJournal(db, 'spy');
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('stores an order with every field and a created event, and reads it back equal', () => {
    const order = makeOrder({
      type: 'limit',
      limitPrice: price(99.5),
      leg: 'entry',
      bracket: { stopLoss: price(95), takeProfit: price(110) },
      origin: { kind: 'proposal', proposalId: 'p1', predictionId: 'x1', modelId: 'm1' },
      timeInForce: 'day',
    });
    expect(journal.insert([order])).toEqual({ ok: true, value: undefined });
    expect(journal.get('o1')).toEqual(order);
    expect(journal.events('o1').map((e) => [e.kind, e.status])).toEqual([['created', 'new']]);
    const row = db.prepare("SELECT broker FROM orders WHERE client_order_id = 'o1'").pluck().get();
    expect(row).toBe('spy');
  });

  it('refuses a reused client order id and stores none of a batch that contains one', () => {
    expect(journal.insert([makeOrder()]).ok).toBe(true);
    const result = journal.insert([makeOrder({ clientOrderId: 'o2' }), makeOrder()]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/could not journal order o2, o1: UNIQUE/);
    expect(journal.has('o2')).toBe(false);
    expect(db.prepare('SELECT count(*) FROM order_events').pluck().get()).toBe(1);
  });

  it('writes the order row, an event and the fill row for a fill, and a duplicate of it writes nothing', () => {
    const order = makeOrder();
    journal.insert([order]);
    const report = fillReport(order, 'f1', 4, 10.5);
    expect(journal.apply(report).kind).toBe('applied');
    expect(journal.apply(report).kind).toBe('ignored');
    expect(journal.get('o1')).toMatchObject({ status: 'partially_filled', filledQuantity: 4, avgFillPrice: 10.5 });
    expect(journal.fills()).toEqual([report.kind === 'fill' ? report.fill : undefined]);
    expect(journal.fillsOf('o1')).toHaveLength(1);
    expect(journal.events('o1').map((e) => e.kind)).toEqual(['created', 'fill']);
  });

  it('records a refused over-fill as an event and leaves the order and the ledger unchanged', () => {
    const order = makeOrder();
    journal.insert([order]);
    const outcome = journal.apply(fillReport(order, 'f1', 11, 10));
    expect(outcome.kind).toBe('refused');
    expect(journal.get('o1')).toEqual(order);
    expect(journal.fills()).toEqual([]);
    expect(journal.events('o1').at(-1)).toMatchObject({ kind: 'report-refused', status: 'new' });
  });

  it('refuses a report for an order it never journalled', () => {
    const outcome = journal.apply({ kind: 'accepted', clientOrderId: 'ghost', time: epochMs(1) });
    expect(outcome).toEqual({ kind: 'refused', reason: 'accepted report for unknown order ghost' });
  });

  it('lists open orders, bracket children and entries whose fills are not yet closed out', () => {
    const entry = makeOrder({ clientOrderId: 'e1', leg: 'entry', bracket: { stopLoss: price(9), takeProfit: price(12) } });
    const exit = makeOrder({ clientOrderId: 'e1.sl.1', leg: 'stop_loss', side: 'sell', type: 'stop', stopPrice: price(9), parentId: 'e1', ocoGroup: 'e1', reduceOnly: true, quantity: quantity(10) });
    const done = makeOrder({ clientOrderId: 'd1' });
    expect(journal.insert([entry]).ok).toBe(true);
    expect(journal.insert([exit, done]).ok).toBe(true);
    journal.apply({ kind: 'cancelled', clientOrderId: 'd1', time: epochMs(3_000), reason: 'trader' });
    expect(journal.openOrders().map((o) => o.clientOrderId)).toEqual(['e1', 'e1.sl.1']);
    expect(journal.children('e1')).toEqual([exit]);
    expect(journal.entriesWithOpenExposure()).toEqual([]);
    journal.apply(fillReport(entry, 'f1', 10, 10));
    expect(journal.entriesWithOpenExposure().map((o) => o.clientOrderId)).toEqual(['e1']);
    journal.apply(fillReport(exit, 'f2', 10, 9));
    expect(journal.entriesWithOpenExposure()).toEqual([]);
  });

  it('commits its writes with synchronous=FULL and gives the connection back its NORMAL setting', () => {
    const { seen, original } = spyOnPragmas(db);
    journal.insert([makeOrder()]);
    journal.note('o1', 'cancel-requested', epochMs(2_000), 'trader');
    expect(seen.filter((s) => s === 'synchronous = FULL')).toHaveLength(2);
    expect(original('synchronous', { simple: true })).toBe(1);
    expect(journal.events('o1').at(-1)).toMatchObject({ kind: 'cancel-requested', detail: 'trader' });
  });

  it("inside a transaction someone else opened, writes as a savepoint of it: no synchronous change, a refused batch undoes only itself, the opener's rollback undoes all", () => {
    const { seen } = spyOnPragmas(db);
    db.exec('BEGIN');
    expect(journal.insert([makeOrder()]).ok).toBe(true);
    expect(journal.insert([makeOrder({ clientOrderId: 'o2' }), makeOrder()]).ok).toBe(false);
    expect(journal.apply(fillReport(makeOrder(), 'f1', 4, 10)).kind).toBe('applied');
    expect(seen).toEqual([]);
    expect(journal.has('o1')).toBe(true);
    expect(journal.has('o2')).toBe(false);
    db.exec('ROLLBACK');
    expect(journal.has('o1')).toBe(false);
    expect(db.prepare('SELECT count(*) FROM fills').pluck().get()).toBe(0);
  });
});
