import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BacktestConfig, BacktestResult, RunBacktest } from '../backtest/backtest-types.js';
import { runBacktest } from '../backtest/backtest-runner.js';
import { DeskFailure } from '../contract/errors.js';
import type { BacktestJob } from '../contract/streams/backtest-streams.js';
import type { Bar } from '../market/bar.js';
import { epochMs, price, quantity } from '../market/units.js';
import { BarStore } from '../storage/bar-store.js';
import { openDatabase, type Db } from '../storage/open-database.js';
import { makeTempDir } from '../storage/testing/temp-dir.js';
import { ManualClock } from '../time/manual-clock.js';
import { seededNormal } from '../util/seeded-random.js';
import { createBacktestHandlers } from './backtest-handlers.js';
import { StreamHub } from './stream-hub.js';

const DAY = 86_400_000;

function walk(symbol: string, seed: number, n: number): Bar[] {
  const z = seededNormal(seed);
  let close = 40;
  return Array.from({ length: n }, (_, i) => {
    const shock = z();
    const vol = i % 90 < 15 ? 0.03 : 0.012;
    const open = close;
    close = open * Math.exp(0.0005 + vol * shock);
    return {
      symbol, interval: '1d', time: epochMs(Date.UTC(2010, 0, 4) + i * DAY), open: price(open), high: price(Math.max(open, close) * 1.004),
      low: price(Math.min(open, close) * 0.996), close: price(close), volume: quantity(Math.round(1e6 * (0.5 + Math.abs(shock)))),
    };
  });
}

/** Polls until `done` holds; the run goes on in the background of the request that started it. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (done()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('backtest handlers', () => {
  const tmp = makeTempDir('desk-backtest-handlers-');
  let db: Db;
  let store: BarStore;
  const hub = new StreamHub();
  const events: BacktestJob[] = [];
  beforeEach(() => {
    db = openDatabase(tmp.file(`desk-${events.length}-${Math.random().toString(36).slice(2)}.sqlite`));
    store = new BarStore(db);
    store.upsert([...walk('AAA', 1, 600), ...walk('BBB', 2, 600)]);
    events.length = 0;
    hub.clear();
    hub.on('backtest.progress', (e) => events.push(e));
  });
  afterEach(() => db.close());
  afterAll(() => tmp.remove());

  it('runs stored series through the runner, streams progress and serves the report of the same result', async () => {
    let result: BacktestResult | undefined;
    const run: RunBacktest = async (c) => {
      const r = await runBacktest(c);
      if (r.ok) result = r.value;
      return r;
    };
    const h = createBacktestHandlers({ store, hub, clock: new ManualClock(1_000), run, progressEvery: 100 });
    const job = await h['backtest.run']({ symbols: ['AAA', 'BBB'], strategy: 'sma-crossover', from: '2010-06-01' });
    expect(job.state).toBe('running');
    await until(() => events.some((e) => e.state === 'done'), 'the run to finish');
    const progress = events.filter((e) => e.state === 'running');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((e, i) => i === 0 || e.barsDone >= (progress[i - 1]?.barsDone ?? 0))).toBe(true);
    const { job: final, report } = await h['backtest.result']({ runId: job.runId });
    expect(final.state).toBe('done');
    expect(report?.metrics.portfolio.totalReturn).toBe(result?.metrics.portfolio.totalReturn);
    expect(report?.metrics.portfolio.trades).toBe(result?.metrics.portfolio.trades);
    expect(report?.run.symbols).toEqual(['AAA', 'BBB']);
    expect(report?.run.start).toBe(Date.UTC(2010, 5, 1) + 20 * 3_600_000);
    expect(report?.generatedAt).toBe(1_000);
  });

  it('cancels a run at its next progress step and lets a new one start', async () => {
    let seen = 0;
    // A runner that yields between chunks as the desk asks: it awaits what onProgress returns.
    const run: RunBacktest = async (c: BacktestConfig) => {
      try {
        for (let i = 1; i <= 1_000; i++) {
          seen = i;
          await c.onProgress?.({ barsDone: i * 10, barsTotal: 10_000, time: epochMs(i) });
        }
        return { ok: false, error: 'ran to the end' };
      } catch (cause) {
        return { ok: false, error: `backtest failed: ${String(cause)}` };
      }
    };
    const h = createBacktestHandlers({ store, hub, clock: new ManualClock(0), run });
    const job = await h['backtest.run']({ symbols: ['AAA'], strategy: 'baseline' });
    await until(() => events.length >= 3, 'progress');
    // One at a time: the desk refuses a second run while one goes on.
    expect(() => h['backtest.run']({ symbols: ['AAA'], strategy: 'baseline' })).toThrow(/already running/);
    h['backtest.cancel']({ runId: job.runId });
    await until(() => events.at(-1)?.state === 'cancelled', 'the cancellation');
    expect(seen).toBeLessThan(1_000);
    const after = (await h['backtest.result']({ runId: job.runId })).job;
    expect(after.state).toBe('cancelled');
    const next = await h['backtest.run']({ symbols: ['BBB'], strategy: 'baseline' });
    expect(next.runId).not.toBe(job.runId);
  });

  it('reports a refused run as failed with the runner\'s reason', async () => {
    const h = createBacktestHandlers({ store, hub, clock: new ManualClock(0), run: async () => ({ ok: false, error: 'no 1d bars for AAA in the range asked' }) });
    const job = await h['backtest.run']({ symbols: ['AAA'], strategy: 'model', from: '2030-01-01' });
    await until(() => events.some((e) => e.state === 'failed'), 'the failure');
    const { job: failed, report } = await h['backtest.result']({ runId: job.runId });
    expect(failed.error).toBe('no 1d bars for AAA in the range asked');
    expect(report).toBeNull();
  });

  it('refuses unknown symbols, a reversed period and unknown runs with typed errors', () => {
    const h = createBacktestHandlers({ store, hub, clock: new ManualClock(0) });
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof DeskFailure ? `${e.error.code}: ${e.error.message}` : String(e);
      }
      return undefined;
    };
    expect(code(() => h['backtest.run']({ symbols: ['AAA', 'ZZZ'], strategy: 'baseline' }))).toMatch(/^not-found: No stored bars for ZZZ/);
    expect(code(() => h['backtest.run']({ symbols: ['AAA'], strategy: 'baseline', from: '2012-01-01', to: '2011-01-01' }))).toMatch(/^invalid-params/);
    expect(code(() => h['backtest.result']({ runId: 'bt-9' }))).toMatch(/^not-found/);
    expect(code(() => h['backtest.cancel']({ runId: 'bt-9' }))).toMatch(/^not-found/);
  });
});
