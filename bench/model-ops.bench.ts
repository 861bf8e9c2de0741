import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { epochMs } from '../core/market/units.js';
import { BreakoutPredictor } from '../core/ml/inference/breakout-predictor.js';
import { currentModelDir } from '../core/ml/inference/model-source.js';
import { ModelOps } from '../core/ml/ops/model-ops.js';
import { openDatabase } from '../core/storage/open-database.js';
import { ManualClock } from '../core/time/manual-clock.js';
import { copyShippedModel } from '../test/ml/support/model-ops-artifacts.js';
import { breakoutEvents, type BreakoutEvent } from './breakout-events.js';
import { median } from './stats.js';

/**
 * Model-ops serving overhead: one breakout event answered by the serving router (route by symbol-day, run
 * the champion, log the prediction with its inputs to a SQLite file, drift check every 10th) next to the bare
 * `BreakoutPredictor.predictEvent` of the same shipped model on the same events, in the same run; then the
 * router with a 10% challenger and a shadow beside the champion (two models per request). Medians of 5
 * rounds of per-call means. The ticket's latency bar is 100 ms per prediction.
 */

const ROUNDS = 5;
const CALLS = 2_000;

/** Median over rounds of the mean µs per call. */
function perCallUs(fn: (i: number) => void): number {
  for (let i = 0; i < 200; i++) fn(i);
  const rounds: number[] = [];
  let k = 1_000;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < CALLS; i++) fn(k++);
    rounds.push(((performance.now() - t0) * 1000) / CALLS);
  }
  return median(rounds);
}

export async function run(): Promise<void> {
  const dir = currentModelDir(path.resolve('models/breakout'));
  if (!dir.ok) {
    console.log(`skipped: ${dir.error}`);
    return;
  }
  const ev = breakoutEvents(500, 100);
  const bare = BreakoutPredictor.fromDir(dir.value);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-model-ops-'));
  try {
    const db = openDatabase(path.join(tmp, 'desk.db'));
    const ops = ModelOps.open({ db, clock: new ManualClock(epochMs(Date.UTC(2020, 0, 1))) });
    const v = ops.registry.register(dir.value);
    if (!v.ok) throw new Error(v.error);
    const version = v.value.version;
    const deployed = ops.registry.deployChampion(version, 'trader', 'bench');
    if (!deployed.ok) throw new Error(deployed.error);
    const call = (i: number): BreakoutEvent => ev[i % ev.length] as BreakoutEvent;
    // Each call is a new symbol-day, so every prediction is logged (a repeated key would be skipped).
    const ctx = (i: number): { symbol: string; interval: '1d'; barTime: ReturnType<typeof epochMs> } => ({ symbol: `S${i % 50}`, interval: '1d', barTime: epochMs(i * 86_400_000) });

    const bareUs = perCallUs((i) => {
      const e = call(i);
      bare.predictEvent(e.features, e.close, e.atr);
    });
    const routerUs = perCallUs((i) => {
      const e = call(i);
      ops.router.predictEvent(e.features, e.close, e.atr, ctx(i));
    });
    // Challenger and shadow: the shipped weights under other version ids (re-signed copies), so two models run per request.
    for (const [id, deploy] of [['bench-challenger', (x: string) => ops.registry.deployChallenger(x, 0.1, 'trader', 'bench')], ['bench-shadow', (x: string) => ops.registry.deployShadow(x, 'trader', 'bench')]] as const) {
      const r = ops.registry.register(copyShippedModel(path.join(tmp, 'models'), id));
      if (!r.ok) throw new Error(r.error);
      const d = deploy(id);
      if (!d.ok) throw new Error(d.error);
    }
    const abUs = perCallUs((i) => {
      const e = call(i + 10_000_000);
      ops.router.predictEvent(e.features, e.close, e.atr, ctx(i + 10_000_000));
    });
    const logged = db.prepare('SELECT count(*) FROM predictions').pluck().get() as number;
    const p = db.prepare<[], { p50: number }>('SELECT latency_ms AS p50 FROM predictions WHERE version IS NOT NULL ORDER BY latency_ms LIMIT 1 OFFSET (SELECT count(*) / 2 FROM predictions WHERE version IS NOT NULL)').get();
    console.log(`bare BreakoutPredictor.predictEvent (reference):        ${bareUs.toFixed(1)} µs/prediction`);
    console.log(`router, champion only, logged to SQLite:               ${routerUs.toFixed(1)} µs/prediction  (${(routerUs / bareUs).toFixed(2)}× the bare predictor, +${(routerUs - bareUs).toFixed(1)} µs)`);
    console.log(`router, champion + 10% challenger + shadow, logged:    ${abUs.toFixed(1)} µs/prediction  (${(abUs / bareUs).toFixed(2)}× the bare predictor)`);
    console.log(`${logged} predictions logged; model time alone (logged latency_ms, median) ${((p?.p50 ?? Number.NaN) * 1000).toFixed(1)} µs; the 100 ms budget is ${(100_000 / abUs).toFixed(0)}× the slowest path`);
    db.close();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
