import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEATURE_SCHEMA_HASH } from '../../features/feature-schema.js';
import { epochMs } from '../../market/units.js';
import { BarStore } from '../../storage/bar-store.js';
import { InvalidRowError } from '../../storage/invalid-row-error.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { DEFAULT_LABEL_SPEC, labelSpecHash } from '../labels/label-spec.js';
import { labelSeries } from '../labels/series-labeler.js';
import { breakoutSeries } from '../labels/testing/breakout-series.js';
import { buildDataset } from './build-dataset.js';
import { datasetCounts, successRate } from './dataset-counts.js';
import { SampleStore } from './sample-store.js';

const DAY = 86_400_000;
const spec = DEFAULT_LABEL_SPEC;
const hash = labelSpecHash(spec);

describe('buildDataset', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let bars: BarStore;
  let samples: SampleStore;
  const series = { AAA: breakoutSeries(1, 600, 'AAA'), BBB: breakoutSeries(2, 400, 'BBB') };
  beforeEach(() => {
    tmp = makeTempDir('desk-dataset-');
    db = openDatabase(tmp.file('desk.db'));
    bars = new BarStore(db);
    bars.upsert([...series.AAA, ...series.BBB]);
    samples = new SampleStore(db);
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('stores every final event of each series with its features and outcome, and counts the pending ones', () => {
    const report = buildDataset({ bars, samples }, ['AAA', 'BBB'], spec);
    expect(report.labelSpecHash).toBe(hash);
    for (const [symbol, input] of Object.entries(series)) {
      const events = labelSeries(input, spec).events;
      const final = events.filter((e) => e.outcome !== undefined);
      const stored = samples.query({ symbol, interval: '1d', labelSpecHash: hash });
      expect(final.length).toBeGreaterThan(5);
      expect(stored.map((s) => s.time)).toEqual(final.map((e) => e.time));
      expect(stored.map((s) => s.features)).toEqual(final.map((e) => e.features));
      expect(stored.map((s) => s.outcome)).toEqual(final.map((e) => e.outcome));
      expect(stored.every((s) => s.schemaHash === FEATURE_SCHEMA_HASH && s.labelSpecHash === hash)).toBe(true);
      const row = report.symbols.find((s) => s.symbol === symbol);
      expect(row).toMatchObject({ ...datasetCounts(stored), pending: events.length - final.length, written: final.length, barsRead: input.length });
    }
    expect(report.total.events).toBe(report.symbols.reduce((a, s) => a + s.events, 0));
    expect(JSON.parse(samples.specJson(hash) ?? 'null')).toEqual(spec);
  });

  it('is idempotent: rebuilding over the same bars writes nothing', () => {
    const first = buildDataset({ bars, samples }, ['AAA'], spec);
    expect(first.total.written).toBeGreaterThan(0);
    expect(buildDataset({ bars, samples }, ['AAA'], spec).total.written).toBe(0);
  });

  it('treats --to as the end of the data: events whose horizon runs past it are pending, not labelled with later bars', () => {
    const all = labelSeries(series.AAA, spec).events.filter((e) => e.outcome !== undefined);
    const cut = all[Math.floor(all.length / 2)];
    if (cut === undefined) throw new Error('fixture has no events');
    const to = epochMs(cut.time + 3 * DAY);
    const report = buildDataset({ bars, samples }, ['AAA'], spec, { to });
    const stored = samples.query({ symbol: 'AAA', interval: '1d', labelSpecHash: hash });
    expect(stored.every((s) => s.outcome.exitTime <= to)).toBe(true);
    expect(stored.map((s) => s.time)).not.toContain(cut.time);
    expect(report.symbols[0]?.pending).toBeGreaterThan(0);
  });

  it('keeps events from --from on, warming up on the bars before it', () => {
    const from = epochMs((series.AAA[300]?.time ?? 0));
    buildDataset({ bars, samples }, ['AAA'], spec, { from });
    const stored = samples.query({ symbol: 'AAA', interval: '1d', labelSpecHash: hash });
    const expected = labelSeries(series.AAA, spec).events.filter((e) => e.time >= from && e.outcome !== undefined);
    expect(stored.map((s) => s.features)).toEqual(expected.map((e) => e.features));
  });

  it('refuses a spec pinned to another feature schema, before writing anything', () => {
    expect(() => buildDataset({ bars, samples }, ['AAA'], { ...spec, featureSchemaHash: 'f00' })).toThrow(/pins feature schema f00/);
    expect(samples.query({ symbol: 'AAA', interval: '1d', labelSpecHash: hash })).toEqual([]);
  });

  it('reports a symbol without bars as empty, with a NaN success rate', () => {
    const report = buildDataset({ bars, samples }, ['NONE'], spec);
    expect(report.symbols[0]).toMatchObject({ symbol: 'NONE', events: 0, barsRead: 0, pending: 0 });
    expect(successRate(report.total)).toBeNaN();
  });
});

describe('SampleStore', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeEach(() => {
    tmp = makeTempDir('desk-samples-');
    db = openDatabase(tmp.file('desk.db'));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  const finalSamples = (): ReturnType<SampleStore['query']> => {
    const store = new SampleStore(db);
    const bars = new BarStore(db);
    bars.upsert(breakoutSeries(3, 400, 'CCC'));
    buildDataset({ bars, samples: store }, ['CCC'], spec);
    return store.query({ symbol: 'CCC', interval: '1d', labelSpecHash: hash });
  };

  it('stores nothing of a batch with a NaN in it, and names the row', () => {
    const good = finalSamples();
    db.prepare('DELETE FROM training_samples').run();
    const first = good[0];
    if (first === undefined) throw new Error('fixture has no samples');
    const bad = [...good.slice(1), { ...first, outcome: { ...first.outcome, moveAtr: Number.NaN } }];
    const store = new SampleStore(db);
    expect(() => store.upsert(spec, bad)).toThrow(InvalidRowError);
    expect(() => store.upsert(spec, bad)).toThrow(new RegExp(`training_samples row ${bad.length} \\(CCC 1d`));
    expect(store.query({ symbol: 'CCC', interval: '1d', labelSpecHash: hash })).toEqual([]);
  });

  it('refuses a sample labelled under another spec than the one it is stored with', () => {
    const good = finalSamples();
    const store = new SampleStore(db);
    expect(() => store.upsert({ ...spec, horizonBars: 20 }, good)).toThrow(/labelled under another spec/);
  });

  it('reports a damaged vector on read instead of returning a shorter one', () => {
    finalSamples();
    db.pragma('ignore_check_constraints = ON');
    db.prepare('UPDATE training_samples SET vector = zeroblob(8)').run();
    expect(() => new SampleStore(db).query({ symbol: 'CCC', interval: '1d', labelSpecHash: hash })).toThrow(/the file is damaged/);
  });

  it('returns nothing for an unknown series', () => {
    expect(new SampleStore(db).query({ symbol: 'ZZZ', interval: '1d', labelSpecHash: hash })).toEqual([]);
  });
});
