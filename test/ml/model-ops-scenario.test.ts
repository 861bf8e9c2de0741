import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { F } from '../../core/features/feature-vector.js';
import { columnsToBars } from '../../core/features/testing/feature-fixtures.js';
import { mergeByTime } from '../../core/feeds/replay/merge-by-time.js';
import type { Bar } from '../../core/market/bar.js';
import { epochMs } from '../../core/market/units.js';
import type { BreakoutServing } from '../../core/ml/inference/breakout-serving.js';
import { DEFAULT_HEALTH_POLICY } from '../../core/ml/ops/breaker/health-policy.js';
import { ModelOps } from '../../core/ml/ops/model-ops.js';
import { routesToChallenger } from '../../core/ml/ops/serving/traffic-split.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { PaperSession } from '../../core/trading/session/paper-session.js';
import type { Result } from '../../core/util/result.js';
import { readDaily } from '../support/daily-csv.js';
import { describeWithSharedData } from '../support/shared-data.js';
import { copyShippedModel } from './support/model-ops-artifacts.js';

const SYMBOLS = ['AAPL', 'MSFT', 'IBM', 'GE', 'XOM', 'JPM', 'KO', 'PG', 'WMT', 'INTC', 'CSCO', 'SPY'];
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const START = day('2011-01-03');
const V1 = 'v1-scenario';
const V2 = 'v2-scenario';

/**
 * A feature pipeline fault injected between the session and the router: from `on()` the Bollinger bands
 * come out four times as wide, which moves exactly one model input (bollingerWidthAtr) and leaves the
 * breakout rule (levels, volume, ATR) untouched, so the same events are asked about.
 */
function withBandFault(inner: BreakoutServing): BreakoutServing & { faulty: boolean } {
  const shifted = new Float64Array(64);
  return {
    faulty: false,
    get baseline() { return inner.baseline; },
    get interval() { return inner.interval; },
    get source() { return inner.source; },
    predictEvent(features, close, atr, context) {
      if (!this.faulty) return inner.predictEvent(features, close, atr, context);
      const f = shifted.subarray(0, features.length);
      for (let i = 0; i < features.length; i++) f[i] = features[i] as number;
      const mid = f[F.bbMiddle] as number;
      f[F.bbUpper] = mid + 4 * ((f[F.bbUpper] as number) - mid);
      f[F.bbLower] = mid - 4 * (mid - (f[F.bbLower] as number));
      return inner.predictEvent(f, close, atr, context);
    },
  };
}

const must = <T>(r: Result<T, string>): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const count = (db: Db, sql: string, ...params: unknown[]): number => (db.prepare(sql).pluck().get(...params) as number | null) ?? 0;

describeWithSharedData('model operations on a replayed session of real daily bars', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let ops: ModelOps;
  let session: PaperSession;
  let feed: Bar[];
  let next = 0;
  let serving: ReturnType<typeof withBandFault>;

  /** Replays stored bars into the session (resolving outcomes after each) until `until` (exclusive) or `stop()` holds. */
  const replayUntil = async (until: number, stop: () => boolean = () => false): Promise<void> => {
    while (next < feed.length && (feed[next] as Bar).time < until) {
      const bar = feed[next++] as Bar;
      await session.onBar(bar);
      // Once per market day, after its last bar: what a desk does at each close.
      if (feed[next]?.time !== bar.time) ops.resolve();
      if (stop()) return;
    }
  };

  beforeAll(() => {
    tmp = makeTempDir('desk-model-ops-');
    db = openDatabase(tmp.file('desk.db'));
    const store = new BarStore(db);
    for (const s of SYMBOLS) store.upsert(columnsToBars(readDaily(s).columns, s, '1d').filter((b) => b.time >= day('2010-01-01') && b.time < day('2014-01-01')));
    const clock = new ManualClock(epochMs(START));
    // v2 is the shipped weights under another version id with a re-signed manifest: honest for routing, drift and rollback.
    copyShippedModel(tmp.file('models'), V1);
    copyShippedModel(tmp.file('models'), V2);
    ops = ModelOps.open({ db, clock, health: { ...DEFAULT_HEALTH_POLICY, driftWindow: 30, driftMinSamples: 30, driftEvery: 5 } });
    serving = withBandFault(ops.router);
    const opened = PaperSession.open({ db, clock, interval: '1d', startingCash: 1_000_000, predictor: serving, decide: () => ({ action: 'confirm' }) });
    if (!opened.ok) throw new Error(opened.error);
    session = opened.value;
    const warm = SYMBOLS.map((symbol) => store.query({ symbol, interval: '1d', to: epochMs(START - 1), limit: 120 }));
    for (const bar of mergeByTime(warm)) session.warmUp(bar);
    feed = mergeByTime(SYMBOLS.map((symbol) => store.query({ symbol, interval: '1d', from: epochMs(START) })));
  });
  afterAll(() => {
    session.close();
    db.close();
    tmp.remove();
  });

  it('deploys v1 as champion and v2 as a 10% challenger, routing symbol-days deterministically', async () => {
    must(ops.registry.register(path.join(tmp.dir, 'models', V1)));
    must(ops.registry.deployChampion(V1, 'trader', 'first model'));
    must(ops.registry.register(path.join(tmp.dir, 'models', V2)));
    must(ops.registry.deployChallenger(V2, 0.1, 'trader', 'try v2 on 10%'));
    await replayUntil(day('2012-07-01'));

    expect(db.prepare("SELECT version, status, traffic_share FROM model_versions ORDER BY version").all()).toEqual([
      { version: V1, status: 'champion', traffic_share: 1 }, { version: V2, status: 'challenger', traffic_share: 0.1 },
    ]);
    expect(db.prepare("SELECT champion, challenger, share, status FROM ab_tests").all()).toEqual([{ champion: V1, challenger: V2, share: 0.1, status: 'running' }]);
    const acted = db.prepare<[], { version: string | null; role: string; symbol: string; bar_time: number }>('SELECT version, role, symbol, bar_time FROM predictions WHERE acted = 1').all();
    expect(acted.length).toBeGreaterThan(100);
    for (const p of acted) expect(p.role).toBe(routesToChallenger(p.symbol, p.bar_time, 0.1) ? 'challenger' : 'champion');
    const share = acted.filter((p) => p.role === 'challenger').length / acted.length;
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.2);
    expect(count(db, "SELECT count(*) FROM model_versions WHERE breaker_state = 'open'")).toBe(0);
    expect(count(db, 'SELECT count(*) FROM outcomes')).toBeGreaterThan(50);
    ops.recordSnapshot();
    expect(count(db, 'SELECT count(*) FROM model_metrics WHERE version = ? AND resolved > 0 AND precision IS NOT NULL AND brier IS NOT NULL', V1)).toBe(1);
  });

  it('raises a drift alert and opens the breaker when one input shifts, and the fallback answers', async () => {
    serving.faulty = true;
    const faultFrom = next;
    const faultAt = (feed[next] as Bar).time;
    await replayUntil(day('2013-01-01'), () => ops.registry.version(V1)?.breaker.state === 'open');
    expect(next).toBeLessThan(feed.length);
    const breaker = db.prepare<[string], { breaker_state: string; breaker_trip: string; breaker_reason: string }>('SELECT breaker_state, breaker_trip, breaker_reason FROM model_versions WHERE version = ?').get(V1);
    expect(breaker).toMatchObject({ breaker_state: 'open', breaker_trip: 'drift' });
    expect(breaker?.breaker_reason).toContain('bollingerWidthAtr');
    // The alert names the shifted column as newly above the alert level; the breaker opened past the breaker level.
    const alerts = db.prepare<[string, number], { reason: string }>("SELECT reason FROM model_events WHERE kind = 'drift-alert' AND version = ? AND at >= ? ORDER BY id").all(V1, faultAt);
    expect(alerts.some((a) => /bollingerWidthAtr PSI \d/.test(a.reason))).toBe(true);
    const opened = db.prepare<[string], { detail: string }>("SELECT detail FROM model_events WHERE kind = 'breaker-opened' AND version = ?").get(V1);
    expect(JSON.parse(opened?.detail ?? '{}')).toMatchObject({ trip: 'drift', worst: 'bollingerWidthAtr' });
    expect((JSON.parse(opened?.detail ?? '{}') as { psi: number }).psi).toBeGreaterThan(DEFAULT_HEALTH_POLICY.driftBreakerPsi);
    expect(faultFrom).toBeLessThan(next);

    // Champion traffic now goes to the rule-based fallback, logged and acting, with the breaker as the reason.
    const before = count(db, "SELECT count(*) FROM predictions WHERE role = 'fallback'");
    await replayUntil(day('2013-01-01'), () => count(db, "SELECT count(*) FROM predictions WHERE role = 'fallback'") >= before + 5);
    const fallback = db.prepare<[], { acted: number; fallback_reason: string; version: string | null }>("SELECT acted, fallback_reason, version FROM predictions WHERE role = 'fallback' ORDER BY id DESC LIMIT 1").get();
    expect(fallback).toMatchObject({ acted: 1, version: null });
    expect(fallback?.fallback_reason).toContain(`${V1} breaker open (drift)`);
    expect(count(db, "SELECT count(*) FROM proposals WHERE model_id = 'baseline'")).toBeGreaterThan(0);
    expect(ops.uptime().share).toBeLessThan(1);
  });

  it('serves v1 again once the trader re-closes the breaker (audited), without re-tripping on the old window', async () => {
    serving.faulty = false;
    expect(ops.registry.closeBreaker(V1, 'system', 'x').ok).toBe(false);
    expect(ops.registry.closeBreaker(V1, 'trader', 'band computation fixed').ok).toBe(true);
    expect(db.prepare("SELECT actor, reason FROM model_events WHERE kind = 'breaker-closed' AND version = ?").get(V1)).toEqual({ actor: 'trader', reason: 'band computation fixed' });
    const mark = count(db, 'SELECT max(id) FROM predictions');
    await replayUntil(day('2013-07-01'));
    expect(count(db, "SELECT breaker_state = 'closed' FROM model_versions WHERE version = ?", V1)).toBe(1);
    expect(count(db, "SELECT count(*) FROM predictions WHERE id > ? AND acted = 1 AND role = 'champion' AND version = ?", mark, V1)).toBeGreaterThan(20);
  });

  it('rolls v2 back in one action: v1 answers every request again and the A/B test is closed', async () => {
    const rolled = ops.registry.rollback('trader', 'v2 adds nothing');
    expect(rolled).toEqual({ ok: true, value: { retired: V2, champion: V1 } });
    expect(db.prepare('SELECT status, traffic_share FROM model_versions WHERE version = ?').get(V2)).toEqual({ status: 'retired', traffic_share: 0 });
    expect(db.prepare('SELECT status FROM ab_tests').get()).toEqual({ status: 'rolled-back' });
    const mark = count(db, 'SELECT max(id) FROM predictions');
    await replayUntil(day('2014-01-01'));
    const after = db.prepare<[number], { version: string | null; role: string; n: number }>('SELECT version, role, count(*) AS n FROM predictions WHERE id > ? AND acted = 1 GROUP BY version, role').all(mark);
    expect(after).toEqual([{ version: V1, role: 'champion', n: expect.any(Number) as number }]);
  });

  it('links every order to the prediction that caused it', () => {
    const orders = count(db, 'SELECT count(*) FROM orders WHERE prediction_id IS NOT NULL');
    expect(orders).toBeGreaterThan(10);
    const linked = db.prepare<[], { role: string; n: number }>(`SELECT p.role, count(*) AS n FROM orders o JOIN predictions p ON p.prediction_key = o.prediction_id
      WHERE o.prediction_id IS NOT NULL GROUP BY p.role ORDER BY p.role`).all();
    expect(linked.reduce((a, r) => a + r.n, 0)).toBe(orders);
    expect(linked.map((r) => r.role)).toEqual(expect.arrayContaining(['champion', 'fallback']));
    // And the proposal that carried it names the version that answered.
    const pairs = db.prepare<[], { model_id: string; version: string | null }>(`SELECT pr.model_id, p.version FROM orders o
      JOIN proposals pr ON pr.client_order_id = o.client_order_id AND pr.kind = 'signal' JOIN predictions p ON p.prediction_key = o.prediction_id`).all();
    expect(pairs.length).toBeGreaterThan(10);
    for (const r of pairs) expect(r.model_id).toBe(r.version === null ? 'baseline' : `breakout:${r.version}`);
  });
  it('gives the dashboard real figures: rolling precision and Brier, reliability, importance, drift and the A/B comparison', () => {
    const series = ops.metricSeries(V1, 50, 10);
    expect(series.length).toBeGreaterThan(3);
    for (const p of series) {
      expect(p.precision).toBeGreaterThanOrEqual(0);
      expect(p.precision).toBeLessThanOrEqual(1);
      expect(p.brier).toBeGreaterThan(0);
    }
    const rel = ops.reliability(V1);
    expect(rel.bins.reduce((a, b) => a + b.count, 0)).toBe(rel.resolved);
    expect(rel.resolved).toBe(ops.liveMetrics(V1).resolved);
    const imp = ops.importance(V1, { minSamples: 20 });
    expect(imp.reason).toBeNull();
    expect(imp.features.map((f) => f.feature)).toContain('atrPct');
    expect(imp.features.every((f) => Number.isFinite(f.importance))).toBe(true);
    expect(ops.drift(V1)?.features).toHaveLength(17);
    expect(ops.drift(V2)).toBeUndefined();
    const ab = ops.abComparison({ resamples: 200 });
    expect(ab.arms.map((a) => [a.version, a.role])).toEqual([[V1, 'champion'], [V2, 'challenger']]);
    expect(ab.arms.every((a) => a.resolved > 0 && a.low !== null && a.high !== null && (a.low ?? 0) <= (a.high ?? 0))).toBe(true);
    expect(ab.pValue).toBeGreaterThan(0);
    expect(ab.difference?.value).toBeCloseTo((ab.arms[1]?.precision ?? 0) - (ab.arms[0]?.precision ?? 0), 12);
    const overview = ops.overview();
    expect(overview.model.champion).toBe(V1);
    expect(overview.alerts.map((a) => a.kind)).toEqual(expect.arrayContaining(['drift-alert', 'breaker-opened', 'breaker-closed']));
    ops.recordSnapshot();
    expect(count(db, 'SELECT count(*) FROM model_metrics WHERE version = ?', V1)).toBe(2);
    expect(count(db, 'SELECT count(*) FROM model_metrics WHERE version IS NULL AND predictions > 0')).toBe(1);
  });
});
