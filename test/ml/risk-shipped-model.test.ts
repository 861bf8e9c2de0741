import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnsToBars } from '../../core/features/testing/feature-fixtures.js';
import type { Bar } from '../../core/market/bar.js';
import { sha256Hex } from '../../core/ml/artifact/write-artifact.js';
import { riskManifestSchema } from '../../core/ml/risk/artifact/risk-manifest.js';
import { tfRuntime } from '../../core/ml/models/tf-backend.js';
import { encodeQWeights } from '../../core/ml/risk/dqn/q-network.js';
import { trainDqn } from '../../core/ml/risk/dqn/train-dqn.js';
import type { DqnConfig } from '../../core/ml/risk/dqn/dqn-config.js';
import { runPortfolio } from '../../core/ml/risk/env/portfolio-sim.js';
import { buildRiskMarket } from '../../core/ml/risk/env/risk-market.js';
import { DEFAULT_ACTION_GRID } from '../../core/ml/risk/env/risk-actions.js';
import { loadRiskModel, SHIPPED_RISK_MODELS } from '../../core/ml/risk/load-risk-model.js';
import { INITIAL_EQUITY, MAX_HOLD_BARS } from '../../core/ml/risk/train-risk-model.js';
import { DEFAULT_PAPER_BROKER_CONFIG } from '../../core/trading/paper/paper-broker-config.js';
import { readDaily, dailySymbols } from '../support/daily-csv.js';
import { describeWithSharedData, sharedDataDir } from '../support/shared-data.js';
import { ingestPath } from '../../core/ingest/ingest-path.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';

const root = SHIPPED_RISK_MODELS;
const version = (JSON.parse(readFileSync(path.join(root, 'current.json'), 'utf8')) as { version: string }).version;
const dir = path.join(root, version);
const manifest = riskManifestSchema.parse(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));

describe('the shipped risk model', () => {
  it('verifies, loads as the current version and its weights hash is the manifest\'s', () => {
    const loaded = loadRiskModel(root);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.value.id).toBe(`risk:${version}`);
    expect(sha256Hex(readFileSync(path.join(dir, 'weights.bin')))).toBe(manifest.weightsSha256);
    expect(version).toBe(`v1-${manifest.weightsSha256.slice(0, 12)}`);
  });

  it('ships its walk-forward report with a verdict for both baselines in both books', () => {
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as { comparisons: { universe: string; baseline: string; verdict: string }[] };
    expect(report.comparisons.map((c) => `${c.universe}/${c.baseline}`).sort()).toEqual([
      'held-out symbols/fixed-fraction', 'held-out symbols/vol-target at DQN size', 'held-out symbols/vol-target-atr',
      'training symbols, later years/fixed-fraction', 'training symbols, later years/vol-target at DQN size', 'training symbols, later years/vol-target-atr',
    ]);
    // A verdict either way: /MEET/ alone also matched "DOES NOT MEET" and any stray mention.
    for (const c of report.comparisons) expect(c.verdict).toMatch(/^(MEETS|DOES NOT MEET) the ticket's bar: /);
  });
});

describeWithSharedData('the shipped risk model on the real daily bars', () => {
  it('sizes every held-out entry of 2015 with every RiskDecision field in range', () => {
    const loaded = loadRiskModel(root);
    if (!loaded.ok) throw new Error(loaded.error);
    const symbols = manifest.training.heldOutSymbols.filter((s) => dailySymbols().includes(s));
    const bars = new Map<string, readonly Bar[]>(symbols.map((s) => [s, columnsToBars(readDaily(s).columns, s, '1d')]));
    const market = buildRiskMarket(bars, { cooldownBars: MAX_HOLD_BARS + 3 });
    const path2015 = runPortfolio({ market, symbols: new Set(symbols), from: Date.UTC(2015, 0, 1), to: Date.UTC(2016, 0, 1), broker: DEFAULT_PAPER_BROKER_CONFIG, maxHoldBars: MAX_HOLD_BARS, initialEquity: INITIAL_EQUITY }, (i) => loaded.value.size(i));
    expect(path2015.outcomes.length).toBeGreaterThan(10);
    for (const o of path2015.outcomes) {
      const d = loaded.value.size(o.input);
      if (!d.ok) throw new Error(d.error);
      const v = d.value;
      expect(v.recommendedPosition).toBeGreaterThanOrEqual(0);
      expect(v.recommendedPosition).toBeLessThanOrEqual(20.01);
      expect(v.quantity).toBe(Math.floor(v.quantity));
      expect((v.takeProfit - o.input.entry) * o.input.direction).toBeGreaterThan(0);
      expect((o.input.entry - v.stopLoss) * o.input.direction).toBeGreaterThan(0);
      expect(v.maxDrawdown).toBeLessThanOrEqual(20 * 2.5 * (o.input.atr / o.input.entry) + 1e-9);
      expect(v.volatilityAdjustment).toBeGreaterThanOrEqual(0);
      expect(v.note).toMatch(/^DQN action \d+/);
    }
  });

  // Retraining takes over a minute on one core: run it on demand (DESK_RISK_RETRAIN=1), not in every CI run.
  const retrain = process.env['DESK_RISK_RETRAIN'] === '1';
  if (!retrain) console.warn('[skipped] shipped risk model retrain: set DESK_RISK_RETRAIN=1 (takes over a minute)');
  it.skipIf(!retrain)('is retrained to the same weights hash with its seed and settings', async () => {
    const training = JSON.parse(readFileSync(path.join(dir, 'training.json'), 'utf8')) as { config: DqnConfig };
    const heldOut = new Set(manifest.training.heldOutSymbols);
    const trainEnd = Date.UTC(manifest.training.lastYear + 1, 0, 1);
    // The bars as `desk train risk` reads them: imported into a database (the importer refuses a few rows
    // the plain CSV reader keeps), then read back from the BarStore.
    const tmp = makeTempDir('desk-risk-retrain-');
    const db = openDatabase(tmp.file('bars.db'));
    const store = new BarStore(db);
    const imported = ingestPath(path.join(sharedDataDir(), 'daily'), store);
    if (!imported.ok) throw new Error(imported.error);
    const bars = new Map<string, readonly Bar[]>(store.symbols('1d').filter((s) => !heldOut.has(s)).map((s) => [s, store.query({ symbol: s, interval: '1d' }).filter((b) => b.time < trainEnd)]));
    db.close();
    tmp.remove();
    const market = buildRiskMarket(bars, { cooldownBars: MAX_HOLD_BARS + 3 });
    const t = await tfRuntime();
    const trained = await trainDqn(t, {
      market, symbols: manifest.training.symbols, firstYear: manifest.training.firstYear, lastYear: manifest.training.lastYear, broker: DEFAULT_PAPER_BROKER_CONFIG,
      maxHoldBars: MAX_HOLD_BARS, initialEquity: INITIAL_EQUITY, grid: DEFAULT_ACTION_GRID, config: training.config, seed: manifest.seed,
    });
    expect(sha256Hex(encodeQWeights(trained.weights).bytes)).toBe(manifest.weightsSha256);
  }, 600_000);
});
