import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelOpsOverview } from '../contract/model-ops-schemas.js';
import { mergeByTime } from '../feeds/replay/merge-by-time.js';
import type { Bar } from '../market/bar.js';
import { currentModelDir } from '../ml/inference/model-source.js';
import { SHIPPED_BREAKOUT_MODELS } from '../ml/inference/shipped-models.js';
import { breakoutSeries } from '../ml/labels/testing/breakout-series.js';
import { openDatabase } from '../storage/open-database.js';
import { makeTempDir } from '../storage/testing/temp-dir.js';
import { ManualClock } from '../time/manual-clock.js';
import { createDesk, type Desk } from './create-desk.js';
import { FIGURES_PUSH_MS } from './desk-model-ops.js';
import { ScriptedFeed } from './scripted-feed.js';

const SYMBOLS = ['AAA', 'BBB', 'CCC'];
const HISTORY = 150;
const LIVE = 260;

const shipped = (): string => {
  const dir = currentModelDir(SHIPPED_BREAKOUT_MODELS);
  if (!dir.ok) throw new Error(dir.error);
  return dir.value;
};

/** A copy of the shipped version under another version name: same weights, so it verifies and passes the gates. */
function copyAs(tmp: string, version: string): string {
  const dir = path.join(tmp, version);
  cpSync(shipped(), dir, { recursive: true });
  const manifestFile = path.join(dir, 'manifest.json');
  writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(readFileSync(manifestFile, 'utf8')), version }));
  return dir;
}

/** Rewrites one file of a version copy and its size and sha256 in the manifest: consistent files that compute something else. */
function rewriteListed(dir: string, name: string, text: string): void {
  writeFileSync(path.join(dir, name), text);
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { files: { name: string; bytes: number; sha256: string }[] };
  const bytes = Buffer.from(text, 'utf8');
  manifest.files = manifest.files.map((f) => (f.name === name ? { ...f, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } : f));
  writeFileSync(manifestFile, JSON.stringify(manifest));
}

describe('model-ops requests on a desk trading daily bars', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let desk: Desk;
  let dbFile: string;
  const health: ModelOpsOverview[] = [];
  let metricEvents = 0;
  const deskClock = new ManualClock(1_000);

  beforeAll(async () => {
    tmp = makeTempDir('desk-model-ops-');
    dbFile = tmp.file('desk.db');
    const series = SYMBOLS.map((s, i) => breakoutSeries(31 + i, HISTORY + LIVE, s, '1d', Date.UTC(2012, 0, 2)));
    const feed = new ScriptedFeed(series.flatMap((bars) => bars.slice(0, HISTORY)));
    desk = await createDesk({
      dbFile, clock: deskClock, seed: 1,
      createFeed: () => ({ feed, symbols: SYMBOLS, interval: '1d', historyBars: HISTORY }),
    });
    desk.on('modelHealth', (o) => health.push(o));
    desk.on('modelMetrics', () => metricEvents++);
    const live: Bar[] = mergeByTime(series.map((bars) => bars.slice(HISTORY)));
    for (const bar of live) feed.emitBar(bar);
    await desk.idle();
  });

  afterAll(async () => {
    await desk?.close();
    tmp?.remove();
  });

  it('installs the shipped model as champion on a fresh database and serves through it', async () => {
    const r = await desk.invoke('models.list', {});
    if (!r.ok) throw new Error(r.error.message);
    const m = r.value.models[0];
    expect(m?.model).toBe('breakout');
    expect(m?.champion).toMatch(/^v1-/);
    expect(r.value.fallback).toEqual({ active: false, reason: null });
    const champion = m?.versions.find((v) => v.status === 'champion');
    expect(champion?.trafficShare).toBe(1);
    expect(champion?.manifestMetrics['later-years.ensemble.brier']).toBeGreaterThan(0);
    // Logged once per event, though both the ML view and the session asked about each bar.
    const db = openDatabase(dbFile);
    try {
      const logged = db.prepare<[], { n: number; keys: number }>("SELECT count(*) AS n, count(DISTINCT symbol || bar_time) AS keys FROM predictions WHERE role = 'champion'").get();
      expect(logged?.n).toBeGreaterThan(5);
      expect(logged?.n).toBe(logged?.keys);
      expect(champion?.live.predictions).toBe(logged?.n);
      expect(r.value.uptime.share).toBe(1);
    } finally {
      db.close();
    }
  });

  it('resolves outcomes after bars and answers metrics, reliability and drift from the logged predictions', async () => {
    const list = await desk.invoke('models.list', {});
    const version = list.ok ? (list.value.models[0]?.champion ?? '') : '';
    const champion = list.ok ? list.value.models[0]?.versions.find((v) => v.version === version) : undefined;
    expect(champion?.live.resolved).toBeGreaterThan(0);
    // The desk clock stood still through the replay: one push, the rest waiting for the throttle's trailing one.
    expect(metricEvents).toBe(1);
    const snapshots = (): number => {
      const db = openDatabase(dbFile);
      try {
        return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM model_metrics WHERE version IS NOT NULL').get()?.n ?? 0;
      } finally {
        db.close();
      }
    };
    expect(snapshots()).toBe(1);
    deskClock.advanceBy(FIGURES_PUSH_MS);
    expect(metricEvents).toBe(2);
    expect(snapshots()).toBe(2);

    const metrics = await desk.invoke('models.metrics', { model: 'breakout' });
    const points = metrics.ok ? (metrics.value.series.find((s) => s.version === version)?.points ?? []) : [];
    expect(points.length).toBeGreaterThan(0);
    expect(points.at(-1)?.precision).toBe(champion?.live.precision);

    const rel = await desk.invoke('models.reliability', { model: 'breakout', version });
    expect(rel.ok && rel.value.resolved).toBe(champion?.live.resolved);
    expect(rel.ok && rel.value.bins.reduce((a, b) => a + b.count, 0)).toBe(champion?.live.resolved);

    const drift = await desk.invoke('models.drift', { model: 'breakout', version });
    expect(drift.ok && drift.value.features.length).toBe(17);
    expect(drift.ok && drift.value.threshold).toBe(0.25);

    const ab = await desk.invoke('models.abTest', { model: 'breakout' });
    expect(ab.ok && ab.value.arms).toEqual([]);
    expect(ab.ok && ab.value.reason).toMatch(/no A\/B test/);
  });

  it('refuses a tampered version with the reason, and lists it as refused', async () => {
    const dir = copyAs(tmp.dir, 'v9-tampered');
    const weights = path.join(dir, 'weights.bin');
    const bytes = readFileSync(weights);
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    writeFileSync(weights, bytes);
    const r = await desk.invoke('models.register', { model: 'breakout', dir, reason: 'try a tampered copy' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('conflict');
    expect(r.error.message).toMatch(/weights\.bin/);
    const list = await desk.invoke('models.list', {});
    const refused = list.ok ? list.value.models[0]?.versions.find((v) => v.status === 'refused') : undefined;
    expect(refused?.refusedReason).toMatch(/weights\.bin/);
    expect(health.at(-1)?.models[0]?.versions.some((v) => v.status === 'refused')).toBe(true);
  });

  it('refuses a version trained on another feature schema, and one whose golden vectors do not reproduce', async () => {
    const schema = copyAs(tmp.dir, 'v8-schema');
    const manifestFile = path.join(schema, 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(readFileSync(manifestFile, 'utf8')), featureSchemaHash: 'a'.repeat(64) }));
    const s = await desk.invoke('models.register', { model: 'breakout', dir: schema, reason: 'old schema' });
    expect(!s.ok && s.error.message).toMatch(/schema/i);

    const golden = copyAs(tmp.dir, 'v7-golden');
    const vectors = JSON.parse(readFileSync(path.join(golden, 'golden.json'), 'utf8')) as { outputs: number[] };
    rewriteListed(golden, 'golden.json', JSON.stringify({ ...vectors, outputs: vectors.outputs.map((p) => Math.min(1, p + 0.01)) }));
    const g = await desk.invoke('models.register', { model: 'breakout', dir: golden, reason: 'bad golden' });
    expect(!g.ok && g.error.message).toMatch(/golden/i);

    const list = await desk.invoke('models.list', {});
    const refused = list.ok ? list.value.models[0]?.versions.filter((v) => v.status === 'refused').map((v) => v.version).sort() : [];
    expect(refused).toEqual(['v7-golden', 'v8-schema', 'v9-tampered']);
  });

  it('deploys a challenger on a share, refuses bad params with where and why, and rolls back in one action', async () => {
    const reg = await desk.invoke('models.register', { model: 'breakout', dir: copyAs(tmp.dir, 'v2-copy'), reason: 'candidate' });
    expect(reg.ok).toBe(true);

    const noShare = await desk.invoke('models.deploy', { model: 'breakout', version: 'v2-copy', mode: 'challenger', reason: 'A/B' });
    expect(!noShare.ok && noShare.error.issues?.[0]?.path).toBe('trafficShare');
    const noReason = await desk.invoke('models.deploy', { model: 'breakout', version: 'v2-copy', mode: 'shadow', reason: '  ' });
    expect(!noReason.ok && noReason.error.code).toBe('invalid-params');
    const unknown = await desk.invoke('models.deploy', { model: 'breakout', version: 'v7', mode: 'shadow', reason: 'x' });
    expect(!unknown.ok && unknown.error.code).toBe('not-found');

    const deployed = await desk.invoke('models.deploy', { model: 'breakout', version: 'v2-copy', mode: 'challenger', trafficShare: 0.1, reason: 'A/B v2 on 10%' });
    if (!deployed.ok) throw new Error(deployed.error.message);
    expect(deployed.value.models[0]?.challenger).toBe('v2-copy');
    expect(deployed.value.models[0]?.versions.find((v) => v.version === 'v2-copy')?.trafficShare).toBe(0.1);
    const ab = await desk.invoke('models.abTest', { model: 'breakout' });
    expect(ab.ok && ab.value.status).toBe('running');
    expect(ab.ok && ab.value.arms.map((a) => a.role)).toEqual(['champion', 'challenger']);

    const rolled = await desk.invoke('models.rollback', { model: 'breakout', reason: 'v2 not needed' });
    if (!rolled.ok) throw new Error(rolled.error.message);
    expect(rolled.value.models[0]?.challenger).toBeNull();
    expect(rolled.value.models[0]?.versions.find((v) => v.version === 'v2-copy')?.status).toBe('retired');
  });

  it('runs a retired version in shadow, promotes it to champion and rolls back to the one it replaced', async () => {
    const notDeployed = await desk.invoke('models.drift', { model: 'breakout', version: 'v2-copy' });
    expect(notDeployed.ok && notDeployed.value.reason).toMatch(/not deployed/);
    expect(notDeployed.ok && notDeployed.value.features.every((f) => f.psi === null)).toBe(true);
    const before = await desk.invoke('models.list', {});
    const v1 = before.ok ? (before.value.models[0]?.champion ?? '') : '';
    const importance = await desk.invoke('models.importance', { model: 'breakout', version: v1 });
    expect(importance.ok && importance.value.metric).toBe('brier');

    const shadow = await desk.invoke('models.deploy', { model: 'breakout', version: 'v2-copy', mode: 'shadow', reason: 'watch it' });
    expect(shadow.ok && shadow.value.models[0]?.versions.find((v) => v.version === 'v2-copy')?.status).toBe('shadow');
    const promoted = await desk.invoke('models.promote', { model: 'breakout', version: 'v2-copy', reason: 'good in shadow' });
    expect(promoted.ok && promoted.value.models[0]?.champion).toBe('v2-copy');
    const again = await desk.invoke('models.promote', { model: 'breakout', version: 'v2-copy', reason: 'twice' });
    expect(!again.ok && again.error.code).toBe('conflict');
    const back = await desk.invoke('models.rollback', { model: 'breakout', reason: 'back to v1' });
    expect(back.ok && back.value.models[0]?.champion).toBe(v1);
    const direct = await desk.invoke('models.deploy', { model: 'breakout', version: 'v2-copy', mode: 'champion', reason: 'straight to champion' });
    expect(direct.ok && direct.value.models[0]?.champion).toBe('v2-copy');
    const restore = await desk.invoke('models.rollback', { model: 'breakout', reason: 'v1 again' });
    expect(restore.ok && restore.value.models[0]?.champion).toBe(v1);
    const one = await desk.invoke('models.metrics', { model: 'breakout', version: v1, limit: 2 });
    expect(one.ok && one.value.series.map((x) => [x.version, x.points.length <= 2])).toEqual([[v1, true]]);
  });

  it('disables the model and all models with a reason, the fallback saying why; a closed breaker cannot be re-closed', async () => {
    const off = await desk.invoke('models.disable', { model: 'breakout', reason: 'maintenance' });
    expect(off.ok && off.value.models[0]?.disabled).toBe(true);
    const on = await desk.invoke('models.enable', { model: 'breakout', reason: 'done' });
    expect(on.ok && on.value.models[0]?.disabled).toBe(false);

    const all = await desk.invoke('models.disableAll', { disabled: true, reason: 'market halt' });
    expect(all.ok && [all.value.allDisabled, all.value.fallback.active, all.value.allDisabledReason]).toEqual([true, true, 'market halt']);
    expect(all.ok && all.value.fallback.reason).toBe('all models disabled: market halt');
    const back = await desk.invoke('models.disableAll', { disabled: false, reason: 'reopened' });
    expect(back.ok && back.value.allDisabled).toBe(false);

    const list = await desk.invoke('models.list', {});
    const version = list.ok ? (list.value.models[0]?.champion ?? '') : '';
    const close = await desk.invoke('models.breaker.close', { model: 'breakout', version, reason: 'checked' });
    expect(!close.ok && close.error.message).toMatch(/already closed/);
    const other = await desk.invoke('models.list', {});
    expect(other.ok && other.value.alerts.some((a) => a.kind === 'disabled-all' && a.message === 'market halt')).toBe(true);
  });

  it('answers for another model name with not-found', async () => {
    const r = await desk.invoke('models.abTest', { model: 'sentiment' });
    expect(!r.ok && r.error.code).toBe('not-found');
  });
});

describe('model-ops requests on a desk the registry does not serve', () => {
  it('says why on a minute-bar desk, installs nothing, and still answers every read', async () => {
    const tmp = makeTempDir('desk-model-ops-1m-');
    const desk = await createDesk({ dbFile: tmp.file('desk.db'), clock: new ManualClock(1_000), seed: 1, createFeed: () => ({ feed: new ScriptedFeed(), symbols: ['AAA'], interval: '1m', historyBars: 0 }) });
    try {
      const r = await desk.invoke('models.list', {});
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.fallback).toEqual({ active: true, reason: "the registry's models serve 1d bars and this desk trades 1m bars, so the rule-based baseline serves" });
      expect(r.value.models[0]?.versions).toEqual([]);
      const metrics = await desk.invoke('models.metrics', { model: 'breakout' });
      expect(metrics.ok && metrics.value.series).toEqual([]);
      const drift = await desk.invoke('models.drift', { model: 'breakout', version: 'v1' });
      expect(!drift.ok && drift.error.code).toBe('not-found');
    } finally {
      await desk.close();
      tmp.remove();
    }
  });
});
