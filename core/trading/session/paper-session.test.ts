import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochMs } from '../../market/units.js';
import { BarStore } from '../../storage/bar-store.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { ManualClock } from '../../time/manual-clock.js';
import { ProposalStore } from '../proposals/proposal-store.js';
import { PreTradeChecks } from '../risk/pre-trade-checks.js';
import type { PaperSessionReport } from './paper-session.js';
import { runSimulatedPaperSession } from './simulated-paper-run.js';
import { runStoredBarsPaperSession } from './stored-bars-paper-run.js';

/** The baseline claims no confidence (0): automating it means a threshold of 0. */
const BASELINE_AUTO = { auto: true, minConfidence: 0 } as const;

const value = (r: { ok: true; value: PaperSessionReport } | { ok: false; error: string }): PaperSessionReport => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('paper session on the simulator', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  const dbs: Db[] = [];
  const open = (name: string): Db => {
    const db = openDatabase(tmp.file(name));
    dbs.push(db);
    return db;
  };
  beforeEach(() => {
    tmp = makeTempDir('desk-paper-');
  });
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    tmp.remove();
  });

  it('with automation: signals become confirmed proposals, orders and fills; the books agree with the ledger', async () => {
    const db = open('a.db');
    const r = value(await runSimulatedPaperSession({ db, seed: 7, bars: 150, ...BASELINE_AUTO }));
    expect(r.bars).toBe(150 * 6);
    expect(r.proposals.confirmed).toBeGreaterThan(5);
    // Each confirmed trade fills its entry and later an exit; confirmed risk adjustments mostly move a bracket (no fill).
    const trades = db.prepare<[], number>("SELECT count(*) FROM proposals WHERE kind = 'signal' AND status = 'confirmed'").pluck().get() ?? 0;
    expect(r.fills.length).toBeGreaterThan(trades);
    // Equity is cash plus positions at the marks, and P&L accounts for every dollar.
    expect(r.summary.equity).toBeCloseTo(r.summary.cash + r.summary.marketValue, 6);
    expect(r.summary.realisedPnl + r.summary.unrealisedPnl).toBeCloseTo(r.summary.equity - 100_000, 6);
    expect(r.equityCurve.at(-1)?.equity).toBeCloseTo(r.summary.equity, 6);
    // Positions equal the fills in the journal, summed plainly.
    const net = db.prepare<[], { symbol: string; q: number }>(
      "SELECT symbol, sum(CASE side WHEN 'buy' THEN quantity ELSE -quantity END) AS q FROM fills GROUP BY symbol HAVING q != 0 ORDER BY symbol",
    ).all();
    expect(r.positions.map((p) => ({ symbol: p.symbol, q: p.quantity }))).toEqual(net);
    // Every entry fill traces back to a proposal confirmed by automation, and fills after the signal's bar closed.
    const trail = db.prepare<[], { decided_by: string; created_at: number; fill_time: number }>(`
      SELECT p.decided_by, p.created_at, f.time AS fill_time FROM fills f JOIN orders o ON o.client_order_id = f.client_order_id
      JOIN proposals p ON p.client_order_id = o.client_order_id`).all();
    expect(trail.length).toBeGreaterThan(0);
    for (const t of trail) {
      expect(t.decided_by).toBe('automation');
      expect(t.fill_time).toBeGreaterThan(t.created_at);
    }
    expect(r.trades).toBe(r.summary.closingFills);
    expect(r.winRate).toBe(r.summary.winningFills / r.summary.closingFills);
  });

  it('is deterministic: the same seed gives the same fills', async () => {
    const a = value(await runSimulatedPaperSession({ db: open('a.db'), seed: 11, bars: 80, ...BASELINE_AUTO }));
    const b = value(await runSimulatedPaperSession({ db: open('b.db'), seed: 11, bars: 80, ...BASELINE_AUTO }));
    expect(b.fills).toEqual(a.fills);
    expect(b.summary).toEqual(a.summary);
  });

  it('without automation or a trader nothing is traded and proposals expire', async () => {
    const db = open('c.db');
    const r = value(await runSimulatedPaperSession({ db, seed: 7, bars: 150 }));
    expect(r.signals).toBeGreaterThan(0);
    expect(r.fills).toEqual([]);
    expect(r.proposals.confirmed).toBe(0);
    expect(r.proposals.expired).toBeGreaterThan(0);
    expect(r.summary.equity).toBe(100_000);
  });

  it('hands each new proposal to the trader callback, whose rejections are recorded with the reason', async () => {
    const db = open('d.db');
    const r = value(await runSimulatedPaperSession({ db, seed: 7, bars: 150, decide: () => ({ action: 'reject', reason: 'not today' }) }));
    expect(r.proposals.rejected).toBeGreaterThan(0);
    expect(r.proposals.rejected + r.proposals.expired + r.proposals.pending).toBe(r.signals - r.notProposed);
    const rejected = new ProposalStore(db).createdBetween(epochMs(0), epochMs(Number.MAX_SAFE_INTEGER)).filter((p) => p.status === 'rejected');
    expect(rejected.every((p) => p.decisionReason === 'not today' && p.decidedBy === 'trader')).toBe(true);
  });

  it('proposes rebalancing trades on the same path and sends them reduce-only when confirmed', async () => {
    const db = open('f.db');
    const r = value(await runSimulatedPaperSession({
      db, seed: 7, bars: 150, decide: () => ({ action: 'confirm' }), rebalance: { maxWeight: 0.05, cashFloor: 0.9 },
    }));
    const rebalances = db.prepare<[], { status: string; reduce_only: number; order_reduce_only: number | null }>(`
      SELECT p.status, p.reduce_only, o.reduce_only AS order_reduce_only FROM proposals p
      LEFT JOIN orders o ON o.client_order_id = p.client_order_id WHERE p.kind = 'rebalance'`).all();
    expect(rebalances.length).toBeGreaterThan(0);
    const confirmed = rebalances.filter((x) => x.status === 'confirmed');
    expect(confirmed.length).toBeGreaterThan(0);
    expect(confirmed.every((x) => x.reduce_only === 1 && x.order_reduce_only === 1)).toBe(true);
    expect(r.trades).toBeGreaterThan(0);
  });

  it('with the kill switch on, automation sends nothing: every confirmation is refused by rule and no fill happens', async () => {
    const db = open('k.db');
    const gate = PreTradeChecks.open(db, new ManualClock(0));
    if (!gate.ok) throw new Error(gate.error);
    gate.value.setKillSwitch(true, { actor: 'test', reason: 'desk closed' });
    const r = value(await runSimulatedPaperSession({ db, seed: 7, bars: 150, ...BASELINE_AUTO }));
    expect(r.signals).toBeGreaterThan(0);
    expect(r.fills).toEqual([]);
    expect(r.proposals.confirmed).toBe(0);
    expect(r.denials.length).toBeGreaterThan(0);
    expect(new Set(r.denials.map((d) => d.ruleId))).toEqual(new Set(['kill-switch']));
  });

  it('refuses a replay with no stored bars, naming the symbols', async () => {
    const db = open('g.db');
    const r = await runStoredBarsPaperSession({ db, bars: new BarStore(db), symbols: ['NONE'], interval: '1d', from: epochMs(0) });
    expect(r).toEqual({ ok: false, error: 'no stored 1d bars for NONE up to the range asked' });
  });

  it('refuses a non-positive bar count', async () => {
    expect(await runSimulatedPaperSession({ db: open('e.db'), seed: 1, bars: 0 })).toEqual({ ok: false, error: 'bars must be a positive whole number, got 0' });
  });
});
