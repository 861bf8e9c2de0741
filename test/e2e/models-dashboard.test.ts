import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParamsInput, RequestName, ResultOf } from '../../core/contract/index.js';
import { currentModelDir } from '../../core/ml/inference/model-source.js';
import { SHIPPED_BREAKOUT_MODELS } from '../../core/ml/inference/shipped-models.js';
import { hasSharedData, sharedDataDir } from '../support/shared-data.js';
import { invokeOverHttp, startDeskProcess, type StartedDesk } from './headless-process.js';
import { DeskPage } from './page-models/desk-page.js';
import { ModelsDashboardPanel } from './page-models/models-dashboard-panel.js';
import { CHROMIUM, SHOTS, launchDeskBrowser } from './support/desk-browser.js';

/** Real daily series from the shared data, replayed together. */
const SYMBOLS = ['AAPL', 'MSFT', 'KO', 'JNJ', 'XOM', 'WMT', 'PG', 'MCD'];
/** Replay from here to the files' end (2017-11-10): about 720 trading days per symbol. */
const REPLAY_FROM = Date.UTC(2015, 0, 2);
/**
 * First a short replay of GOOG's last weeks (its file ends 2013-03-01): the first daily desk installs the
 * shipped model as champion, and the challenger is deployed at that market time, so the A/B test has begun
 * before the main replay's first bar (market time is what stamps the test and every prediction).
 */
const WARM_SYMBOL = 'GOOG';
const WARM_FROM = Date.UTC(2013, 1, 1);
/** The fastest replay the desk accepts. */
const REPLAY_SPEED = 1e9;
/**
 * The drift: the same real series with every bar's range squeezed to this share around its close, so the
 * model's `atrPct` input leaves its training distribution entirely while breakouts still happen.
 */
const SQUEEZE = 0.1;
const DRIFTED = SYMBOLS.map((s) => `N${s}`);

/** A shared daily file with each bar's high, low and open pulled towards the close (closes and volumes kept). */
function squeezedCsv(symbol: string): string {
  const [header, ...rows] = readFileSync(path.join(sharedDataDir(), 'daily', `${symbol}.csv`), 'utf8').trim().split('\n');
  const out = rows.map((row) => {
    const [day, open, high, low, close, volume] = row.split(',');
    const c = Number(close);
    const toward = (x: string | undefined): string => (c + SQUEEZE * (Number(x) - c)).toFixed(4);
    return [day, toward(open), toward(high), toward(low), close, volume].join(',');
  });
  return `${[header, ...out].join('\n')}\n`;
}
const haveChromium = existsSync(CHROMIUM);
const skipReason = !haveChromium
  ? `no Chromium at ${CHROMIUM} (install Debian's chromium or set DESK_CHROMIUM)`
  : !hasSharedData() ? `shared data not found at ${sharedDataDir()} (set DESK_SHARED_DATA to its folder)` : undefined;
if (skipReason !== undefined) console.warn(`models-dashboard e2e skipped: ${skipReason}`);

/** A copy of the shipped model version under another name (same weights: it verifies and passes the gates). */
function copyShipped(root: string, version: string, tamper = false): string {
  const current = currentModelDir(SHIPPED_BREAKOUT_MODELS);
  if (!current.ok) throw new Error(current.error);
  const dir = path.join(root, version);
  cpSync(current.value, dir, { recursive: true });
  const manifest = path.join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), version }));
  if (tamper) {
    const weights = path.join(dir, 'weights.bin');
    const bytes = readFileSync(weights);
    bytes[16] = (bytes[16] ?? 0) ^ 0x01;
    writeFileSync(weights, bytes);
  }
  return dir;
}

describe.skipIf(skipReason !== undefined)('models dashboard on a replayed daily session, in Chromium', () => {
  let dir: string;
  let dbFile: string;
  let desk: StartedDesk;
  let browser: Browser;
  let page: DeskPage;
  let models: ModelsDashboardPanel;
  let pageErrors: string[];

  /** One contract call over HTTP with the printed URL's token, as a script would make it. */
  const call = <K extends RequestName>(name: K, params: ParamsInput<K>): Promise<ResultOf<K>> => invokeOverHttp(desk.url, name, params);

  /** Read straight from the desk's SQLite file (read-only, beside the running desk), not from the API. */
  function fromDb<T>(sql: string, ...args: unknown[]): T {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).get(...args) as T;
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-models-'));
    dbFile = path.join(dir, 'desk.db');
    desk = await startDeskProcess(['--headless', '--db', dbFile, '--port', '0', '--seed', '5', '--speed', '60']);
    // The shared files go in through the desk's own import, as a trader's CSVs would; nothing is copied to the repo.
    for (const symbol of [WARM_SYMBOL, ...SYMBOLS]) {
      const report = await call('data.importCsv', { fileName: `${symbol}.csv`, text: readFileSync(path.join(sharedDataDir(), 'daily', `${symbol}.csv`), 'utf8') });
      if (!report.ok) throw new Error(`${symbol}.csv not imported: ${report.message}`);
      expect(report.stored).toBeGreaterThan(2_000);
    }
    await call('feed.set', { feed: { kind: 'replay', symbols: [WARM_SYMBOL], interval: '1d', from: WARM_FROM, speed: REPLAY_SPEED } });
    // A refused registration is a 409 with its reason: expected when provoked, anything else is not.
    const launched = await launchDeskBrowser({ viewport: { width: 1440, height: 1800 }, expectedConsoleError: (text) => /status of 409 /.test(text) });
    ({ browser, pageErrors } = launched);
    page = new DeskPage(launched.page);
    models = new ModelsDashboardPanel(launched.page);
    await page.open(desk.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (desk !== undefined && desk.child.exitCode === null) await desk.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the installed model as champion and registers a second version, deployed as a 10% challenger from the UI', async () => {
    await expect.poll(() => page.watchlistSymbols(), { timeout: 20_000 }).toEqual([WARM_SYMBOL]);
    await models.open();
    await expect.poll(async () => (await models.versions()).map((v) => v.status), { timeout: 15_000 }).toEqual(['champion']);
    await models.register(copyShipped(dir, 'v2-challenger'), 'second version for an A/B test');
    await expect.poll(async () => (await models.versions()).find((v) => v.version === 'v2-challenger')?.status, { timeout: 10_000 }).toBe('registered');
    await models.act('v2-challenger', 'deploy', 'A/B on 10% of symbol-days', { mode: 'challenger', sharePct: 10 });
    await expect.poll(async () => (await models.versions()).find((v) => v.version === 'v2-challenger')?.status, { timeout: 10_000 }).toBe('challenger');
    // The stream may show the new state a moment before the dialog's own reply closes it.
    await expect.poll(() => models.dialogOpen(), { timeout: 5_000 }).toBe(false);
    const row = fromDb<{ status: string; traffic_share: number }>("SELECT status, traffic_share FROM model_versions WHERE version = 'v2-challenger'");
    expect(row).toEqual({ status: 'challenger', traffic_share: 0.1 });
  });

  it('refuses a tampered version and shows why, in the form and in the versions table', async () => {
    await models.register(copyShipped(dir, 'v3-tampered', true), 'should be refused');
    await expect.poll(() => models.refusal(), { timeout: 10_000 }).toMatch(/Not registered: .*v3-tampered.*weights\.bin/);
    await expect.poll(async () => (await models.versions()).find((v) => v.version === 'v3-tampered')?.refusedReason, { timeout: 10_000 }).toMatch(/weights\.bin/);
    const stored = fromDb<{ status: string; refused_reason: string }>("SELECT status, refused_reason FROM model_versions WHERE version = 'v3-tampered'");
    expect(stored.status).toBe('refused');
    expect(stored.refused_reason).toMatch(/weights\.bin/);
    await page.screenshot(path.join(SHOTS, '11-models-refused.png'));
  });

  it('plots the replayed session: precision and Brier over time, reliability, importance, drift and A/B with figures from the desk', async () => {
    // Switched by a script, not the settings form (which picks no start date), so the page is opened afresh.
    await call('feed.set', { feed: { kind: 'replay', symbols: SYMBOLS, interval: '1d', from: REPLAY_FROM, speed: REPLAY_SPEED } });
    // Via a blank page: the same URL again would only change the fragment, not reload.
    await page.page.goto('about:blank');
    await page.open(desk.url);
    await expect.poll(async () => (await page.watchlistSymbols()).sort(), { timeout: 20_000 }).toEqual([...SYMBOLS].sort());
    await models.open();
    // Predictions resolve once their horizon has passed in replayed market time; the A/B arms count only
    // what each answered since the test started, so they fill later than the champion's whole record.
    await expect.poll(async () => {
      await models.refreshPlots();
      const resolved = Number((await models.plot('reliability')).data['resolved']);
      const arms = await models.abArms();
      return resolved >= 40 && arms.length === 2 && arms.every((a) => a.precision !== null);
    }, { timeout: 60_000, interval: 1_000 }).toBe(true);
    // The replay runs to the files' end; once it has, the figures stop moving and can be compared exactly.
    await expect.poll(async () => (await call('desk.status', {})).feed.reason ?? '', { timeout: 60_000, interval: 500 }).toMatch(/replay finished/);
    const settled = async (): Promise<number> => (await call('models.list', {})).uptime.requests;
    let before = -1;
    await expect.poll(async () => {
      const now = await settled();
      const same = now === before;
      before = now;
      return same;
    }, { timeout: 10_000, interval: 500 }).toBe(true);
    await models.refreshPlots();
    const champion = (await call('models.list', {})).models[0]?.champion ?? '';
    expect(champion).toMatch(/^v1-/);

    // The reliability diagram says how many resolved predictions it drew; the database says how many there are.
    const [reliability, rel] = [await models.plot('reliability'), await call('models.reliability', { model: 'breakout', version: champion })];
    expect(reliability.empty).toBe(false);
    expect(Number(reliability.data['resolved'])).toBe(rel.resolved);
    const resolvedInDb = fromDb<{ n: number }>(
      `SELECT count(*) AS n FROM predictions p JOIN outcomes o ON o.symbol = p.symbol AND o.interval = p.interval AND o.bar_time = p.bar_time
       WHERE p.version = ? AND p.probability IS NOT NULL`, champion).n;
    expect(rel.resolved).toBeGreaterThan(0);
    expect(resolvedInDb).toBe(rel.resolved);
    expect(reliability.data['ece']).toBe((rel.calibrationError ?? Number.NaN).toFixed(3));

    const metrics = await call('models.metrics', { model: 'breakout' });
    const series = metrics.series.find((s) => s.version === champion)?.points ?? [];
    const precision = await models.plot('precision');
    const brier = await models.plot('brier');
    expect(precision.empty).toBe(false);
    expect(brier.empty).toBe(false);
    expect(Number(precision.data['points'])).toBeGreaterThan(3);
    // The latest point drawn is the latest the contract serves, to the three decimals the caption shows.
    const drawnLatest = Number(precision.data['latest']?.split(',')[0]);
    expect(drawnLatest).toBe(Number((series.at(-1)?.precision ?? Number.NaN).toFixed(3)));
    expect(Number(precision.data['points'])).toBe(metrics.series.reduce((n, s) => n + s.points.filter((p) => p.precision !== null).length, 0));
    expect(drawnLatest).toBeGreaterThan(0);
    expect(drawnLatest).toBeLessThan(1);

    const importance = await models.bars('importance-bars');
    expect(importance.length).toBeGreaterThan(5);
    expect(importance.some((b) => b.value !== null && b.value !== 0)).toBe(true);

    const drift = await models.bars('drift-bars');
    expect(drift.length).toBe(18);
    expect(drift.filter((b) => b.value !== null).length).toBeGreaterThan(10);
    expect(Number((await models.plot('drift')).data['threshold'])).toBe(0.25);

    const ab = await models.abArms();
    expect(ab.map((a) => a.version)).toEqual([champion, 'v2-challenger']);
    const championArm = ab[0];
    expect(championArm?.precision).not.toBeNull();
    expect(championArm?.low ?? 1).toBeLessThanOrEqual(championArm?.precision ?? 0);
    expect(championArm?.high ?? 0).toBeGreaterThanOrEqual(championArm?.precision ?? 1);

    // Live health as the contract reports it (a drift breaker on real data would make it 'fallback').
    const overview = await call('models.list', {});
    await expect.poll(() => models.healthState()).toBe(overview.fallback.active ? 'fallback' : 'ok');
    await page.screenshot(path.join(SHOTS, '12-models-dashboard.png'));
    // The plots sit below the versions in the tab's scroll area: scrolled into view for their own picture.
    await page.page.locator('.plots').scrollIntoViewIfNeeded();
    await page.page.locator('[data-testid="panel-models"]').screenshot({ path: path.join(SHOTS, '13-models-plots.png') });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a drifted replay opens the champion\'s breaker with its reason, the fallback answers, and the trader re-closes it from the dashboard', async () => {
    for (const [i, symbol] of SYMBOLS.entries()) {
      const report = await call('data.importCsv', { fileName: `${DRIFTED[i] ?? symbol}.csv`, text: squeezedCsv(symbol) });
      if (!report.ok) throw new Error(`${symbol} squeezed not imported: ${report.message}`);
    }
    await call('feed.set', { feed: { kind: 'replay', symbols: DRIFTED, interval: '1d', from: REPLAY_FROM, speed: REPLAY_SPEED } });
    await page.page.goto('about:blank');
    await page.open(desk.url);
    await models.open();
    await expect.poll(async () => (await call('desk.status', {})).feed.reason ?? '', { timeout: 60_000, interval: 500 }).toMatch(/replay finished/);

    const overview = await call('models.list', {});
    const champion = overview.models[0]?.champion ?? '';
    const breaker = overview.models[0]?.versions.find((v) => v.version === champion)?.breaker;
    expect(breaker).toMatchObject({ state: 'open', trip: 'drift' });
    expect(breaker?.reason).toMatch(/atrPct PSI/);
    expect(overview.fallback).toEqual({ active: true, reason: expect.stringMatching(/breaker open \(drift\)/) });
    // From the file: the breaker's row, and the fallback answering the drifted symbols after it opened.
    const row = fromDb<{ breaker_state: string; breaker_at: number }>('SELECT breaker_state, breaker_at FROM model_versions WHERE version = ?', champion);
    expect(row.breaker_state).toBe('open');
    const fallback = fromDb<{ n: number }>("SELECT count(*) AS n FROM predictions WHERE role = 'fallback' AND symbol LIKE 'N%' AND at >= ?", row.breaker_at).n;
    expect(fallback).toBeGreaterThan(0);

    await expect.poll(async () => (await models.versions()).find((v) => v.version === champion)?.breaker, { timeout: 10_000 }).toBe('open');
    await expect.poll(() => models.healthState(), { timeout: 10_000 }).toBe('fallback');
    await models.refreshPlots();
    await expect.poll(async () => (await models.bars('drift-bars')).find((b) => b.feature === 'atrPct')?.alert, { timeout: 10_000 }).toBe(true);
    await page.screenshot(path.join(SHOTS, '14-models-breaker-open.png'));

    await models.act(champion, 'closeBreaker', 'drift understood: squeezed test series');
    await expect.poll(async () => (await models.versions()).find((v) => v.version === champion)?.breaker, { timeout: 10_000 }).toBe('closed');
    await expect.poll(() => models.healthState(), { timeout: 10_000 }).toBe('ok');
    const closed = fromDb<{ kind: string; actor: string; reason: string }>('SELECT kind, actor, reason FROM model_events WHERE version = ? ORDER BY id DESC LIMIT 1', champion);
    expect(closed).toEqual({ kind: 'breaker-closed', actor: 'trader', reason: 'drift understood: squeezed test series' });
  }, 120_000);

  it('rolls the challenger back and disables all models from the dashboard, each confirmed with a reason', async () => {
    await models.act('v2-challenger', 'rollback', 'A/B done, keep v1');
    await expect.poll(async () => (await models.versions()).find((v) => v.version === 'v2-challenger')?.status, { timeout: 10_000 }).toBe('retired');
    await models.switch('disableAll', 'end of the test');
    await expect.poll(() => models.healthState(), { timeout: 10_000 }).toBe('disabled');
    const last = fromDb<{ kind: string; actor: string; reason: string }>("SELECT kind, actor, reason FROM model_events ORDER BY id DESC LIMIT 1");
    expect(last).toEqual({ kind: 'disabled-all', actor: 'trader', reason: 'end of the test' });
  });
});
