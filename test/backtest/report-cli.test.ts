import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../core/backtest/backtest-runner.js';
import { compareRuns } from '../../core/backtest/metrics/baseline-comparison.js';
import { REPORT_SECTIONS } from '../../core/backtest/report/html-report.js';
import { backtestReportSchema } from '../../core/backtest/report/report-schema.js';
import { runBacktestCommand, trainingSpan, type BacktestOptions } from '../../core/cli/commands/backtest-command.js';
import { NoDatabaseError } from '../../core/cli/commands/db-command.js';
import { FeaturesUsageError } from '../../core/cli/commands/features-command.js';
import { buildDeskCli } from '../../core/cli/desk.js';
import type { Bar } from '../../core/market/bar.js';
import { epochMs, price, quantity } from '../../core/market/units.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { seededNormal } from '../../core/util/seeded-random.js';

const DAY = 86_400_000;
const START = Date.UTC(2007, 0, 1);

/** A seeded random walk with volatility bursts and volume on the big moves, so breakouts (and their stops and targets) happen. */
function walk(symbol: string, seed: number, n: number): Bar[] {
  const z = seededNormal(seed);
  let close = 50;
  return Array.from({ length: n }, (_, i) => {
    const vol = i % 120 < 20 ? 0.03 : 0.012;
    const open = close;
    const shock = z();
    close = Math.max(1, open * Math.exp(0.0004 + vol * shock));
    const high = Math.max(open, close) * (1 + Math.abs(z()) * vol * 0.5);
    const low = Math.min(open, close) * (1 - Math.abs(z()) * vol * 0.5);
    return { symbol, interval: '1d', time: epochMs(START + i * DAY), open: price(open), high: price(high), low: price(low), close: price(close), volume: quantity(Math.round(1_000_000 * (0.5 + Math.abs(shock)))) };
  });
}

const options = (out: string, over: Partial<BacktestOptions> = {}): BacktestOptions => ({
  interval: '1d', cash: '100000', seed: '3', model: 'baseline', out, baseline: true, trainBars: '1000', testBars: '250', mcRuns: '200', ...over,
});

describe('desk backtest on a real SQLite file', () => {
  const tmp = makeTempDir('desk-backtest-cli-');
  const dbFile = tmp.file('desk.sqlite');
  beforeAll(() => {
    const db = openDatabase(dbFile);
    new BarStore(db).upsert([...walk('AAA', 1, 1000), ...walk('BBB', 2, 1000)]);
    db.close();
  });
  afterAll(() => tmp.remove());

  it('writes report.json (schema-valid) and report.html with every section, stress and Monte Carlo included', async () => {
    const phases: string[] = [];
    const done = new Map<string, number>();
    const out = tmp.file('report');
    const r = await runBacktestCommand(dbFile, options(out, { stress: true }), {
      engine: { run: runBacktest }, now: () => Date.UTC(2026, 0, 1), command: 'desk backtest --stress',
      phases: { start: (name) => phases.push(name), update: (name, d) => done.set(name, d), stop: () => undefined },
    });
    const json = backtestReportSchema.parse(JSON.parse(readFileSync(r.json, 'utf8')));
    expect(json.run.symbols).toEqual(['AAA', 'BBB']);
    expect(json.run.servedBy).toMatch(/^baseline/);
    expect(json.run.bars).toBe(2000 - 2 * 0); // no --from: every stored bar is traded
    expect(json.metrics.portfolio.trades).toBeGreaterThan(0);
    expect(json.metrics.portfolio.trades).toBe(r.report.metrics.portfolio.trades);
    // No model served, so there is no ML against baseline to show.
    expect(json.comparison).toBeUndefined();
    const html = readFileSync(r.html, 'utf8');
    for (const id of REPORT_SECTIONS) expect(html).toContain(`<section id="${id}">`);
    // The synthetic data spans 2007-01-01 .. 2009-09-27: the 2008 window runs, the others are named as uncovered.
    const byId = Object.fromEntries((json.stress?.scenarios ?? []).map((s) => [s.id, s]));
    expect(byId['gfc-2008']?.symbols).toEqual(['AAA', 'BBB']);
    expect(byId['gfc-2008']?.metrics).toBeDefined();
    expect(byId['crash-1987']?.skipped).toBe('no stored series covers this window');
    expect(byId['covid-2020']?.absent.map((a) => a.symbol)).toEqual(['AAA', 'BBB']);
    for (const kind of ['gap', 'volatility', 'liquidity', 'feed-gap']) expect(byId[`shock-${kind}`]?.metrics).toBeDefined();
    expect(json.stress?.monteCarlo.trades).toBe(r.report.trades.filter((t) => t.exit !== 'open').length);
    expect(phases[0]).toBe('backtest');
    expect(phases.filter((p) => p.startsWith('stress '))).toHaveLength(9);
    expect(done.get('backtest')).toBe(2000);
  });

  it('compares the shipped model with the baseline on the same bars and fills the success-metric table', async () => {
    const out = tmp.file('compared');
    const r = await runBacktestCommand(dbFile, options(out, { model: 'current', symbols: 'AAA', from: '2008-01-01' }), {
      engine: { run: runBacktest, compare: (ml, baseline, seed) => compareRuns(ml, baseline, { seed }) }, now: () => 0,
    });
    const json = backtestReportSchema.parse(JSON.parse(readFileSync(r.json, 'utf8')));
    expect(json.run.servedBy).toMatch(/^model /);
    expect(json.comparison?.baseline.trades).toBeGreaterThan(0);
    expect(json.comparison?.ml).toEqual(json.metrics.portfolio);
    expect(json.comparison?.successMetrics.length).toBeGreaterThanOrEqual(3);
    // The shipped manifest states its training span; the report says which bars were in-sample.
    expect(json.run.modelTraining?.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(trainingSpan(tmp.dir)).toBeUndefined();
    expect(readFileSync(r.html, 'utf8')).toContain('<table class="success">');
  });

  it('runs from the desk command line with --symbols and --from, into --out', async () => {
    const out = tmp.file('cli-report');
    await buildDeskCli().parseAsync(['node', 'desk', '--db', dbFile, 'backtest', '--symbols', 'bbb', '--from', '2008-01-01', '--model', 'baseline', '--out', out]);
    const json = backtestReportSchema.parse(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')));
    expect(json.run.symbols).toEqual(['BBB']);
    expect(new Date(json.run.start).toISOString().slice(0, 10)).toBe('2008-01-01');
    expect(existsSync(path.join(out, 'report.html'))).toBe(true);
  });

  it('passes --kill-switch-reset to every run and states it in the report; refuses an unknown policy', async () => {
    const out = tmp.file('reset-report');
    await buildDeskCli().parseAsync(['node', 'desk', '--db', dbFile, 'backtest', '--symbols', 'AAA', '--from', '2008-06-01', '--model', 'baseline', '--kill-switch-reset', 'next-day', '--out', out]);
    const json = backtestReportSchema.parse(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')));
    expect(json.run.killSwitchReset).toBe('next-day');
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('--kill-switch-reset next-day');
    const seen: (string | undefined)[] = [];
    const deps = { engine: { run: (c: Parameters<typeof runBacktest>[0]) => { seen.push(c.killSwitchReset); return runBacktest(c); } }, now: () => 0 };
    const r = await runBacktestCommand(dbFile, options(tmp.file('reset-default'), { symbols: 'BBB', from: '2008-06-01' }), deps);
    expect(r.report.run.killSwitchReset).toBe('never');
    await runBacktestCommand(dbFile, options(tmp.file('reset-next'), { symbols: 'BBB', from: '2008-06-01', killSwitchReset: 'next-day', stress: true, mcRuns: '20' }), deps);
    // The plain run, then every stress scenario that ran, under the declared policy.
    expect(seen[0]).toBe('never');
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.slice(1).every((x) => x === 'next-day')).toBe(true);
    await expect(runBacktestCommand(dbFile, options(tmp.file('x'), { killSwitchReset: 'weekly' }), deps)).rejects.toThrow(/--kill-switch-reset weekly must be next-day or never/);
  });

  it('refuses a missing database, an unknown symbol and bad flags with the reason', async () => {
    const deps = { engine: { run: runBacktest }, now: () => 0 };
    await expect(runBacktestCommand(tmp.file('none.sqlite'), options(tmp.file('x')), deps)).rejects.toThrow(NoDatabaseError);
    await expect(runBacktestCommand(dbFile, options(tmp.file('x'), { symbols: 'AAA,ZZZ' }), deps)).rejects.toThrow(/no stored 1d bars for ZZZ/);
    await expect(runBacktestCommand(dbFile, options(tmp.file('x'), { seed: '-1' }), deps)).rejects.toThrow(FeaturesUsageError);
    await expect(runBacktestCommand(dbFile, options(tmp.file('x'), { from: '2009-01-01', to: '2008-01-01' }), deps)).rejects.toThrow(/after --to/);
    await expect(runBacktestCommand(dbFile, options(tmp.file('x'), { walkForward: true }), deps)).rejects.toThrow(/walk-forward/);
  });
});
