import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BacktestResult, RunBacktest } from '../backtest/backtest-types.js';
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
import { createDesk, type Desk } from './create-desk.js';
import { ScriptedFeed, scriptedBar, scriptedDeskFeed } from './scripted-feed.js';
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

describe('a backtest on a running desk', () => {
  const tmp = makeTempDir('desk-backtest-cancel-');
  const symbols = ['AAA', 'BBB', 'CCC', 'DDD'];
  let desk: Desk;
  beforeEach(async () => {
    // The desk's own SQLite file, with enough stored history that a run spans many chunks of 500 bars.
    const file = tmp.file(`desk-${Math.random().toString(36).slice(2)}.sqlite`);
    const db = openDatabase(file);
    new BarStore(db).upsert(symbols.flatMap((s, i) => walk(s, 10 + i, 4_000)));
    db.close();
    desk = await createDesk({ dbFile: file, clock: new ManualClock(5_000), seed: 1, createFeed: scriptedDeskFeed(new ScriptedFeed([scriptedBar('ACME', 0)]), ['ACME']) });
  });
  afterEach(async () => desk.close());
  afterAll(() => tmp.remove());

  const job = async (runId: string): Promise<BacktestJob> => {
    const r = await desk.invoke('backtest.result', { runId });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.job;
  };
  /** Polls the run's state through the desk's own request until `done` holds. */
  const jobWhen = async (runId: string, done: (j: BacktestJob) => boolean, what: string): Promise<BacktestJob> => {
    for (let i = 0; i < 2_000; i++) {
      const j = await job(runId);
      if (done(j)) return j;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it('answers other requests while the real runner works, and a cancel stops the run mid-way', async () => {
    const started = await desk.invoke('backtest.run', { symbols, strategy: 'baseline' });
    if (!started.ok) throw new Error(started.error.message);
    const { runId } = started.value;
    const before = await jobWhen(runId, (j) => j.barsDone > 0 || j.state !== 'running', 'the first chunk');
    // The desk answers a status request between two chunks of the same run: both sides of it are mid-run.
    const status = await desk.invoke('desk.status', {});
    const after = await job(runId);
    expect(status.ok).toBe(true);
    expect(before.state).toBe('running');
    expect(after.state).toBe('running');
    expect(before.barsDone).toBeGreaterThan(0);
    expect(after.barsDone).toBeLessThan(after.barsTotal);
    // One at a time: a second run is refused while this one goes on.
    const second = await desk.invoke('backtest.run', { symbols: ['AAA'], strategy: 'baseline' });
    expect(second.ok ? 'started' : second.error.code).toBe('conflict');

    const cancel = await desk.invoke('backtest.cancel', { runId });
    expect(cancel.ok).toBe(true);
    const final = await jobWhen(runId, (j) => j.state !== 'running', 'the cancellation');
    expect(final.state).toBe('cancelled');
    expect(final.barsDone).toBeLessThan(final.barsTotal);
    const stopped = await desk.invoke('backtest.result', { runId });
    expect(stopped.ok && stopped.value.report).toBeNull();

    // The desk is free again: a short run goes to the end and serves its report.
    const next = await desk.invoke('backtest.run', { symbols: ['AAA'], strategy: 'sma-crossover', from: '2020-01-01' });
    if (!next.ok) throw new Error(next.error.message);
    const done = await jobWhen(next.value.runId, (j) => j.state !== 'running', 'the short run');
    expect(done.state).toBe('done');
    const report = await desk.invoke('backtest.result', { runId: next.value.runId });
    expect(report.ok && report.value.report?.run.symbols).toEqual(['AAA']);
  });
});
