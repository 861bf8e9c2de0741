import { ATR } from 'technicalindicators';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FeatureEngine } from '../../core/features/feature-engine.js';
import { ingestPath } from '../../core/ingest/ingest-path.js';
import type { Bar } from '../../core/market/bar.js';
import { buildDataset, type DatasetReport } from '../../core/ml/dataset/build-dataset.js';
import { successRate } from '../../core/ml/dataset/dataset-counts.js';
import { SampleStore } from '../../core/ml/dataset/sample-store.js';
import { labelOutcome } from '../../core/ml/labels/barrier-outcome.js';
import { DEFAULT_LABEL_SPEC, labelSpecHash } from '../../core/ml/labels/label-spec.js';
import { labelSeries, type LabelledEvent } from '../../core/ml/labels/series-labeler.js';
import { WilderAtr } from '../../core/ml/labels/wilder-atr.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { describeWithSharedData, sharedDataDir } from '../support/shared-data.js';
import { bitsEqual } from './look-ahead-checks.js';

const spec = DEFAULT_LABEL_SPEC;

describeWithSharedData('the labelled data set on the shared daily data', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let bars: BarStore;
  let report: DatasetReport;
  const series = (symbol: string): Bar[] => bars.query({ symbol, interval: '1d' });

  beforeAll(() => {
    tmp = makeTempDir('desk-ml-real-');
    db = openDatabase(tmp.file('desk.db'));
    bars = new BarStore(db);
    const imported = ingestPath(path.join(sharedDataDir(), 'daily'), bars);
    if (!imported.ok) throw new Error(imported.error);
    report = buildDataset({ bars, samples: new SampleStore(db) }, bars.symbols('1d'), spec);
  });
  afterAll(() => {
    db.close();
    tmp.remove();
  });

  it('computes the Wilder ATR(14) equal to technicalindicators on every stored series', () => {
    for (const symbol of bars.symbols('1d')) {
      const s = series(symbol);
      const theirs = ATR.calculate({ period: 14, high: s.map((b) => b.high), low: s.map((b) => b.low), close: s.map((b) => b.close) });
      const atr = new WilderAtr(14);
      const ours = s.map((b) => atr.push(b.high, b.low, b.close)).slice(14);
      expect(ours).toHaveLength(theirs.length);
      const worst = theirs.reduce((w, t, i) => Math.max(w, Math.abs((ours[i] as number) - t) / t), 0);
      expect(worst, symbol).toBeLessThan(1e-9);
    }
  });

  it('labels every symbol, stores every final event, and a rebuild writes nothing', () => {
    const perSymbol = report.symbols.map((s) => s.events);
    const rate = successRate(report.total);
    // Base rate to beat: the success rate of taking every event, and of a random entry with the same barriers.
    const random = randomEntryRate();
    console.info(
      `[dataset] spec ${report.labelSpecHash.slice(0, 12)}: ${report.symbols.length} symbols, ${report.total.events} events ` +
        `(${Math.min(...perSymbol)}..${Math.max(...perSymbol)} per symbol), success ${(100 * rate).toFixed(1)}% ` +
        `(up ${report.total.upSuccesses}/${report.total.up}, down ${report.total.downSuccesses}/${report.total.down}), ` +
        `stops ${report.total.stops}, timeouts ${report.total.timeouts}, pending ${report.total.pending}; ` +
        `random entry with the same barriers: ${(100 * random).toFixed(1)}%`,
    );
    expect(report.symbols).toHaveLength(34);
    expect(Math.min(...perSymbol)).toBeGreaterThan(50);
    expect(report.total.events).toBeGreaterThan(5000);
    expect(rate).toBeGreaterThan(0.2);
    expect(rate).toBeLessThan(0.4);
    expect(report.total.timeouts).toBeGreaterThan(0);
    expect(report.total.written).toBe(report.total.events);
    const samples = new SampleStore(db);
    expect(report.symbols.every((s) => samples.query({ symbol: s.symbol, interval: '1d', labelSpecHash: labelSpecHash(spec) }).length === s.events)).toBe(true);
    expect(buildDataset({ bars, samples }, bars.symbols('1d'), spec).total.written).toBe(0);
  });

  it('gives AAPL and SPY samples bit-identical features when everything after a random cut is removed', () => {
    let state = 99;
    const rnd = (): number => (state = (state * 16807) % 2147483647) / 2147483647;
    for (const symbol of ['AAPL', 'SPY']) {
      const s = series(symbol);
      const full = labelSeries(s, spec).events;
      for (let k = 0; k < 5; k++) {
        const cut = 100 + Math.floor(rnd() * (s.length - 100));
        const cutTime = (s[cut] as Bar).time;
        const truncated = new Map<number, LabelledEvent>(labelSeries(s.slice(0, cut + 1), spec).events.map((e) => [e.time, e]));
        const before = full.filter((e) => e.time <= cutTime);
        expect(truncated.size).toBe(before.length);
        for (const e of before) expect(bitsEqual(truncated.get(e.time)?.features ?? new Float64Array(), e.features), `${symbol} ${e.time}`).toBe(true);
      }
    }
  });

  /** Success rate of entering at every warm bar's close in both directions, same barriers: the no-skill reference. */
  function randomEntryRate(): number {
    let n = 0;
    let wins = 0;
    for (const symbol of bars.symbols('1d')) {
      const s = series(symbol);
      const engine = new FeatureEngine({ symbol, interval: '1d' });
      const atr = new WilderAtr(spec.atrPeriod);
      s.forEach((bar, i) => {
        engine.onBar(bar);
        const a = atr.push(bar.high, bar.low, bar.close);
        if (!engine.warm || !(a > 0)) return;
        for (const direction of ['up', 'down'] as const) {
          const o = labelOutcome({ time: bar.time, direction, close: bar.close, atr: a }, s.slice(i + 1, i + 1 + spec.horizonBars), spec);
          if (o === undefined) continue;
          n++;
          wins += o.label;
        }
      });
    }
    return wins / n;
  }
});
