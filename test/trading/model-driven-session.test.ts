import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnsToBars } from '../../core/features/testing/feature-fixtures.js';
import { FeatureEngine } from '../../core/features/feature-engine.js';
import { mergeByTime } from '../../core/feeds/replay/merge-by-time.js';
import type { Bar } from '../../core/market/bar.js';
import { epochMs } from '../../core/market/units.js';
import type { BreakoutPrediction } from '../../core/ml/breakout-prediction.js';
import { BreakoutPredictor } from '../../core/ml/inference/breakout-predictor.js';
import { currentModelDir } from '../../core/ml/inference/model-source.js';
import { DEFAULT_LABEL_SPEC } from '../../core/ml/labels/label-spec.js';
import { labelSeries } from '../../core/ml/labels/series-labeler.js';
import { breakoutSeries } from '../../core/ml/labels/testing/breakout-series.js';
import { WilderAtr } from '../../core/ml/labels/wilder-atr.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import { breakoutSignal } from '../../core/trading/proposals/breakout-signal.js';
import { ProposalStore } from '../../core/trading/proposals/proposal-store.js';
import type { Proposal } from '../../core/trading/proposals/proposal.js';
import { PaperSession, type PaperSessionReport } from '../../core/trading/session/paper-session.js';
import { readDaily } from '../support/daily-csv.js';
import { describeWithSharedData } from '../support/shared-data.js';

const MODELS = path.resolve('models/breakout');
const SYMBOLS = ['AAA', 'BBB', 'CCC'];
const automateAll = (modelId: string): { byModel: Record<string, { enabled: boolean; minConfidence: number; maxPositionWeight: number }> } =>
  ({ byModel: { [modelId]: { enabled: true, minConfidence: 0, maxPositionWeight: 0.2 } } });

/** Three seeded series with breakouts both ways, merged in time order. */
const seriesBars = (): Bar[] => mergeByTime(SYMBOLS.map((s, i) => breakoutSeries(101 + i, 400, s, '1d', Date.UTC(2015, 0, 5))));

async function runSession(db: Db, bars: readonly Bar[], predictor: BreakoutPredictor, modelId: string): Promise<PaperSessionReport> {
  const first = bars[0];
  if (first === undefined) throw new Error('no bars');
  const opened = PaperSession.open({ db, clock: new ManualClock(first.time), interval: '1d', startingCash: 100_000, predictor, automation: automateAll(modelId) });
  if (!opened.ok) throw new Error(opened.error);
  try {
    for (const bar of bars) await opened.value.onBar(bar);
    return opened.value.report();
  } finally {
    opened.value.close();
  }
}

const signalProposals = (db: Db): Proposal[] =>
  new ProposalStore(db).createdBetween(epochMs(0), epochMs(Number.MAX_SAFE_INTEGER)).filter((p) => p.kind === 'signal');

describe('paper session driven by the breakout model', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeAll(() => {
    tmp = makeTempDir('desk-model-session-');
  });
  afterAll(() => tmp.remove());

  it('with the shipped model, every proposal carries the model id and the probability the predictor gives for its bar', async () => {
    const bars = seriesBars();
    const predictor = BreakoutPredictor.fromModelsRoot(MODELS);
    if (predictor.source.kind !== 'model') throw new Error(`shipped model not serving: ${predictor.source.reason}`);
    const modelId = `breakout:${predictor.source.version}`;
    // The predictor's own streaming path, run separately, is the reference for each bar's prediction.
    const reference = BreakoutPredictor.fromModelsRoot(MODELS);
    const expected = new Map<string, BreakoutPrediction>();
    for (const bar of bars) {
      reference.onBar(bar);
      const r = reference.predictBreakout(bar.symbol);
      if (r.status === 'breakout') expected.set(`${bar.symbol}:${bar.time}`, r.prediction);
    }
    const db = openDatabase(tmp.file('model.db'));
    try {
      const report = await runSession(db, bars, predictor, modelId);
      expect(report.servedBy.kind).toBe('model');
      expect(report.modelId).toBe(modelId);
      const proposals = signalProposals(db);
      expect(proposals.length).toBeGreaterThan(10);
      expect(proposals.length).toBe(report.signals - report.notProposed);
      const probabilities = new Set<number>();
      for (const p of proposals) {
        expect(p.modelId).toBe(modelId);
        const barTime = p.prediction['barTime'];
        const want = expected.get(`${p.symbol}:${String(barTime)}`);
        expect(want).toBeDefined();
        expect(p.prediction['breakout']).toEqual(want);
        expect(p.prediction['confidence']).toBe(want?.confidence);
        expect(p.stopLoss).toBeDefined();
        expect(p.takeProfit).toBeCloseTo(want?.targetPrice ?? Number.NaN, 9);
        probabilities.add(want?.probability ?? Number.NaN);
      }
      // A model ranks events: a single repeated value would be the baseline in disguise.
      expect(probabilities.size).toBeGreaterThan(5);
      // Audit trail: model → proposal → order → fill, by ids stored in each table.
      const trail = db.prepare<[], { model_id: string; prediction_id: string; proposal_model: string; proposal_prediction: string }>(`
        SELECT o.model_id, o.prediction_id, p.model_id AS proposal_model, p.prediction_id AS proposal_prediction
        FROM fills f JOIN orders o ON o.client_order_id = f.client_order_id JOIN proposals p ON p.proposal_id = o.proposal_id`).all();
      expect(trail.length).toBeGreaterThan(0);
      for (const t of trail) {
        expect(t.model_id).toBe(modelId);
        expect(t.proposal_model).toBe(modelId);
        expect(t.prediction_id).toBe(t.proposal_prediction);
      }
    } finally {
      db.close();
    }
  });

  it('automation reads the model confidence: a threshold confirms exactly the proposals at or above it', async () => {
    const bars = seriesBars();
    const predictor = BreakoutPredictor.fromModelsRoot(MODELS);
    if (predictor.source.kind !== 'model') throw new Error(`shipped model not serving: ${predictor.source.reason}`);
    const modelId = `breakout:${predictor.source.version}`;
    const db = openDatabase(tmp.file('threshold.db'));
    try {
      const first = bars[0];
      if (first === undefined) throw new Error('no bars');
      const threshold = 0.3;
      const opened = PaperSession.open({
        db, clock: new ManualClock(first.time), interval: '1d', startingCash: 100_000, predictor, proposalTtlMs: 1,
        automation: { byModel: { [modelId]: { enabled: true, minConfidence: threshold, maxPositionWeight: 1 } } },
      });
      if (!opened.ok) throw new Error(opened.error);
      for (const bar of bars) await opened.value.onBar(bar);
      opened.value.close();
      const proposals = signalProposals(db);
      const above = proposals.filter((p) => (p.prediction['confidence'] as number) >= threshold);
      expect(above.length).toBeGreaterThan(0);
      expect(above.length).toBeLessThan(proposals.length);
      const confirmed = proposals.filter((p) => p.status === 'confirmed');
      expect(confirmed.every((p) => p.decidedBy === 'automation')).toBe(true);
      expect(confirmed.map((p) => p.id)).toEqual(above.map((p) => p.id));
    } finally {
      db.close();
    }
  });

  it('with a corrupted model (one byte flipped) the session runs on the baseline and says why', async () => {
    const root = tmp.file('models');
    cpSync(MODELS, root, { recursive: true });
    const dir = currentModelDir(root);
    if (!dir.ok) throw new Error(dir.error);
    const weights = path.join(dir.value, 'weights.bin');
    const bytes = readFileSync(weights);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    writeFileSync(weights, bytes);
    const predictor = BreakoutPredictor.fromModelsRoot(root);
    const db = openDatabase(tmp.file('corrupt.db'));
    try {
      const report = await runSession(db, seriesBars(), predictor, 'baseline');
      expect(report.servedBy.kind).toBe('baseline');
      expect(report.servedBy.kind === 'baseline' ? report.servedBy.reason : '').toMatch(/weights\.bin/);
      expect(report.modelId).toBe('baseline');
      const proposals = signalProposals(db);
      expect(proposals.length).toBeGreaterThan(10);
      for (const p of proposals) {
        expect(p.modelId).toBe('baseline');
        expect(p.prediction['confidence']).toBe(0);
        expect(p.prediction['breakout']).toMatchObject({ probability: predictor.baseline.successEstimate, confidence: 0 });
        expect(p.prediction['servedBy']).toEqual(report.servedBy);
      }
    } finally {
      db.close();
    }
  });
});

describeWithSharedData('one breakout rule on the shared daily data', () => {
  it('the trading signal fires on exactly the label spec events of AAPL and XOM, bar for bar', () => {
    const predictor = BreakoutPredictor.baselineOnly('rule check');
    for (const symbol of ['AAPL', 'XOM']) {
      const bars = columnsToBars(readDaily(symbol).columns, symbol, '1d');
      const labelled = labelSeries(bars, DEFAULT_LABEL_SPEC).events.map((e) => `${e.time}:${e.direction}`);
      const engine = new FeatureEngine({ symbol, interval: '1d' });
      const atr = new WilderAtr(DEFAULT_LABEL_SPEC.atrPeriod);
      const fired: string[] = [];
      for (const bar of bars) {
        if (!engine.onBar(bar).ok) continue;
        atr.push(bar.high, bar.low, bar.close);
        const s = engine.warm ? breakoutSignal(bar, engine.values, atr.value, predictor) : undefined;
        if (s !== undefined) fired.push(`${s.barTime}:${s.direction}`);
      }
      expect(labelled.length).toBeGreaterThan(100);
      expect(fired).toEqual(labelled);
    }
  });
});
