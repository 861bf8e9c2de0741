import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakoutSeries } from '../../core/ml/labels/testing/breakout-series.js';
import { tfRuntime } from '../../core/ml/models/tf-backend.js';
import { sha256Hex } from '../../core/ml/artifact/write-artifact.js';
import { DEFAULT_DQN_CONFIG } from '../../core/ml/risk/dqn/dqn-config.js';
import { qValues } from '../../core/ml/risk/dqn/q-forward.js';
import { buildQNetwork, decodeQWeights, encodeQWeights, exportQNetwork } from '../../core/ml/risk/dqn/q-network.js';
import { trainDqn } from '../../core/ml/risk/dqn/train-dqn.js';
import { DqnRiskSizer } from '../../core/ml/risk/dqn-risk-sizer.js';
import { DEFAULT_ACTION_GRID, expandActions } from '../../core/ml/risk/env/risk-actions.js';
import { RISK_INPUT_COUNT } from '../../core/ml/risk/env/risk-observation.js';
import { runPortfolio } from '../../core/ml/risk/env/portfolio-sim.js';
import { buildRiskMarket } from '../../core/ml/risk/env/risk-market.js';
import { loadRiskModel } from '../../core/ml/risk/load-risk-model.js';
import { trainRiskModel } from '../../core/ml/risk/train-risk-model.js';
import { fixedFractionSizer } from '../../core/ml/risk/baselines/fixed-fraction-sizer.js';
import { DEFAULT_PAPER_BROKER_CONFIG } from '../../core/trading/paper/paper-broker-config.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import type { Bar } from '../../core/market/bar.js';

const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD'];
const bars = new Map<string, readonly Bar[]>(SYMBOLS.map((s, i) => [s, breakoutSeries(11 + i, 1500, s, '1d', Date.UTC(2012, 0, 1))]));
const market = buildRiskMarket(bars, { cooldownBars: 8 });
const small = { ...DEFAULT_DQN_CONFIG, hidden: [16], steps: 240, warmupSteps: 64, batchSize: 16, epsilonDecaySteps: 120, targetSyncEvery: 50, symbolsPerEpisode: 3 };
const setup = { market, symbols: SYMBOLS, firstYear: 2012, lastYear: 2014, broker: DEFAULT_PAPER_BROKER_CONFIG, maxHoldBars: 5, initialEquity: 100_000, grid: DEFAULT_ACTION_GRID, config: small };

describe('the DQN risk model', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeAll(() => {
    tmp = makeTempDir('desk-risk-');
  });
  afterAll(() => tmp.remove());

  it('trains to the same weights hash twice with one seed, and to other weights with another seed', async () => {
    const t = await tfRuntime();
    const hash = async (seed: number): Promise<string> => sha256Hex(encodeQWeights((await trainDqn(t, { ...setup, seed })).weights).bytes);
    const a = await hash(5);
    expect(await hash(5)).toBe(a);
    expect(await hash(6)).not.toBe(a);
  });

  it('serves the same Q-values with the typed-array pass as tfjs predict, and survives encoding to bytes', async () => {
    const t = await tfRuntime();
    const model = buildQNetwork(t, RISK_INPUT_COUNT, [8, 8], 5, 3);
    const x = [1, -0.2, 0.3, 0.1, 0.5, -1, 1.2];
    const expected = Array.from((model.predict(t.tf.tensor2d([x])) as { dataSync(): Float32Array }).dataSync());
    const { shape, bytes } = encodeQWeights(exportQNetwork(model));
    const decoded = decodeQWeights(shape, bytes);
    if (decoded === undefined) throw new Error('decode failed');
    const got = qValues(decoded, x, new Float64Array(5));
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? Number.NaN, 5));
    expect(decodeQWeights(shape, bytes.subarray(4))).toBeUndefined();
    model.dispose();
  });

  it('offers every sizer the same entries and books equity that adds up to the trades', () => {
    const run = { market, symbols: new Set(SYMBOLS), from: Date.UTC(2013, 0, 1), to: Date.UTC(2014, 0, 1), broker: DEFAULT_PAPER_BROKER_CONFIG, maxHoldBars: 5, initialEquity: 100_000 };
    const fixed = runPortfolio(run, (input) => fixedFractionSizer().size(input));
    const skip = runPortfolio(run, (input) => fixedFractionSizer({ positionFraction: 1e-9 }).size(input));
    expect(fixed.outcomes.length).toBeGreaterThan(10);
    expect(skip.outcomes.map((o) => o.signal)).toEqual(fixed.outcomes.map((o) => o.signal));
    expect(skip.equity.every((e) => e === 100_000)).toBe(true);
    const closedInside = fixed.outcomes.every((o) => o.trade === undefined || (o.trade.exitBar < (bars.get(o.signal.symbol)?.length ?? 0) && (bars.get(o.signal.symbol)?.[o.trade.exitBar]?.time ?? 0) < run.to));
    if (closedInside) {
      const total = fixed.outcomes.reduce((s, o) => s + (o.trade?.pnl ?? 0), 0);
      expect((fixed.equity[fixed.equity.length - 1] ?? 0) - 100_000).toBeCloseTo(total, 6);
    }
    for (const o of fixed.outcomes) {
      const p = o.input.state.portfolioMetrics;
      expect(p.totalValue).toBeCloseTo(o.equity, 9);
      expect(p.concentration).toBeGreaterThanOrEqual(0);
      expect(p.concentration).toBeLessThanOrEqual(1);
    }
  });

  it('writes a verified artifact whose loader serves every RiskDecision field, and names a missing, invalid or tampered model', async () => {
    const out = tmp.file('models');
    const trained = await trainRiskModel({ bars, seed: 9, evalSeeds: 2, heldOut: ['DDD'], firstYear: 2012, trainEndYear: 2014, testEndYear: 2016, outDir: out, createdFromCommit: null, config: small });
    expect(trained.report?.comparisons.map((c) => c.baseline)).toEqual(['fixed-fraction', 'vol-target-atr', 'vol-target at DQN size', 'fixed-fraction', 'vol-target-atr', 'vol-target at DQN size']);
    expect(trained.report?.summaries.find((s) => s.group === 'DQN')?.seeds).toBe(2);
    expect(loadRiskModel(out).ok).toBe(false);
    expect(loadRiskModel(out).ok ? '' : (loadRiskModel(out) as { error: string }).error).toMatch(/^missing/);
    writeFileSync(path.join(out, 'current.json'), JSON.stringify({ version: trained.manifest.version }));
    const loaded = loadRiskModel(out);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.value.id).toBe(`risk:${trained.manifest.version}`);
    expect(loaded.value.kind).toBe('model');
    const input = trained.report === undefined ? undefined : runPortfolio({ market, symbols: new Set(['DDD']), from: Date.UTC(2015, 0, 1), to: Date.UTC(2016, 0, 1), broker: DEFAULT_PAPER_BROKER_CONFIG, maxHoldBars: 5, initialEquity: 100_000 }, (i) => loaded.value.size(i)).outcomes[0]?.input;
    if (input === undefined) throw new Error('no entry to size');
    const d = loaded.value.size(input);
    if (!d.ok) throw new Error(d.error);
    const sizes = expandActions(DEFAULT_ACTION_GRID).map((a) => a.size * 100);
    expect(d.value.recommendedPosition).toBeGreaterThanOrEqual(0);
    expect(d.value.recommendedPosition).toBeLessThanOrEqual(Math.max(...sizes) + 1e-9);
    expect(Number.isInteger(d.value.quantity)).toBe(true);
    expect(d.value.stopLoss * input.direction).toBeLessThan(input.entry * input.direction);
    expect(d.value.takeProfit * input.direction).toBeGreaterThan(input.entry * input.direction);
    expect(d.value.maxDrawdown).toBeGreaterThanOrEqual(0);
    expect(d.value.volatilityAdjustment).toBeGreaterThanOrEqual(0);
    expect(d.value.sizer).toBe(loaded.value.id);
    expect(loaded.value.size({ ...input, entry: -1 }).ok).toBe(false);

    const weights = path.join(trained.dir, 'weights.bin');
    const original = readFileSync(weights);
    const flipped = Buffer.from(original);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    writeFileSync(weights, flipped);
    const tampered = loadRiskModel(out);
    expect(tampered.ok ? '' : tampered.error).toMatch(/^tampered: .*weights\.bin sha256/);
    writeFileSync(weights, original);
    writeFileSync(path.join(trained.dir, 'manifest.json'), '{"format":"breakout-model/1"}');
    const invalid = loadRiskModel(out);
    expect(invalid.ok ? '' : invalid.error).toMatch(/^invalid: /);
  });

  it('refuses a network whose width does not match the encoding or the grid', async () => {
    const t = await tfRuntime();
    const model = buildQNetwork(t, RISK_INPUT_COUNT, [4], 3, 1);
    expect(() => new DqnRiskSizer('x', exportQNetwork(model), DEFAULT_ACTION_GRID)).toThrow(RangeError);
    model.dispose();
  });
});
