import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bar } from '../../market/bar.js';
import { epochMs, price, quantity, type Price } from '../../market/units.js';
import { volTargetAtrSizer } from '../../ml/risk/baselines/vol-target-sizer.js';
import { RiskAdvisor } from '../../ml/risk/risk-advisor.js';
import type { RiskDecision, RiskSizer } from '../../ml/risk/risk-sizer.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { DAY0 } from '../../storage/testing/bar-fixtures.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { ManualClock } from '../../time/manual-clock.js';
import { err, ok, type Result } from '../../util/result.js';
import type { OrderRequest } from '../order.js';
import { InMemoryLedger } from '../portfolio/ledger.js';
import { Portfolio } from '../portfolio/portfolio.js';
import { makeFill } from '../portfolio/testing-fills.js';
import type { AutomationPolicy } from './automation.js';
import type { BreakoutSignal } from './breakout-signal.js';
import { ProposalDesk, type SubmitOrder } from './proposal-desk.js';
import { ProposalStore } from './proposal-store.js';

const DAY = 86_400_000;
const signal: BreakoutSignal = {
  id: 'baseline:AAA:1d:1', modelId: 'baseline', symbol: 'AAA', interval: '1d', barTime: epochMs(DAY0), at: epochMs(DAY0 + 72_000_000),
  direction: 'up', entry: price(100), stop: price(98), target: price(104), volatility: 2, confidence: 0.35,
  prediction: { probability: 0.4, direction: 'UP', confidence: 0.35, targetPrice: 104, timeHorizon: 65, riskScore: 0.6 },
  servedBy: { kind: 'baseline', reason: 'test' }, reasons: ['close 100 above resistance'],
};
/** Close 100 every day with a 2-point range: ATR(14) = 2 exactly, volatility 2 %. */
const flatBars = (n: number): Bar[] => Array.from({ length: n }, (_, i) => ({
  symbol: 'AAA', interval: '1d' as const, time: epochMs(DAY0 - (n - 1 - i) * DAY), open: price(100), high: price(101), low: price(99), close: price(100), volume: quantity(1000),
}));

const decision = (over: Partial<RiskDecision>): RiskDecision => ({
  recommendedPosition: 15, quantity: 150, stopLoss: 97.5, takeProfit: 105, maxDrawdown: 0.375, volatilityAdjustment: 0.8, sizer: 'risk:test', note: 'action 7', ...over,
});

describe('ProposalDesk sized by a risk model', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let clock: ManualClock;
  let ledger: InMemoryLedger;
  let sent: OrderRequest[];
  let amended: { symbol: string; side: string; stopLoss: number; takeProfit: number }[];
  let answer: Result<RiskDecision, string>;
  const marks = new Map<string, Price>([['AAA', price(100)]]);
  const model: RiskSizer = { id: 'risk:test', kind: 'model', size: () => answer };
  const submit: SubmitOrder = (r) => {
    sent.push(r);
    db.prepare(`INSERT INTO orders (client_order_id, broker, leg, symbol, side, type, quantity, time_in_force, status, origin_kind,
      proposal_id, model_id, created_at, updated_at) VALUES (?, 'paper', 'single', ?, ?, 'market', ?, 'gtc', 'new', 'proposal', ?, ?, 0, 0)`)
      .run(r.clientOrderId, r.symbol, r.side, r.quantity, r.origin.proposalId ?? null, r.origin.modelId ?? null);
    return ok(r.clientOrderId);
  };
  const desk = (o: { automation?: AutomationPolicy; maxOrderQuantity?: number; amend?: boolean; bracket?: { stopLoss: number; takeProfit: number } } = {}): ProposalDesk => {
    const portfolio = new Portfolio(ledger);
    const risk = new RiskAdvisor({ serving: model, baseline: volTargetAtrSizer(), portfolio, mark: (s) => marks.get(s) });
    for (const b of flatBars(20)) risk.onBar(b);
    return new ProposalDesk({
      store: new ProposalStore(db), clock, portfolio, market: { lastPrice: (s) => marks.get(s) }, submit, ttlMs: 60_000, risk,
      sizer: { riskPerTrade: 0.01, referenceVolatility: 0.02, maxPositionWeight: 0.2, ...(o.maxOrderQuantity === undefined ? {} : { maxOrderQuantity: o.maxOrderQuantity }) },
      ...(o.automation === undefined ? {} : { automation: o.automation }),
      bracketOf: () => o.bracket,
      ...(o.amend === false ? {} : { amendBracket: (symbol: string, side: string, b: { stopLoss: number; takeProfit: number }) => {
        amended.push({ symbol, side, ...b });
        return ok('entry-1');
      } }),
    });
  };
  const value = <T>(r: Result<T, string>): T => {
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  const hold = (n: number): void => ledger.addFill(makeFill('AAA', 'buy', n, 100, DAY0 - 3 * DAY));

  beforeEach(() => {
    tmp = makeTempDir('desk-risk-proposals-');
    db = openDatabase(tmp.file('desk.db'));
    clock = new ManualClock(DAY0 + 72_000_000);
    ledger = new InMemoryLedger([], [{ time: epochMs(0), amount: 100_000, note: 'start' }]);
    sent = [];
    amended = [];
    answer = ok(decision({}));
    // The bracketed entry that opened the position: what a confirmed stop move is linked to.
    db.prepare(`INSERT INTO orders (client_order_id, broker, leg, symbol, side, type, quantity, time_in_force, status, origin_kind,
      created_at, updated_at) VALUES ('entry-1', 'paper', 'entry', 'AAA', 'buy', 'market', 150, 'gtc', 'filled', 'proposal', 0, 0)`).run();
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  describe('sizing a signal', () => {
    it('takes the model\'s quantity, stop and target and keeps the vol-target baseline\'s answer beside it', async () => {
      const p = value(await desk().proposeSignal(signal));
      expect(p).toMatchObject({ kind: 'signal', quantity: 150, stopLoss: 97.5, takeProfit: 105 });
      expect(p.sizing).toMatchObject({
        method: 'risk-sizer', servedBy: { kind: 'model', id: 'risk:test' }, clippedBy: null, requestedQuantity: 150,
        serving: { quantity: 150, stopLoss: 97.5, sizer: 'risk:test' },
        // ATR 2 on 100: 0.2 % risk over 2 = 100 shares, stop 98, target 104.
        baseline: { quantity: 100, stopLoss: 98, takeProfit: 104, recommendedPosition: 10, sizer: 'baseline:vol-target-atr' },
        state: { positionDetails: { symbol: 'AAA', currentWeight: 0 } },
      });
      expect(new ProposalStore(db).get(p.id)?.sizing).toEqual(p.sizing);
    });

    it('clips the model\'s quantity to the 20 % position weight and says so', async () => {
      answer = ok(decision({ quantity: 500, recommendedPosition: 50 }));
      const p = value(await desk().proposeSignal(signal));
      expect(p.quantity).toBe(200);
      expect(p.sizing).toMatchObject({ clippedBy: 'max-position-weight', requestedQuantity: 500, limitNote: 'quantity clipped from 500 to 200 by max-position-weight' });
    });

    it('clips to the pre-trade per-order quantity limit when it is tighter', async () => {
      const p = value(await desk({ maxOrderQuantity: 120 }).proposeSignal(signal));
      expect(p.quantity).toBe(120);
      expect(p.sizing).toMatchObject({ clippedBy: 'max-order-quantity' });
    });

    it('orders only the difference to what is already held the same way', async () => {
      hold(100);
      const p = value(await desk().proposeSignal(signal));
      expect(p.quantity).toBe(50);
    });

    it('falls back to the baseline\'s answer when the model refuses the input, and says why', async () => {
      answer = err('state out of the training range');
      const p = value(await desk().proposeSignal(signal));
      expect(p).toMatchObject({ quantity: 100, stopLoss: 98, takeProfit: 104 });
      expect(String((p.sizing['serving'] as { note: string }).note)).toContain('risk:test refused (state out of the training range)');
    });

    it('does not propose a trade the model sizes to 0 shares', async () => {
      answer = ok(decision({ quantity: 0, recommendedPosition: 0 }));
      expect(await desk().proposeSignal(signal)).toEqual({ ok: false, error: expect.stringContaining('sized to 0 shares') });
    });
  });

  describe('re-evaluating an open position', () => {
    const bracket = { stopLoss: 95, takeProfit: 110 };

    it('proposes a tighter stop as an adjustment, one pending per position, and confirming moves the bracket', async () => {
      hold(150);
      answer = ok(decision({ stopLoss: 98, takeProfit: 110 }));
      const d = desk({ bracket });
      const p = value(await d.review('AAA'));
      expect(p).toMatchObject({ kind: 'adjustment', side: 'sell', reduceOnly: true, quantity: 150, stopLoss: 98, takeProfit: 110, modelId: 'risk:test', status: 'pending' });
      expect(p?.sizing).toMatchObject({ changes: ['stop'], sizeCut: 0, before: { quantity: 150, stopLoss: 95, takeProfit: 110 }, after: { quantity: 150, stopLoss: 98 } });
      answer = ok(decision({ stopLoss: 99, takeProfit: 110 }));
      expect(value(await d.review('AAA'))).toBeUndefined();
      const c = value(await d.confirm(p?.id ?? ''));
      expect(c).toMatchObject({ status: 'confirmed', decidedBy: 'trader' });
      // A move alone creates no order.
      expect(c.clientOrderId).toBeUndefined();
      expect(c.decisionReason).toContain('bracket of entry-1 moved to stop 98, target 110');
      expect(amended).toEqual([{ symbol: 'AAA', side: 'buy', stopLoss: 98, takeProfit: 110 }]);
      expect(sent).toEqual([]);
    });

    it('answers a review without a promise unless an automatic confirmation has to go through the order path', async () => {
      hold(150);
      answer = ok(decision({ stopLoss: 96.8, takeProfit: 110 }));
      expect(desk({ bracket }).review('AAA')).toEqual({ ok: true, value: undefined });
      answer = ok(decision({ stopLoss: 98, takeProfit: 110 }));
      const waiting = desk({ bracket }).review('AAA');
      expect(waiting instanceof Promise ? 'promise' : value(waiting)?.status).toBe('pending');
      clock.advanceBy(DAY);
      const automated = desk({ bracket, automation: { bySymbol: { AAA: { enabled: true, minConfidence: 0.9, maxPositionWeight: 0.1 } } } }).review('AAA');
      expect(automated).toBeInstanceOf(Promise);
      expect(value(await automated)).toMatchObject({ status: 'confirmed' });
    });

    it('proposes again once the pending adjustment expired', async () => {
      hold(150);
      answer = ok(decision({ stopLoss: 97.5, takeProfit: 110 }));
      const d = desk({ bracket });
      const first = value(await d.review('AAA'));
      answer = ok(decision({ stopLoss: 99.5, takeProfit: 110 }));
      expect(value(await d.review('AAA'))).toBeUndefined();
      clock.advanceBy(60_000);
      expect(d.get(first?.id ?? '')?.status).toBe('expired');
      expect(value(await d.review('AAA'))).toMatchObject({ kind: 'adjustment', stopLoss: 99.5, status: 'pending' });
    });

    it('ignores a stop move under one ATR and never widens a stop', async () => {
      hold(150);
      answer = ok(decision({ stopLoss: 96.8, takeProfit: 110 }));
      expect(value(await desk({ bracket }).review('AAA'))).toBeUndefined();
      answer = ok(decision({ stopLoss: 92, takeProfit: 110 }));
      expect(value(await desk({ bracket }).review('AAA'))).toBeUndefined();
    });

    it('moves the target when the model\'s differs by one ATR or more, keeping the working stop', async () => {
      hold(150);
      answer = ok(decision({ stopLoss: 95, takeProfit: 106 }));
      const p = value(await desk({ bracket }).review('AAA'));
      expect(p).toMatchObject({ stopLoss: 95, takeProfit: 106 });
      expect(p?.sizing).toMatchObject({ changes: ['target'] });
    });

    it('only cuts the size of a position without a working bracket, or with one the price went through', async () => {
      hold(150);
      answer = ok(decision({ stopLoss: 98, takeProfit: 106 }));
      expect(value(await desk().review('AAA'))).toBeUndefined();
      expect(value(await desk({ bracket: { stopLoss: 101, takeProfit: 110 } }).review('AAA'))).toBeUndefined();
      answer = ok(decision({ quantity: 60, stopLoss: 98, takeProfit: 106 }));
      expect(value(await desk().review('AAA'))?.sizing).toMatchObject({ changes: ['size'], sizeCut: 90 });
    });

    it('cuts the size with a reduce-only order when the model wants a quarter less or more', async () => {
      hold(200);
      answer = ok(decision({ quantity: 100, stopLoss: 95, takeProfit: 110 }));
      const d = desk({ bracket });
      const p = value(await d.review('AAA'));
      expect(p).toMatchObject({ quantity: 100, side: 'sell' });
      expect(p?.sizing).toMatchObject({ changes: ['size'], sizeCut: 100, after: { quantity: 100 } });
      value(await d.confirm(p?.id ?? ''));
      expect(sent).toMatchObject([{ side: 'sell', quantity: 100, reduceOnly: true, type: 'market' }]);
      expect(amended).toEqual([]);
    });

    it('does not re-propose a rejected adjustment until the model moves materially again', async () => {
      hold(150);
      answer = ok(decision({ stopLoss: 97, takeProfit: 110 }));
      const d = desk({ bracket });
      const p = value(await d.review('AAA'));
      value(d.reject(p?.id ?? '', 'I keep my stop'));
      clock.advanceBy(DAY);
      expect(value(await d.review('AAA'))).toBeUndefined();
      answer = ok(decision({ stopLoss: 99.5, takeProfit: 110 }));
      expect(value(await d.review('AAA'))).toMatchObject({ kind: 'adjustment', stopLoss: 99.5 });
    });

    it('is auto-confirmed when automation is on for the symbol, even for a position above the rule\'s weight cap', async () => {
      hold(150);
      answer = ok(decision({ stopLoss: 98, takeProfit: 110 }));
      const p = value(await desk({ bracket, automation: { bySymbol: { AAA: { enabled: true, minConfidence: 0.9, maxPositionWeight: 0.1 } } } }).review('AAA'));
      expect(p).toMatchObject({ status: 'confirmed', decidedBy: 'automation' });
      expect(amended).toHaveLength(1);
    });

    it('refuses to confirm a stop move on a desk that cannot amend a bracket, leaving it pending', async () => {
      hold(150);
      answer = ok(decision({ stopLoss: 98, takeProfit: 110 }));
      const d = desk({ bracket, amend: false });
      const p = value(await d.review('AAA'));
      expect(await d.confirm(p?.id ?? '')).toEqual({ ok: false, error: expect.stringContaining('cannot move a working bracket') });
      expect(d.get(p?.id ?? '')?.status).toBe('pending');
    });

    it('refuses to edit an adjustment and proposes nothing for a flat symbol', async () => {
      expect(value(await desk({ bracket }).review('AAA'))).toBeUndefined();
      hold(150);
      answer = ok(decision({ stopLoss: 98, takeProfit: 110 }));
      const d = desk({ bracket });
      const p = value(await d.review('AAA'));
      expect(d.edit(p?.id ?? '', { quantity: 10 })).toEqual({ ok: false, error: expect.stringContaining('an adjustment is confirmed or rejected') });
    });
  });
});
