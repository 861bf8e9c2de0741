import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bar } from '../market/bar.js';
import { closeOffsetMs } from '../market/interval.js';
import { epochMs, price, quantity } from '../market/units.js';
import { openDatabase } from '../storage/open-database.js';
import { OrderJournal } from '../trading/orders/order-journal.js';
import { ProposalStore } from '../trading/proposals/proposal-store.js';
import { MarketSimulator } from '../feeds/simulator/market-simulator.js';
import { ManualClock } from '../time/manual-clock.js';
import { makeTempDir } from '../storage/testing/temp-dir.js';
import { isCancelledRun, loadRunBars, runBacktest } from './backtest-runner.js';
import type { BacktestConfig, BacktestResult } from './backtest-types.js';
import { inMemoryBars } from './in-memory-bars.js';

const DAY = 86_400_000;
const START = Date.UTC(2020, 0, 1);

/** Two symbols whose closes swing on a slow sine: the crossover trades every swing. */
function waveBars(symbol: string, phase: number, n: number): Bar[] {
  const out: Bar[] = [];
  for (let i = 0; i < n; i++) {
    const c = 100 + 20 * Math.sin(i / 8 + phase);
    const o = 100 + 20 * Math.sin((i - 0.5) / 8 + phase);
    out.push({
      symbol, interval: '1d', time: epochMs(START + i * DAY), open: price(o), high: price(Math.max(o, c) + 1), low: price(Math.min(o, c) - 1),
      close: price(c), volume: quantity(1_000_000),
    });
  }
  return out;
}

const bars = [...waveBars('AAA', 0, 200), ...waveBars('BBB', 1.5, 200)];
const crossover: BacktestConfig = {
  symbols: ['AAA', 'BBB'], interval: '1d', bars: inMemoryBars(bars), from: epochMs(START + 40 * DAY), warmUpBars: 40,
  strategy: { kind: 'sma-crossover', fast: 3, slow: 8, quantity: 100 },
};
const value = (r: { ok: true; value: BacktestResult } | { ok: false; error: string }): BacktestResult => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

/** A year and a half of the seeded simulator's daily bars, which make breakout signals. */
async function simulatorRun(): Promise<Pick<BacktestConfig, 'symbols' | 'interval' | 'bars'>> {
  const sim = new MarketSimulator({ seed: 8, clock: new ManualClock(Date.UTC(2024, 0, 2)), interval: '1d', historyBars: 360 });
  const simBars: Bar[] = [];
  for (const symbol of sim.symbols()) simBars.push(...(await sim.history({ symbol, interval: '1d' })));
  return { symbols: sim.symbols(), interval: '1d', bars: inMemoryBars(simBars) };
}

describe('backtest runner on the live engine', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('desk-backtest-');
  });
  afterEach(() => tmp.remove());

  it('runs the crossover over two symbols as one portfolio; fills come from the next bar, the journal keeps them', async () => {
    const file = tmp.file('run.db');
    const progress: number[] = [];
    const r = value(await runBacktest({ ...crossover, dbFile: file, onProgress: (p) => {
      progress.push(p.barsDone);
    }, progressEvery: 100 }));
    expect(r.bars).toBe(2 * 160);
    expect(progress).toEqual([100, 200, 300, 320]);
    expect(r.fills.length).toBeGreaterThan(10);
    expect(new Set(r.fills.map((f) => f.symbol))).toEqual(new Set(['AAA', 'BBB']));
    // A market order fills at the open of the bar whose close stamps the fill (plus slippage): a bar after the decision.
    const opens = new Map(bars.map((b) => [`${b.symbol}:${b.time + closeOffsetMs('1d')}`, b.open]));
    for (const f of r.fills) expect(Math.abs(f.price / (opens.get(`${f.symbol}:${f.time}`) ?? Number.NaN) - 1)).toBeLessThan(0.01);
    // The run's database is real and kept when a file is given: the fills are the journal's.
    expect(r.dbFile).toBe(file);
    const db = openDatabase(file);
    try {
      expect(db.prepare<[], { n: number }>('SELECT count(*) AS n FROM fills').get()?.n).toBe(r.fills.length);
      // The run journalled its orders in memory; the kept file holds the whole trail, read back by the desk's journal.
      const journal = new OrderJournal(db, 'paper');
      expect(journal.fills()).toEqual(r.fills);
      expect(db.prepare<[], number>('SELECT count(*) FROM orders').pluck().get()).toBe(r.fills.length);
      expect(journal.events(r.fills[0]?.clientOrderId ?? '').map((e) => e.kind)).toEqual(['created', 'accepted', 'fill']);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
    // Equity: the last point is cash plus positions at the last closes.
    const last = r.equityCurve.at(-1);
    const marks = new Map(bars.filter((b) => b.time === START + 199 * DAY).map((b) => [b.symbol, b.close]));
    const held = r.positions.reduce((s, p) => s + p.quantity * (marks.get(p.symbol) ?? 0), 0);
    expect(last?.equity).toBeCloseTo((last?.cash ?? 0) + held, 6);
    expect(r.metrics.portfolio.netPnl).toBeCloseTo((last?.equity ?? 0) - 100_000, 6);
    // Per-symbol P&L adds up to the portfolio's.
    const bySymbol = Object.values(r.metrics.bySymbol).reduce((s, m) => s + m.netPnl, 0);
    expect(bySymbol).toBeCloseTo(r.metrics.portfolio.netPnl, 6);
    expect(r.trades.filter((t) => t.exit !== 'open').length).toBe(r.metrics.portfolio.trades);
  });

  it('replays copies of the source bars in time order (the same fields, values and key order), laid out in that order', () => {
    const { live, warm } = loadRunBars(crossover);
    const merged = [...bars].filter((b) => b.time >= START + 40 * DAY).sort((x, y) => x.time - y.time || x.symbol.localeCompare(y.symbol));
    expect(live).toEqual(merged);
    expect(live.map((b) => Object.keys(b))).toEqual(merged.map((b) => Object.keys(b)));
    expect(live.some((b, i) => b === merged[i])).toBe(false);
    expect(warm).toHaveLength(80);
  });

  it('is deterministic and leaves no temp database behind', async () => {
    const a = value(await runBacktest(crossover));
    const b = value(await runBacktest(crossover));
    expect(b.fills).toEqual(a.fills);
    expect(a.dbFile).toBeUndefined();
  });

  it('applies the run risk limits: a one-position limit refuses the second symbol with its rule id', async () => {
    const r = value(await runBacktest({ ...crossover, riskLimits: { maxOpenPositions: 1 } }));
    expect(r.denials.some((d) => d.ruleId === 'max-open-positions')).toBe(true);
    expect(r.riskEvents.some((e) => e.kind === 'order-denied' && e.ruleId === 'max-open-positions')).toBe(true);
    expect(r.riskEvents.some((e) => e.kind === 'settings-changed' && e.actor === 'backtest')).toBe(true);
  });

  it('a daily-loss trip stays on for the rest of the run unless the declared policy resets it the next day', async () => {
    // A loss limit of 0.01% of equity trips on the first losing day.
    const tight = { ...crossover, riskLimits: { dailyLossLimitPct: 0.01 } };
    const never = value(await runBacktest(tight));
    const trips = never.riskEvents.filter((e) => e.kind === 'kill-switch-on');
    expect(trips).toHaveLength(1);
    expect(trips[0]?.lossLimit).toBe(true);
    const tripTime = trips[0]?.time ?? 0;
    expect(never.fills.filter((f) => f.time > tripTime + 2 * DAY).every((f) => f.side === 'sell')).toBe(true);
    expect(never.denials.some((d) => d.ruleId === 'kill-switch')).toBe(true);

    const reset = value(await runBacktest({ ...tight, killSwitchReset: 'next-day' }));
    const offs = reset.riskEvents.filter((e) => e.kind === 'kill-switch-off');
    expect(offs.length).toBeGreaterThan(0);
    expect(offs.every((e) => e.actor === 'backtest-policy')).toBe(true);
    expect(reset.riskEvents.filter((e) => e.kind === 'kill-switch-on').length).toBe(offs.length + (reset.riskEvents.at(-1)?.kind === 'kill-switch-on' ? 1 : 0));
    expect(reset.fills.some((f) => f.side === 'buy' && f.time > tripTime + 2 * DAY)).toBe(true);
  });

  it('the breakout pipeline runs through PaperSession with the declared policy and reports what served it', async () => {
    // The wave bars make no breakout signals: the simulator's do.
    const sim = await simulatorRun();
    const r = value(await runBacktest({ ...sim, strategy: { kind: 'breakout' }, policy: { kind: 'decide', decide: () => ({ action: 'reject', reason: 'test' }) } }));
    expect(r.strategy).toBe('breakout');
    expect(r.servedBy?.kind).toBe('baseline');
    expect(r.signals).toBeGreaterThan(0);
    expect(r.riskModel.length).toBeGreaterThan(0);
    expect(r.proposals.rejected).toBe(r.riskModel.length);
    expect(r.fills).toEqual([]);
  });

  it('a kept breakout run file holds every proposal and order as the run ended, readable by the desk stores, with no dangling key', async () => {
    const file = tmp.file('breakout.db');
    let n = 0;
    // Every other proposal confirmed, so the file holds confirmed ones linked to orders and rejected ones.
    const r = value(await runBacktest({
      ...(await simulatorRun()), dbFile: file, strategy: { kind: 'breakout' },
      policy: { kind: 'decide', decide: () => (n++ % 2 === 0 ? { action: 'confirm' } : { action: 'reject', reason: 'test' }) },
    }));
    expect(r.proposals.confirmed).toBeGreaterThan(0);
    expect(r.proposals.rejected).toBeGreaterThan(0);
    const db = openDatabase(file);
    try {
      const stored = new ProposalStore(db).createdBetween(epochMs(0), epochMs(Number.MAX_SAFE_INTEGER));
      expect(stored.filter((p) => p.kind === 'signal').map((p) => ({ id: p.id, status: p.status }))).toEqual(
        r.riskModel.map((e) => ({ id: e.proposalId, status: e.status })),
      );
      const linked = stored.filter((p) => p.clientOrderId !== undefined);
      expect(linked.length).toBeGreaterThan(0);
      const journal = new OrderJournal(db, 'paper');
      for (const p of linked) expect(journal.get(p.clientOrderId ?? '')?.origin.proposalId).toBe(p.id);
      expect(journal.fills()).toEqual(r.fills);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('refuses bad input with a reason: no symbols, no bars, an existing file, a bad crossover', async () => {
    expect(await runBacktest({ ...crossover, symbols: [] })).toEqual({ ok: false, error: 'a backtest needs at least one symbol' });
    expect(await runBacktest({ ...crossover, symbols: ['NONE'] })).toEqual({ ok: false, error: 'no 1d bars for NONE in the range asked' });
    const file = tmp.file('used.db');
    openDatabase(file).close();
    const used = await runBacktest({ ...crossover, dbFile: file });
    expect(used.ok ? '' : used.error).toContain('already exists');
    expect(existsSync(file)).toBe(true);
    const bad = await runBacktest({ ...crossover, strategy: { kind: 'sma-crossover', fast: 5, slow: 5, quantity: 1 } });
    expect(bad.ok ? '' : bad.error).toContain('0 < fast < slow');
    const limits = await runBacktest({ ...crossover, riskLimits: { maxOpenPositions: -1 } });
    expect(limits.ok ? '' : limits.error).toContain('risk limits');
  });
  it('awaits the progress callback before the next chunk, so a host can hand the event loop over between chunks', async () => {
    let inside = false;
    let overlaps = 0;
    let timerTurns = 0;
    const timer = setInterval(() => timerTurns++, 0);
    const calls: number[] = [];
    try {
      value(await runBacktest({
        ...crossover, progressEvery: 20,
        onProgress: async () => {
          if (inside) overlaps++;
          inside = true;
          calls.push(timerTurns);
          await new Promise((resolve) => setTimeout(resolve, 1));
          inside = false;
        },
      }));
    } finally {
      clearInterval(timer);
    }
    expect(calls.length).toBe(17);
    expect(overlaps).toBe(0);
    // Timers ran between chunks: the run did not hold the loop from start to end.
    expect(calls.at(-1)).toBeGreaterThan(calls[0] ?? Number.POSITIVE_INFINITY);
  });

  it('commits its run file at each chunk boundary, not once at the end: at each progress call another connection reads the day the gate started', async () => {
    const file = tmp.file('chunks.db');
    const seen: { expected: string; read: string | undefined }[] = [];
    value(await runBacktest({
      ...crossover, dbFile: file, progressEvery: 25,
      onProgress: (p) => {
        if (p.barsDone === 2 * 160) return;
        const other = openDatabase(file);
        try {
          const stored = other.prepare<[], string>("SELECT value FROM settings WHERE key = 'risk-day-start'").pluck().get();
          seen.push({ expected: new Date(p.time).toISOString().slice(0, 10), read: stored === undefined ? undefined : (JSON.parse(stored) as { day: string }).day });
        } finally {
          other.close();
        }
      },
    }));
    expect(seen.length).toBe(12);
    for (const s of seen) expect(s.read).toBe(s.expected);
  });

  it('stops at the chunk after its signal is aborted: a cancelled error, no results read, the temp database removed', async () => {
    const abort = new AbortController();
    const seen: number[] = [];
    const r = await runBacktest({
      ...crossover, progressEvery: 50, signal: abort.signal,
      onProgress: (p) => {
        seen.push(p.barsDone);
        // Aborted from a later event-loop turn, as a desk request would be: it lands only if the runner yields.
        if (p.barsDone === 100) setImmediate(() => abort.abort());
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(isCancelledRun(r.error)).toBe(true);
    expect(r.error).toBe('cancelled after 100 of 320 bars');
    expect(seen.at(-1)).toBeLessThan(320);
    expect(isCancelledRun('backtest failed: boom')).toBe(false);
    const kept = tmp.file('cancelled.db');
    const again = await runBacktest({ ...crossover, dbFile: kept, progressEvery: 50, signal: AbortSignal.abort() });
    expect(again.ok ? 'finished' : again.error).toBe('cancelled after 50 of 320 bars');
    // A file the caller named stays (it is theirs), closed and readable; nothing half-read came back.
    expect(existsSync(kept)).toBe(true);
  });
});
