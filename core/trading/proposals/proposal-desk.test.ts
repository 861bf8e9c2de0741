import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY0 } from '../../storage/testing/bar-fixtures.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { epochMs, price, type Price } from '../../market/units.js';
import { ManualClock } from '../../time/manual-clock.js';
import { err, ok, type Result } from '../../util/result.js';
import type { OrderRequest } from '../order.js';
import { InMemoryLedger } from '../portfolio/ledger.js';
import { Portfolio } from '../portfolio/portfolio.js';
import { makeFill } from '../portfolio/testing-fills.js';
import type { BreakoutSignal } from './breakout-signal.js';
import { ProposalDesk, type SubmitOrder } from './proposal-desk.js';
import { ProposalStore } from './proposal-store.js';
import type { Proposal } from './proposal.js';

const signal = (over: Partial<BreakoutSignal> = {}): BreakoutSignal => ({
  id: 'baseline-breakout-v1:AAA:1d:1', modelId: 'baseline-breakout-v1', symbol: 'AAA', interval: '1d',
  barTime: epochMs(DAY0), at: epochMs(DAY0 + 72_000_000), direction: 'up',
  entry: price(100), stop: price(97), target: price(106), volatility: 2, confidence: 0.35,
  prediction: { probability: 0.4, direction: 'UP', confidence: 0.35, targetPrice: 106, timeHorizon: 65, riskScore: 0.6 },
  servedBy: { kind: 'baseline', reason: 'test' },
  reasons: ['close 100 above 20-bar resistance 99', 'volume 2.0× its 20-bar mean'], ...over,
});

/** Journals a bare order row, as the OrderManager would before answering, so the proposal can link it. */
function journallingSubmit(db: Db, sent: OrderRequest[], refuse?: string): SubmitOrder {
  return (r) => {
    sent.push(r);
    if (refuse !== undefined) return err(refuse);
    db.prepare(`INSERT INTO orders (client_order_id, broker, leg, symbol, side, type, quantity, time_in_force, status, origin_kind,
      proposal_id, model_id, created_at, updated_at) VALUES (?, 'paper', 'entry', ?, ?, 'market', ?, 'gtc', 'new', 'proposal', ?, ?, 0, 0)`)
      .run(r.clientOrderId, r.symbol, r.side, r.quantity, r.origin.proposalId ?? null, r.origin.modelId ?? null);
    return ok(r.clientOrderId);
  };
}

describe('ProposalDesk', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let clock: ManualClock;
  let ledger: InMemoryLedger;
  let sent: OrderRequest[];
  let marks: Map<string, Price>;
  const desk = (over: { submit?: SubmitOrder; automation?: ConstructorParameters<typeof ProposalDesk>[0]['automation'] } = {}): ProposalDesk =>
    new ProposalDesk({
      store: new ProposalStore(db), clock, portfolio: new Portfolio(ledger), market: { lastPrice: (s) => marks.get(s) },
      submit: over.submit ?? journallingSubmit(db, sent), ttlMs: 60_000, ...(over.automation === undefined ? {} : { automation: over.automation }),
    });
  const value = <T>(r: Result<T, string>): T => {
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };

  beforeEach(() => {
    tmp = makeTempDir('desk-proposals-');
    db = openDatabase(tmp.file('desk.db'));
    clock = new ManualClock(DAY0 + 72_000_000);
    ledger = new InMemoryLedger([], [{ time: epochMs(0), amount: 100_000, note: 'start' }]);
    sent = [];
    marks = new Map([['AAA', price(100)]]);
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('turns a signal into a sized, persisted proposal with its prediction, reasons and sizing', async () => {
    const p = value(await desk().proposeSignal(signal()));
    // 1 % of 100,000 over a 3.00 stop allows 333 shares; the 20 % cap allows 200 at 100, so the cap binds
    expect(p).toMatchObject({ status: 'pending', side: 'buy', quantity: 200, stopLoss: 97, takeProfit: 106, kind: 'signal' });
    expect(p.sizing).toMatchObject({ bindingLimit: 'max-position-weight', riskQuantity: 1000 / 3 });
    expect(p.prediction).toMatchObject({ direction: 'up', confidence: 0.35, entry: 100, breakout: { probability: 0.4, targetPrice: 106 } });
    expect(p.predictionId).toBe('prediction:baseline-breakout-v1:AAA:1d:1');
    expect(p.reasons[0]).toBe('close 100 above 20-bar resistance 99');
    expect(new ProposalStore(db).get(p.id)).toEqual(p);
  });

  it('refuses to propose the same signal twice', async () => {
    const d = desk();
    value(await d.proposeSignal(signal()));
    const again = await d.proposeSignal(signal());
    expect(again.ok).toBe(false);
    expect(new ProposalStore(db).pending()).toHaveLength(1);
  });

  it('confirm sends a bracket order with the proposal origin and links its client order id; a second confirm is refused', async () => {
    const d = desk();
    const p = value(await d.proposeSignal(signal()));
    const confirmed = value(await d.confirm(p.id));
    expect(confirmed).toMatchObject({ status: 'confirmed', decidedBy: 'trader', clientOrderId: `${p.id}#1` });
    expect(sent).toEqual([
      expect.objectContaining({
        symbol: 'AAA', side: 'buy', type: 'market', quantity: 200, timeInForce: 'gtc',
        bracket: { stopLoss: 97, takeProfit: 106 }, origin: { kind: 'proposal', proposalId: p.id, modelId: 'baseline-breakout-v1', predictionId: 'prediction:baseline-breakout-v1:AAA:1d:1' },
      }),
    ]);
    const twice = await d.confirm(p.id);
    expect(twice).toEqual({ ok: false, error: expect.stringMatching(/already confirmed by trader/) });
    expect(sent).toHaveLength(1);
  });

  it('refuses a concurrent second confirm while the first is in flight', async () => {
    let release: (r: Result<string, string>) => void = () => undefined;
    const inner = journallingSubmit(db, sent);
    const d = desk({
      submit: (r) => new Promise((resolve) => {
        release = () => resolve(inner(r) as Result<string, string>);
      }),
    });
    const p = value(await d.proposeSignal(signal()));
    const first = d.confirm(p.id);
    const second = await d.confirm(p.id);
    expect(second.ok).toBe(false);
    release(ok(''));
    expect((await first).ok).toBe(true);
    expect(sent).toHaveLength(1);
  });

  it('keeps the proposal pending when the order path refuses, and the retry uses a fresh client order id', async () => {
    let refuse: string | undefined = 'max-position: too big';
    const inner = journallingSubmit(db, sent);
    const d = desk({ submit: (r) => (refuse === undefined ? inner(r) : (sent.push(r), err(refuse))) });
    const p = value(await d.proposeSignal(signal()));
    expect(await d.confirm(p.id)).toEqual({ ok: false, error: `order for ${p.id} refused: max-position: too big` });
    expect(d.get(p.id)?.status).toBe('pending');
    refuse = undefined;
    expect(value(await d.confirm(p.id)).clientOrderId).toBe(`${p.id}#2`);
  });

  it('rejects with a reason, and refuses a reject without one or after a decision', async () => {
    const d = desk();
    const p = value(await d.proposeSignal(signal()));
    expect(d.reject(p.id, '  ').ok).toBe(false);
    expect(value(d.reject(p.id, 'earnings tomorrow'))).toMatchObject({ status: 'rejected', decisionReason: 'earnings tomorrow', decidedBy: 'trader' });
    expect((await d.confirm(p.id)).ok).toBe(false);
    expect(d.reject('nope', 'x').ok).toBe(false);
  });

  it('expires an undecided proposal at expires_at on the clock, after which it cannot be confirmed', async () => {
    const d = desk();
    const p = value(await d.proposeSignal(signal()));
    clock.advanceBy(59_999);
    expect(d.get(p.id)?.status).toBe('pending');
    clock.advanceBy(1);
    expect(d.get(p.id)).toMatchObject({ status: 'expired', decidedBy: 'system' });
    expect((await d.confirm(p.id)).ok).toBe(false);
    expect(sent).toHaveLength(0);
  });

  it('expireDue catches up proposals whose timers were stopped', async () => {
    const d = desk();
    const p = value(await d.proposeSignal(signal()));
    d.close();
    clock.advanceBy(120_000);
    expect(d.get(p.id)?.status).toBe('pending');
    expect(d.expireDue()).toBe(1);
    expect(d.get(p.id)?.status).toBe('expired');
  });

  it('edits re-size on a new stop, keep the history, and refuse broken geometry or limits with a reason', async () => {
    const d = desk();
    const p = value(await d.proposeSignal(signal()));
    // wider stop: 1,000 / 8 = 125 shares
    const wider = value(d.edit(p.id, { stopLoss: 92 }));
    expect(wider).toMatchObject({ quantity: 125, stopLoss: 92, takeProfit: 106 });
    expect(wider.edits).toEqual([{ at: clock.now(), before: { quantity: 200, stopLoss: 97, takeProfit: 106 }, after: { quantity: 125, stopLoss: 92, takeProfit: 106 } }]);
    expect(d.edit(p.id, { stopLoss: 101 })).toEqual({ ok: false, error: `edit of ${p.id} refused: stop 101 must be below the price 100 for a buy` });
    expect(d.edit(p.id, { takeProfit: 99 }).ok).toBe(false);
    expect(d.edit(p.id, { quantity: 126 })).toEqual({ ok: false, error: expect.stringMatching(/risks 1008.00 at the stop, above the 1.0% risk limit of 1000.00/) });
    expect(d.edit(p.id, { quantity: 2.5 }).ok).toBe(false);
    expect(value(d.edit(p.id, { quantity: 100 })).quantity).toBe(100);
    expect(d.get(p.id)?.edits).toHaveLength(2);
    value(await d.confirm(p.id));
    expect(sent[0]).toMatchObject({ quantity: 100, bracket: { stopLoss: 92, takeProfit: 106 } });
    expect(d.edit(p.id, { quantity: 50 }).ok).toBe(false);
  });

  it('refuses an edit that would take the position past the max weight', async () => {
    const d = desk();
    const p = value(await d.proposeSignal(signal({ stop: price(99.5) })));
    // risk allows 2,000 shares at 0.50, the 20 % cap allows 200
    expect(p.quantity).toBe(200);
    expect(d.edit(p.id, { quantity: 201 })).toEqual({ ok: false, error: expect.stringMatching(/past the 20.0% position limit \(200 shares allowed\)/) });
  });

  it('auto-confirms only where automation is on and confidence clears the threshold, recorded as automation', async () => {
    const off = desk();
    const p1 = value(await off.proposeSignal(signal()));
    expect(p1.status).toBe('pending');

    const on = desk({ automation: { bySymbol: { BBB: { enabled: true, minConfidence: 0.3, maxPositionWeight: 0.25 } } } });
    marks.set('BBB', price(100));
    const p2 = value(await on.proposeSignal(signal({ id: 's2', symbol: 'BBB' })));
    expect(p2).toMatchObject({ status: 'confirmed', decidedBy: 'automation', clientOrderId: `${p2.id}#1` });
    expect(p2.decisionReason).toMatch(/symbol BBB rule: confidence 0.35 ≥ 0.3/);

    const strict = desk({ automation: { byModel: { 'baseline-breakout-v1': { enabled: true, minConfidence: 0.5, maxPositionWeight: 1 } } } });
    expect(value(await strict.proposeSignal(signal({ id: 's3' }))).status).toBe('pending');
  });

  it('does not auto-confirm past the automation position limit', async () => {
    ledger.addFill(makeFill('AAA', 'buy', 100, 100));
    const d = desk({ automation: { byModel: { 'baseline-breakout-v1': { enabled: true, minConfidence: 0, maxPositionWeight: 0.15 } } } });
    const p = value(await d.proposeSignal(signal()));
    // held 100 (10 %), cap leaves 100 more → 20 % after the trade > 15 %
    expect(p).toMatchObject({ status: 'pending', quantity: 100 });
  });

  it('does not propose a signal the sizer cannot size', async () => {
    marks.set('AAA', price(96));
    expect(await desk().proposeSignal(signal())).toEqual({ ok: false, error: expect.stringMatching(/stop 97 must be below the entry 96/) });
    ledger.addFill(makeFill('AAA', 'buy', 250, 96));
    marks.set('AAA', price(100));
    expect(await desk().proposeSignal(signal())).toEqual({ ok: false, error: expect.stringMatching(/sized to 0 shares/) });
  });

  it('carries a rebalance suggestion as a reduce-only proposal whose quantity edits stay within the position', async () => {
    ledger.addFill(makeFill('AAA', 'buy', 400, 100));
    const d = desk();
    const p = value(d.proposeRebalance({ kind: 'trim', symbol: 'AAA', side: 'sell', quantity: 150, mark: price(100), reason: 'AAA is 40% of equity' }));
    expect(p).toMatchObject({ kind: 'rebalance', reduceOnly: true, quantity: 150 });
    expect(p.stopLoss).toBeUndefined();
    expect(d.edit(p.id, { quantity: 401 }).ok).toBe(false);
    expect(d.edit(p.id, { stopLoss: 90 }).ok).toBe(false);
    expect(value(d.edit(p.id, { quantity: 120 })).quantity).toBe(120);
    value(await d.confirm(p.id));
    expect(sent[0]).toMatchObject({ side: 'sell', quantity: 120, reduceOnly: true });
    expect(sent[0]?.bracket).toBeUndefined();
  });

  it('hands back every proposal and decision exactly as the store reads it back, field for field and in the same order', async () => {
    const d = desk();
    const events: Proposal[] = [];
    d.onEvent((e) => {
      if (e.kind === 'decided') events.push(e.proposal);
    });
    const stored = new ProposalStore(db);
    const same = (p: Proposal): void => {
      const read = stored.get(p.id);
      expect(p).toEqual(read);
      expect(Object.keys(p)).toEqual(Object.keys(read ?? {}));
    };
    const confirmed = value(await d.confirm(value(await d.proposeSignal(signal())).id));
    const edited = value(await d.proposeSignal(signal({ id: 'baseline-breakout-v1:AAA:1d:2' })));
    same(edited);
    value(d.edit(edited.id, { quantity: 50 }));
    const rejected = value(d.reject(edited.id, 'not this one'));
    value(await d.proposeSignal(signal({ id: 'baseline-breakout-v1:AAA:1d:3', symbol: 'BBB' })));
    clock.advanceBy(60_000);
    expect(events.map((p) => [p.status, p.decidedBy])).toEqual([['confirmed', 'trader'], ['rejected', 'trader'], ['expired', 'system']]);
    expect(rejected.edits).toHaveLength(1);
    for (const p of [confirmed, rejected, ...events]) same(p);
  });

  it('tells listeners what happened', async () => {
    const d = desk();
    const kinds: string[] = [];
    const off = d.onEvent((e) => kinds.push(e.kind));
    const p = value(await d.proposeSignal(signal()));
    value(d.edit(p.id, { quantity: 10 }));
    value(d.reject(p.id, 'no'));
    off();
    value(await d.proposeSignal(signal({ id: 'other' })));
    expect(kinds).toEqual(['proposed', 'edited', 'decided']);
  });
});
