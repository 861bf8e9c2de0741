import { afterAll, beforeAll, expect, it } from 'vitest';
import { epochMs, price } from '../../core/market/units.js';
import { BarStore } from '../../core/storage/bar-store.js';
import type { Db } from '../../core/storage/open-database.js';
import { concentration, holdingWeights } from '../../core/trading/portfolio/concentration.js';
import { correlationRisk } from '../../core/trading/portfolio/correlation-risk.js';
import { runStoredBarsPaperSession } from '../../core/trading/session/stored-bars-paper-run.js';
import { describeWithSharedData } from '../support/shared-data.js';
import { openSharedDailySession, type SharedDailySession } from './support/shared-daily-session.js';

const SYMBOLS = ['AAPL', 'IBM', 'SPY'];

describeWithSharedData('paper session replayed over the shared daily data', () => {
  let dbs: SharedDailySession | undefined;
  let bars: Db;
  let session: Db;
  beforeAll(() => {
    dbs = openSharedDailySession('desk-paper-real-', SYMBOLS);
    ({ bars, session } = dbs);
  });
  afterAll(() => {
    dbs?.close();
  });

  it('trades 2010–2016 of AAPL, IBM and SPY with the baseline; the books equal the fill ledger and fills come after their signals', async () => {
    const r = await runStoredBarsPaperSession({
      db: session, bars: new BarStore(bars), symbols: SYMBOLS, interval: '1d', auto: true, minConfidence: 0,
      from: epochMs(Date.UTC(2010, 0, 1)), to: epochMs(Date.UTC(2016, 11, 31)),
    });
    if (!r.ok) throw new Error(r.error);
    const report = r.value;
    expect(report.signals).toBeGreaterThan(20);
    expect(report.fills.length).toBeGreaterThan(20);
    expect(report.summary.realisedPnl + report.summary.unrealisedPnl).toBeCloseTo(report.summary.equity - 100_000, 6);
    const net = session.prepare<[], { symbol: string; q: number }>(
      "SELECT symbol, sum(CASE side WHEN 'buy' THEN quantity ELSE -quantity END) AS q FROM fills GROUP BY symbol HAVING q != 0 ORDER BY symbol",
    ).all();
    expect(report.positions.map((p) => ({ symbol: p.symbol, q: p.quantity }))).toEqual(net);
    const early = session.prepare(`SELECT count(*) FROM fills f JOIN proposals p ON p.client_order_id = f.client_order_id WHERE f.time <= p.created_at`).pluck().get();
    expect(early).toBe(0);
  });

  it('measures AAPL, IBM and SPY as positively correlated holdings and an equal book as 1/3 concentrated', () => {
    const weights = holdingWeights(
      SYMBOLS.map((symbol) => ({ symbol, quantity: 1, avgPrice: price(1), openedAt: epochMs(0) })),
      () => undefined,
    );
    expect(concentration(weights).herfindahl).toBeCloseTo(1 / 3, 12);
    const r = correlationRisk(new BarStore(bars), weights, { lookbackDays: 250, asOf: epochMs(Date.UTC(2016, 11, 31)) });
    expect(r.pairs).toHaveLength(3);
    // Large US stocks against the index they are in: clearly positive, clearly not identical.
    expect(r.weightedAverage).toBeGreaterThan(0.3);
    expect(r.weightedAverage).toBeLessThan(0.95);
  });
});
