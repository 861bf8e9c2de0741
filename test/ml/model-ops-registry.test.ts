import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FeatureEngine } from '../../core/features/feature-engine.js';
import { F } from '../../core/features/feature-vector.js';
import { columnsToBars } from '../../core/features/testing/feature-fixtures.js';
import type { Bar } from '../../core/market/bar.js';
import { closeOffsetMs } from '../../core/market/interval.js';
import { epochMs } from '../../core/market/units.js';
import { detectBreakout } from '../../core/ml/labels/breakout-event.js';
import { WilderAtr } from '../../core/ml/labels/wilder-atr.js';
import { loadEnsemble, type TrainedEnsemble } from '../../core/ml/models/ensemble-types.js';
import { DEFAULT_HEALTH_POLICY } from '../../core/ml/ops/breaker/health-policy.js';
import { ModelOps, type ModelOpsOptions } from '../../core/ml/ops/model-ops.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { ok, type Result } from '../../core/util/result.js';
import { readDaily } from '../support/daily-csv.js';
import { describeWithSharedData } from '../support/shared-data.js';
import { copyShippedModel } from './support/model-ops-artifacts.js';

const must = <T>(r: Result<T, string>): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const START = Date.UTC(2012, 0, 3);

describeWithSharedData('model registry and serving router on the shipped model', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let clock: ManualClock;
  let bars: Bar[];
  const models = (): string => path.join(tmp.dir, 'models');
  const open = (extra: Partial<ModelOpsOptions> = {}): ModelOps => ModelOps.open({ db, clock, ...extra });
  const count = (sql: string, ...params: unknown[]): number => (db.prepare(sql).pluck().get(...params) as number | null) ?? 0;

  /** Streams AAPL's stored bars through features + ATR into the router, advancing the clock to each close and resolving once a day. */
  const replay = (ops: ModelOps, from: number, to: number): number => {
    const engine = new FeatureEngine({ symbol: 'AAPL', interval: '1d' });
    const atr = new WilderAtr(ops.baseline.spec.atrPeriod);
    let events = 0;
    for (const bar of bars) {
      if (bar.time >= to) break;
      if (!engine.onBar(bar).ok) continue;
      atr.push(bar.high, bar.low, bar.close);
      if (bar.time < from || !engine.warm) continue;
      clock.advanceTo(bar.time + closeOffsetMs('1d'));
      if (ops.router.predictEvent(engine.values, bar.close, atr.value, { symbol: 'AAPL', interval: '1d', barTime: bar.time }) !== undefined) events++;
      ops.resolve();
    }
    return events;
  };

  beforeEach(() => {
    tmp = makeTempDir('desk-model-registry-');
    db = openDatabase(tmp.file('desk.db'));
    bars = columnsToBars(readDaily('AAPL').columns, 'AAPL', '1d').filter((b) => b.time >= Date.UTC(2010, 6, 1) && b.time < Date.UTC(2016, 0, 1));
    new BarStore(db).upsert(bars);
    clock = new ManualClock(epochMs(START));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('refuses a tampered weight file, naming the file, and keeps the refusal with its reason', () => {
    const dir = copyShippedModel(models(), 'v-tampered');
    const file = path.join(dir, 'weights.bin');
    const bytes = readFileSync(file);
    bytes[100] = (bytes[100] as number) ^ 0xff;
    writeFileSync(file, bytes);
    const ops = open();
    const r = ops.registry.register(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/weights\.bin sha256 .* does not match the manifest's .*: the file is corrupt or was changed/);
    expect(db.prepare('SELECT status, refused_reason FROM model_versions WHERE version = ?').get('v-tampered')).toEqual({ status: 'refused', refused_reason: r.error });
    expect(db.prepare("SELECT actor, reason FROM model_events WHERE kind = 'refused'").get()).toEqual({ actor: 'trader', reason: r.error });
    expect(ops.registry.deployChampion('v-tampered', 'trader', 'try').ok).toBe(false);
  });

  it('refuses a model trained on another feature schema', () => {
    const dir = copyShippedModel(models(), 'v-schema', (_d, m) => ({ ...m, featureSchemaHash: 'a'.repeat(64) }));
    const r = open().registry.register(dir);
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/trained on feature schema aaaaaaaaaaaa but this build computes [0-9a-f]{12}; retrain/) as string });
  });

  it('refuses a model whose golden vectors do not reproduce, saying by how much', () => {
    const dir = copyShippedModel(models(), 'v-golden', (d, m) => {
      const file = path.join(d, 'golden.json');
      const g = JSON.parse(readFileSync(file, 'utf8')) as { outputs: number[] };
      g.outputs[3] = (g.outputs[3] as number) + 1e-3;
      writeFileSync(file, `${JSON.stringify(g)}\n`);
      return m;
    });
    const r = open().registry.register(dir);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/golden vector 3 gives .* \(off by 1\.00e-3, tolerance 1e-5\)/);
  });

  it('refuses a model without golden vectors, and one worse than the champion on the metric gates', () => {
    const ops = open();
    const none = copyShippedModel(models(), 'v-nogolden', (_d, m) => ({ ...m, files: m.files.filter((f) => f.name !== 'golden.json') }));
    expect(ops.registry.register(none)).toEqual({ ok: false, error: expect.stringContaining('has no golden.json') as string });
    must(ops.registry.register(copyShippedModel(models(), 'v1')));
    must(ops.registry.deployChampion('v1', 'trader', 'first'));
    const worse = copyShippedModel(models(), 'v-worse', (_d, m) => {
      const metrics = { ...m.metrics };
      for (const k of Object.keys(metrics)) if (k.endsWith('.ensemble.auc')) metrics[k] = { value: (metrics[k]?.value ?? 0.5) - 0.1, low: null, high: null };
      return { ...m, metrics };
    });
    const r = ops.registry.register(worse);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/worse than champion v1 on .*ensemble\.auc .* \(must be at least the champion's − 0\.02\)/);
    const same = ops.registry.register(copyShippedModel(models(), 'v2'));
    expect(same.ok && same.value.validation?.gates.every((g) => g.passed)).toBe(true);
  });

  it('promotes a challenger and rolls back to the replaced champion in one action, each step audited', () => {
    const ops = open();
    for (const v of ['v1', 'v2']) must(ops.registry.register(copyShippedModel(models(), v)));
    expect(ops.registry.deployChallenger('v2', 0.1, 'trader', 'too early').ok).toBe(false);
    must(ops.registry.deployChampion('v1', 'trader', 'first'));
    expect(ops.registry.deployChallenger('v2', 1.5, 'trader', 'bad share').ok).toBe(false);
    must(ops.registry.deployChallenger('v2', 0.1, 'trader', 'A/B'));
    must(ops.registry.promote('v2', 'trader', 'better'));
    expect(db.prepare('SELECT version, status FROM model_versions ORDER BY version').all()).toEqual([{ version: 'v1', status: 'retired' }, { version: 'v2', status: 'champion' }]);
    expect(db.prepare('SELECT status FROM ab_tests').pluck().get()).toBe('promoted');
    expect(must(ops.registry.rollback('trader', 'v2 misbehaves'))).toEqual({ retired: 'v2', champion: 'v1' });
    expect(db.prepare('SELECT version, status FROM model_versions ORDER BY version').all()).toEqual([{ version: 'v1', status: 'champion' }, { version: 'v2', status: 'retired' }]);
    expect(ops.registry.rollback('trader', 'again').ok).toBe(false);
    expect(db.prepare("SELECT kind FROM model_events WHERE model = 'breakout' ORDER BY id").pluck().all()).toEqual(
      ['registered', 'registered', 'deployed-champion', 'deployed-challenger', 'promoted', 'rolled-back']);
  });

  it('answers with the baseline while the model or all models are disabled, and the switches survive a restart', () => {
    let ops = open();
    must(ops.registry.register(copyShippedModel(models(), 'v1')));
    must(ops.registry.deployChampion('v1', 'trader', 'first'));
    must(ops.registry.setModelDisabled(true, 'trader', 'earnings week'));
    replay(ops, START, Date.UTC(2012, 6, 1));
    expect(count("SELECT count(*) FROM predictions WHERE role <> 'fallback'")).toBe(0);
    expect(db.prepare('SELECT DISTINCT fallback_reason FROM predictions').pluck().all()).toEqual(['model breakout disabled: earnings week']);
    ops = open();
    expect(ops.router.source).toEqual({ kind: 'baseline', reason: 'model breakout disabled: earnings week' });
    must(ops.registry.setModelDisabled(false, 'trader', 'back'));
    must(ops.registry.setAllDisabled(true, 'trader', 'kill switch'));
    ops = open();
    expect(ops.overview().allDisabledReason).toBe('kill switch');
    expect(ops.router.source).toEqual({ kind: 'baseline', reason: 'all models disabled: kill switch' });
    must(ops.registry.setAllDisabled(false, 'trader', 'resume'));
    must(ops.registry.setVersionDisabled('v1', true, 'trader', 'only v1'));
    expect(ops.router.source.kind).toBe('baseline');
    must(ops.registry.setVersionDisabled('v1', false, 'trader', 'v1 back'));
    const served = replay(ops, Date.UTC(2012, 6, 1), Date.UTC(2013, 0, 1));
    expect(served).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM predictions WHERE role = 'champion' AND version = 'v1' AND acted = 1")).toBe(served);
    expect(ops.uptime().share).toBeLessThan(1);
  });

  it('opens the breaker on a slow answer and on a NaN output; only the trader re-closes it', () => {
    let slow = false;
    let t = 0;
    let broken = false;
    const loader = (files: Parameters<typeof loadEnsemble>[0]): Result<TrainedEnsemble, string> => {
      const e = must(loadEnsemble(files));
      return ok({ dims: e.dims, predictProba: (r, n) => e.predictProba(r, n), memberScores: (r, n) => e.memberScores(r, n), toArtifact: () => e.toArtifact(),
        explain: (row) => (broken ? { ...e.explain(row), probability: Number.NaN } : e.explain(row)) });
    };
    const ops = open({ loader, stopwatch: () => (t += slow ? 250 : 0.01) });
    ops.onChange(() => {
      throw new Error('a broken dashboard listener');
    });
    must(ops.registry.register(copyShippedModel(models(), 'v1')));
    must(ops.registry.deployChampion('v1', 'trader', 'first'));
    slow = true;
    replay(ops, START, Date.UTC(2012, 6, 1));
    expect(db.prepare("SELECT breaker_state, breaker_trip FROM model_versions WHERE version = 'v1'").get()).toEqual({ breaker_state: 'open', breaker_trip: 'latency' });
    expect(db.prepare("SELECT acted, breaker_state, latency_ms FROM predictions WHERE version = 'v1' ORDER BY id LIMIT 1").get()).toEqual({ acted: 0, breaker_state: 'open', latency_ms: 250 });
    expect(db.prepare("SELECT role, acted FROM predictions WHERE id = 2").get()).toEqual({ role: 'fallback', acted: 1 });
    expect(ops.registry.closeBreaker('v1', 'system', 'auto').ok).toBe(false);
    slow = false;
    broken = true;
    must(ops.registry.closeBreaker('v1', 'trader', 'machine was busy'));
    replay(ops, Date.UTC(2012, 6, 1), Date.UTC(2013, 0, 1));
    expect(db.prepare("SELECT breaker_state, breaker_trip FROM model_versions WHERE version = 'v1'").get()).toEqual({ breaker_state: 'open', breaker_trip: 'nan' });
    expect(ops.registry.events().map((e) => e.kind).filter((k) => k.startsWith('breaker'))).toEqual(['breaker-opened', 'breaker-closed', 'breaker-opened']);
    expect(ops.registry.listenerErrors).toBeGreaterThan(0);
  });

  it('runs a shadow on every request without it ever acting', () => {
    const ops = open();
    for (const v of ['v1', 'v2']) must(ops.registry.register(copyShippedModel(models(), v)));
    must(ops.registry.deployChampion('v1', 'trader', 'first'));
    must(ops.registry.deployShadow('v2', 'trader', 'watch'));
    const events = replay(ops, START, Date.UTC(2013, 0, 1));
    expect(count("SELECT count(*) FROM predictions WHERE version = 'v2' AND role = 'shadow' AND acted = 0 AND prediction_key IS NULL")).toBe(events);
    expect(count("SELECT count(*) FROM predictions WHERE acted = 1 AND version = 'v1'")).toBe(events);
    expect(ops.router.source).toMatchObject({ kind: 'model', version: 'v1' });
  });

  it('rolls a challenger back on its own when its live precision falls below the gate', () => {
    const ops = open({ rollbackGate: { minResolved: 5, minPrecision: 0.99 }, health: { ...DEFAULT_HEALTH_POLICY, losingRun: 1000 } });
    for (const v of ['v1', 'v2']) must(ops.registry.register(copyShippedModel(models(), v)));
    must(ops.registry.deployChampion('v1', 'trader', 'first'));
    must(ops.registry.deployChallenger('v2', 0.5, 'trader', 'A/B'));
    replay(ops, START, Date.UTC(2015, 6, 1));
    expect(db.prepare("SELECT status FROM model_versions WHERE version = 'v2'").pluck().get()).toBe('retired');
    expect(db.prepare("SELECT actor, reason FROM model_events WHERE kind = 'auto-rollback'").get()).toEqual({ actor: 'system', reason: expect.stringMatching(/v2: live precision 0\.\d+ over \d+ resolved signals is below the gate 0\.99/) as string });
    const ab = ops.abComparison({ resamples: 200 });
    expect(ab.status).toBe('rolled-back');
    expect(ab.arms.map((a) => a.version)).toEqual(['v1', 'v2']);
    expect(ab.arms[1]?.resolved).toBeGreaterThanOrEqual(5);
  });
  it('keeps deployments across a restart, and serves the baseline (saying why) when a deployed file changed since', () => {
    let ops = open();
    const dir = copyShippedModel(models(), 'v1');
    must(ops.registry.register(dir));
    must(ops.registry.deployChampion('v1', 'trader', 'first'));
    expect(open().router.source).toMatchObject({ kind: 'model', version: 'v1' });
    const file = path.join(dir, 'svm.bin');
    const bytes = readFileSync(file);
    bytes[10] = (bytes[10] as number) ^ 1;
    writeFileSync(file, bytes);
    ops = open();
    expect(ops.registry.serving.unavailable.get('v1')).toMatch(/svm\.bin sha256 .* does not match/);
    expect(ops.router.source).toEqual({ kind: 'baseline', reason: expect.stringMatching(/the deployed breakout version cannot load: .*svm\.bin/) as string });
    replay(ops, START, Date.UTC(2012, 6, 1));
    expect(count("SELECT count(*) FROM predictions WHERE role <> 'fallback'")).toBe(0);
    expect(count("SELECT count(*) FROM predictions WHERE fallback_reason LIKE '%svm.bin%'")).toBeGreaterThan(0);
  });
  it('opens the breaker on inputs that are mostly missing (a broken feature pipeline) and answers with the baseline', () => {
    const ops = open();
    must(ops.registry.register(copyShippedModel(models(), 'v1')));
    must(ops.registry.deployChampion('v1', 'trader', 'first'));
    const engine = new FeatureEngine({ symbol: 'AAPL', interval: '1d' });
    const atr = new WilderAtr(ops.baseline.spec.atrPeriod);
    for (const bar of bars) {
      if (!engine.onBar(bar).ok) continue;
      atr.push(bar.high, bar.low, bar.close);
      if (!engine.warm || detectBreakout(bar.close, engine.values, atr.value, ops.baseline.spec) === undefined) continue;
      const broken = engine.values.slice();
      for (const i of [F.rsi, F.macd, F.bbUpper, F.bbMiddle, F.bbLower, F.sma20, F.sma50, F.trendStrength, F.momentum, F.volumeSpike]) broken[i] = Number.NaN;
      const answer = ops.router.predictEvent(broken, bar.close, atr.value, { symbol: 'AAPL', interval: '1d', barTime: bar.time });
      expect(answer?.confidence).toBe(0);
      break;
    }
    expect(db.prepare("SELECT breaker_state, breaker_trip, breaker_reason FROM model_versions WHERE version = 'v1'").get())
      .toEqual({ breaker_state: 'open', breaker_trip: 'invalid-input', breaker_reason: expect.stringMatching(/v1: invalid input: \d+ of 17 model inputs are missing/) as string });
    expect(db.prepare('SELECT role, acted FROM predictions ORDER BY id').all()).toEqual([{ role: 'champion', acted: 0 }, { role: 'fallback', acted: 1 }]);
  });
});
