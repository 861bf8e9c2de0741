import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildDeskCli } from '../../core/cli/desk.js';
import { formatDatasetReport, runDataset } from '../../core/cli/commands/dataset-command.js';
import { NoDatabaseError } from '../../core/cli/commands/db-command.js';
import { FeaturesUsageError } from '../../core/cli/commands/features-command.js';
import { SampleStore } from '../../core/ml/dataset/sample-store.js';
import { DEFAULT_LABEL_SPEC, labelSpecHash } from '../../core/ml/labels/label-spec.js';
import { labelSeries } from '../../core/ml/labels/series-labeler.js';
import { breakoutSeries } from '../../core/ml/labels/testing/breakout-series.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';

const hash = labelSpecHash(DEFAULT_LABEL_SPEC);

describe('desk dataset', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  const aaa = breakoutSeries(11, 500, 'AAA');
  const bbb = breakoutSeries(12, 300, 'BBB');
  beforeEach(() => {
    tmp = makeTempDir('desk-dataset-cmd-');
    file = tmp.file('desk.db');
    const db = openDatabase(file);
    new BarStore(db).upsert([...aaa, ...bbb]);
    db.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    tmp.remove();
  });

  it('labels every stored symbol by default and stores the final events', () => {
    const report = runDataset(file, { interval: '1d' });
    expect(report.symbols.map((s) => s.symbol)).toEqual(['AAA', 'BBB']);
    const db = openDatabase(file);
    const stored = new SampleStore(db).query({ symbol: 'AAA', interval: '1d', labelSpecHash: hash });
    db.close();
    expect(stored).toHaveLength(labelSeries(aaa, DEFAULT_LABEL_SPEC).events.filter((e) => e.outcome !== undefined).length);
    expect(report.symbols[0]?.events).toBe(stored.length);
  });

  it('takes --symbols, --from and --to', () => {
    const all = runDataset(file, { interval: '1d', symbols: 'AAA' });
    const part = runDataset(tmp.file('desk.db'), { interval: '1d', symbols: ' BBB , AAA,', from: '2015-06-01', to: '2015-12-31' });
    expect(part.symbols.map((s) => s.symbol)).toEqual(['BBB', 'AAA']);
    expect(part.symbols[1]?.events).toBeLessThan(all.symbols[0]?.events ?? 0);
    expect(part.symbols[1]?.written).toBe(0);
  });

  it('prints one aligned row per symbol and a total with the success rate', () => {
    const text = formatDatasetReport(runDataset(file, { interval: '1d' }));
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^symbol\s+bars\s+events\s+success\s+rate\s+up\s+up ok\s+down\s+down ok\s+stops\s+timeouts\s+pending\s+written$/);
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['symbol', 'AAA', 'BBB', 'TOTAL']);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[3]).toMatch(/\d+\.\d%/);
  });

  it('shows no rate for a symbol without events', () => {
    expect(formatDatasetReport(runDataset(file, { interval: '1d', symbols: 'NONE' })).split('\n')[1]).toMatch(/^NONE\s+0\s+0\s+0\s+-\s/);
  });

  it('refuses a bad interval, a bad or inverted date range and a missing database with a reason', () => {
    expect(() => runDataset(file, { interval: '2d' })).toThrow(FeaturesUsageError);
    expect(() => runDataset(file, { interval: '1d', to: 'soon' })).toThrow(/--to soon is not a date/);
    expect(() => runDataset(file, { interval: '1d', from: '2016-01-01', to: '2015-01-01' })).toThrow(/--from 2016-01-01 is after --to 2015-01-01/);
    expect(() => runDataset(tmp.file('none.db'), { interval: '1d' })).toThrow(NoDatabaseError);
  });

  it('runs from the command line: table to stdout, spec to stderr, usage errors as exit code 1', async () => {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    await buildDeskCli().parseAsync(['node', 'desk', '--db', file, 'dataset', '--symbols', 'AAA']);
    expect(out.join('').split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['symbol', 'AAA', 'TOTAL', '']);
    expect(err.join('')).toContain(`label spec ${hash.slice(0, 12)}`);
    await buildDeskCli().parseAsync(['node', 'desk', '--db', file, 'dataset', '--from', 'someday']);
    expect(err.join('')).toMatch(/desk dataset: --from someday is not a date/);
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
  });
});
