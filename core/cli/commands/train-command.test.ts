import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { breakoutSeries } from '../../ml/labels/testing/breakout-series.js';
import { trainStandIn } from '../../ml/training/testing/stand-in-ensemble.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { CURRENT_FILE, parseSplit, progressReporter, resolveDailyDataDir, runTrain, TrainUsageError } from './train-command.js';

const flags = { out: 'models/breakout', seed: '7', trainEnd: '2009', testEnd: '2012', heldOut: 'EEE', mode: 'single' };

describe('desk train', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('desk-train-cli-');
    const daily = tmp.file('shared/daily');
    mkdirSync(daily, { recursive: true });
    ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'].forEach((s, i) => {
      const rows = breakoutSeries(21 + i, 2900, s, '1d', Date.UTC(2005, 0, 3)).map((b) =>
        `${new Date(b.time).toISOString().slice(0, 10)},${b.open},${b.high},${b.low},${b.close},${b.volume}`);
      writeFileSync(path.join(daily, `${s}.csv`), `date,open,high,low,close,volume\n${rows.join('\n')}\n`);
    });
  });
  afterEach(() => tmp.remove());

  it('imports the daily CSVs found through DESK_SHARED_DATA, trains, and points current.json at the new version', async () => {
    const stages: string[] = [];
    const model = await runTrain(flags, { env: { DESK_SHARED_DATA: tmp.file('shared') }, cwd: tmp.dir, trainer: trainStandIn, progress: (s) => stages.push(s) });
    expect(model.dir).toBe(path.join(tmp.dir, 'models/breakout', model.manifest.version));
    expect(JSON.parse(readFileSync(tmp.file(`models/breakout/${CURRENT_FILE}`), 'utf8'))).toEqual({ version: model.manifest.version });
    expect(model.manifest.training.symbols).toEqual(['AAA', 'BBB', 'CCC', 'DDD']);
    expect(model.manifest.seed).toBe(7);
    expect(stages).toContain('dataset');
  });

  it('says where it looked when the data folder is absent', () => {
    expect(() => resolveDailyDataDir(undefined, { DESK_SHARED_DATA: tmp.file('nowhere') }, tmp.dir)).toThrow(TrainUsageError);
    expect(() => resolveDailyDataDir('missing', {}, tmp.dir)).toThrow(/no daily data at .*missing: pass --data/);
    expect(resolveDailyDataDir(undefined, { DESK_SHARED_DATA: tmp.file('shared') }, tmp.dir)).toBe(tmp.file('shared/daily'));
  });

  it('parses the split flags and refuses bad ones', () => {
    expect(parseSplit({ trainEnd: '2009', testEnd: '2017', heldOut: '6', mode: 'yearly' })).toEqual({ trainEndYear: 2009, testEndYear: 2017, heldOutSymbols: 6, mode: 'yearly' });
    expect(parseSplit({ trainEnd: '2009', testEnd: '2017', heldOut: 'A, B', mode: 'single' }).heldOutSymbols).toEqual(['A', 'B']);
    expect(() => parseSplit({ trainEnd: 'x', testEnd: '2017', heldOut: '6', mode: 'single' })).toThrow(/--train-end must be an integer/);
    expect(() => parseSplit({ trainEnd: '2009', testEnd: '2017', heldOut: '6', mode: 'weekly' })).toThrow(/--mode/);
  });

  it('prints one progress line per stage and per tenth when not on a terminal', () => {
    const stream = new PassThrough();
    const p = progressReporter(stream, false);
    for (let i = 1; i <= 20; i++) p.update('dataset', i, 20);
    p.update('artifact', 1, 1);
    p.stop();
    const lines = String(stream.read()).trim().split('\n');
    expect(lines[0]).toBe('dataset: 1/20');
    expect(lines).toHaveLength(12);
    expect(lines.at(-1)).toBe('artifact: 1/1');
  });

  it('draws a bar on a terminal', () => {
    const stream = new PassThrough();
    const p = progressReporter(stream, true);
    p.update('dataset', 1, 2);
    p.update('train', 1, 3);
    p.stop();
    expect(stream.read()).not.toBeNull();
  });
});
