import { afterAll, beforeAll, expect, it } from 'vitest';
import { chooseRiskSizer } from '../../core/desk/risk-serving.js';
import { epochMs } from '../../core/market/units.js';
import { BarStore } from '../../core/storage/bar-store.js';
import type { Db } from '../../core/storage/open-database.js';
import { ProposalStore } from '../../core/trading/proposals/proposal-store.js';
import { runStoredBarsPaperSession } from '../../core/trading/session/stored-bars-paper-run.js';
import { describeWithSharedData } from '../support/shared-data.js';
import { openSharedDailySession, type SharedDailySession } from './support/shared-daily-session.js';

// The shipped DQN risk model sizing a replayed daily session end to end (real SQLite files, real bars):
// every trade carries the model's and the baseline's answers, the model's re-evaluations move brackets or
// cut sizes under automation, and the exits never sell more than is held.

const SYMBOLS = ['AAPL', 'IBM', 'SPY'];

describeWithSharedData('the shipped risk model in a paper session over the shared daily data', () => {
  let dbs: SharedDailySession | undefined;
  let bars: Db;
  let session: Db;
  beforeAll(() => {
    dbs = openSharedDailySession('desk-risk-real-', SYMBOLS);
    ({ bars, session } = dbs);
  });
  afterAll(() => {
    dbs?.close();
  });

  it('sizes every trade with the model beside the baseline, and its confirmed adjustments keep the exits within the position', async () => {
    const risk = chooseRiskSizer({ interval: '1d' });
    expect(risk.fallbackReason).toBeUndefined();
    const r = await runStoredBarsPaperSession({
      db: session, bars: new BarStore(bars), symbols: SYMBOLS, interval: '1d', auto: true, minConfidence: 0, risk,
      from: epochMs(Date.UTC(2014, 0, 1)), to: epochMs(Date.UTC(2016, 11, 31)),
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.riskSizer).toEqual({ kind: 'model', id: risk.serving.id });
    const proposals = new ProposalStore(session).createdBetween(epochMs(0), epochMs(Number.MAX_SAFE_INTEGER));
    const signals = proposals.filter((p) => p.kind === 'signal');
    expect(signals.length).toBeGreaterThan(5);
    for (const p of signals) {
      const s = p.sizing as { serving: { sizer: string; quantity: number; stopLoss: number }; baseline: { sizer: string } };
      expect(s.serving.sizer).toBe(risk.serving.id);
      expect(s.baseline.sizer).toBe('baseline:vol-target-atr');
      expect(p.stopLoss).toBe(s.serving.stopLoss);
      expect(p.quantity).toBeLessThanOrEqual(s.serving.quantity);
    }
    const adjustments = proposals.filter((p) => p.kind === 'adjustment');
    expect(adjustments.length).toBeGreaterThan(0);
    // Under automation every adjustment is confirmed: none is left to expire because the order path refused it.
    expect(adjustments.filter((p) => p.status !== 'confirmed')).toEqual([]);
    // The books equal the fills, and no fill predates the proposal that caused it.
    const net = session.prepare<[], { symbol: string; q: number }>(
      "SELECT symbol, sum(CASE side WHEN 'buy' THEN quantity ELSE -quantity END) AS q FROM fills GROUP BY symbol HAVING q != 0 ORDER BY symbol",
    ).all();
    expect(r.value.positions.map((p) => ({ symbol: p.symbol, q: p.quantity }))).toEqual(net);
    expect(session.prepare('SELECT count(*) FROM fills f JOIN proposals p ON p.client_order_id = f.client_order_id WHERE f.time <= p.created_at').pluck().get()).toBe(0);
    // Working stops protect at most what is held in each symbol.
    const stops = session.prepare<[], { symbol: string; q: number }>(
      "SELECT symbol, sum(quantity - filled_quantity) AS q FROM orders WHERE leg = 'stop_loss' AND status IN ('new', 'accepted', 'partially_filled') GROUP BY symbol",
    ).all();
    for (const s of stops) expect(s.q).toBeLessThanOrEqual(Math.abs(r.value.positions.find((p) => p.symbol === s.symbol)?.quantity ?? 0) + 1e-9);
  });
});
