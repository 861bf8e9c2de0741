import { afterEach, beforeEach, expect, it } from 'vitest';
import { runBacktest } from '../../core/backtest/backtest-runner.js';
import { epochMs } from '../../core/market/units.js';
import { BreakoutPredictor } from '../../core/ml/inference/breakout-predictor.js';
import { SHIPPED_BREAKOUT_MODELS } from '../../core/ml/inference/shipped-models.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { VOL_TARGET_ID } from '../../core/ml/risk/baselines/vol-target-sizer.js';
import { servingModelId } from '../../core/trading/proposals/breakout-signal.js';
import { runStoredBarsPaperSession } from '../../core/trading/session/stored-bars-paper-run.js';
import { describeWithSharedData } from '../support/shared-data.js';
import { dailyBars } from './daily-bars.js';

/**
 * Backtest = paper: `desk paper --replay` (a paper session replaying the desk database's stored bars) and a
 * backtest over the same stored bars, same model, same automation, produce the same fills, fill by fill —
 * id, order, symbol, side, quantity, price, commission and time.
 */
const SYMBOLS = ['AAPL', 'MSFT', 'IBM', 'GE', 'XOM'];
const FROM = epochMs(Date.UTC(2006, 0, 1));
const TO = epochMs(Date.UTC(2009, 11, 31));
const RULE = { enabled: true, minConfidence: 0.3, maxPositionWeight: 0.2 };

describeWithSharedData('forward test: a paper session over replayed bars fills exactly as the backtest', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  const dbs: Db[] = [];
  beforeEach(() => {
    tmp = makeTempDir('desk-forward-');
  });
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    tmp.remove();
  });

  it('same bars, same shipped model and automation: identical fills, one by one', async () => {
    const desk = openDatabase(tmp.file('desk.db'));
    dbs.push(desk);
    const store = new BarStore(desk);
    store.upsert(dailyBars(SYMBOLS).filter((b) => b.time >= Date.UTC(2005, 0, 1) && b.time <= TO));
    const predictor = BreakoutPredictor.fromModelsRoot(SHIPPED_BREAKOUT_MODELS, { interval: '1d' });
    expect(predictor.source.kind).toBe('model');

    // The desk's stored-policy form: the model's signals and the default sizer's adjustments automated alike.
    const automation = { byModel: { [servingModelId(predictor.source)]: RULE, [VOL_TARGET_ID]: RULE } };
    const paperDb = openDatabase(tmp.file('paper.db'));
    dbs.push(paperDb);
    const paper = await runStoredBarsPaperSession({
      db: paperDb, bars: store, symbols: SYMBOLS, interval: '1d', from: FROM, to: TO, warmUpBars: 120, automation, predictor,
    });
    const backtest = await runBacktest({
      symbols: SYMBOLS, interval: '1d', bars: store, from: FROM, to: TO, warmUpBars: 120,
      strategy: { kind: 'breakout', predictor }, policy: { kind: 'policy', automation },
    });
    if (!paper.ok) throw new Error(paper.error);
    if (!backtest.ok) throw new Error(backtest.error);
    const p = paper.value.fills;
    const b = backtest.value.fills;
    expect(p.length).toBeGreaterThan(10);
    expect(b.length).toBe(p.length);
    for (let i = 0; i < p.length; i++) expect(b[i], `fill ${i} of ${p.length}`).toEqual(p[i]);
    expect(backtest.value.bars).toBe(paper.value.bars);
    expect(backtest.value.equityCurve.at(-1)?.equity).toBeCloseTo(paper.value.summary.equity, 9);
  });
});
