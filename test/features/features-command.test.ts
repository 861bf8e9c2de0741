import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildDeskCli } from '../../core/cli/desk.js';
import { FeaturesUsageError, parseTimeFlag, runFeatures } from '../../core/cli/commands/features-command.js';
import { NoDatabaseError } from '../../core/cli/commands/db-command.js';
import { computeFeatureRows } from '../../core/features/feature-rows.js';
import { FEATURE_SCHEMA_HASH } from '../../core/features/feature-schema.js';
import { FEATURE_NAMES } from '../../core/features/feature-vector.js';
import { streamFeatures } from '../../core/features/testing/feature-fixtures.js';
import type { Bar } from '../../core/market/bar.js';
import { epochMs, price, quantity } from '../../core/market/units.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { FeatureStore } from '../../core/storage/feature-store.js';
import { openDatabase } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);

function bars(n: number): Bar[] {
  return Array.from({ length: n }, (_, i) => {
    const c = 100 + 8 * Math.sin(i / 6) + i * 0.05;
    return {
      symbol: 'ACME',
      interval: '1d',
      time: epochMs(T0 + i * DAY),
      open: price(c - 0.3),
      high: price(c + 1),
      low: price(c - 1),
      close: price(c),
      volume: quantity(10_000 + ((i * 7919) % 5000)),
    };
  });
}

describe('desk features', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  const series = bars(80);
  beforeEach(() => {
    tmp = makeTempDir('desk-features-');
    file = tmp.file('desk.db');
    const db = openDatabase(file);
    new BarStore(db).upsert(series);
    db.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    tmp.remove();
  });

  it('prints CSV of the warm rows with the schema names as header, equal to the streaming engine', () => {
    const out = runFeatures(file, 'ACME', { interval: '1d', csv: true });
    const lines = out.text.trim().split('\n');
    expect(lines[0]).toBe(['time', ...FEATURE_NAMES].join(','));
    expect(lines).toHaveLength(1 + 80 - 49);
    expect(lines[1]?.startsWith(new Date(T0 + 49 * DAY).toISOString())).toBe(true);
    const expected = streamFeatures(series, []).values;
    const last = (lines[lines.length - 1] ?? '').split(',').slice(1).map(Number);
    expect(last).toEqual(Array.from(expected.subarray(79 * FEATURE_NAMES.length)));
    expect(out.stored).toBeUndefined();
  });

  it('warms up on bars before --from, so a row does not depend on where the range starts', () => {
    const db = openDatabase(file);
    const all = computeFeatureRows(new BarStore(db), { symbol: 'ACME', interval: '1d' });
    const part = computeFeatureRows(new BarStore(db), { symbol: 'ACME', interval: '1d', from: epochMs(T0 + 60 * DAY), to: epochMs(T0 + 70 * DAY) });
    db.close();
    expect(part.rows.map((r) => r.time)).toEqual(Array.from({ length: 11 }, (_, i) => T0 + (60 + i) * DAY));
    expect(part.rows[0]?.values).toEqual(all.rows.find((r) => r.time === T0 + 60 * DAY)?.values);
    expect(part.coldInRange).toBe(0);
  });

  it('stores the warm rows under the schema hash, and storing again writes nothing new', () => {
    const first = runFeatures(file, 'ACME', { interval: '1d', store: true, from: '2020-02-19' });
    expect(first.stored).toBe(31);
    expect(runFeatures(file, 'ACME', { interval: '1d', store: true }).stored).toBe(0);
    const db = openDatabase(file);
    const stored = new FeatureStore(db).query({ symbol: 'ACME', interval: '1d', schemaHash: FEATURE_SCHEMA_HASH });
    db.close();
    expect(stored).toHaveLength(31);
    expect(stored.every((r) => r.values.every(Number.isFinite))).toBe(true);
  });

  it('prints an aligned table by default and counts bars that are not warm in range', () => {
    const out = runFeatures(file, 'ACME', { interval: '1d', from: '2020-01-01', to: '2020-03-31' });
    const lines = out.text.trim().split('\n');
    expect(lines[0]).toMatch(/^time\s+rsi\s+macd\s+bb\.upper/);
    expect(lines[1]).toMatch(/^2020-02-19\s/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(out.note).toMatch(/^ACME 1d: 31 warm rows from 80 bars \(49 in range not warm, 0 refused\); schema [0-9a-f]{12}; no news/);
  });

  it('skips and counts a stored bar the engine refuses (high below close), naming the first reason', () => {
    const db = openDatabase(file);
    const bad = series[79] as Bar;
    new BarStore(db).upsert([{ ...bad, time: epochMs(bad.time + DAY), high: price(bad.close - 0.01), low: price(bad.close - 1), open: price(bad.close - 0.5) }]);
    const r = computeFeatureRows(new BarStore(db), { symbol: 'ACME', interval: '1d' });
    db.close();
    expect(r.barsRead).toBe(81);
    expect(r.rejected).toBe(1);
    expect(r.rows).toHaveLength(31);
    expect(r.firstRejection).toMatch(/high .* is below max\(open/);
    expect(r.sentimentSource).toBe('none');
  });

  it('refuses a bad interval, a bad date and a missing database with a reason', () => {
    expect(() => runFeatures(file, 'ACME', { interval: '2d' })).toThrow(FeaturesUsageError);
    expect(() => runFeatures(file, 'ACME', { interval: '1d', from: '2020-13-45' })).toThrow(/--from 2020-13-45 is not a date/);
    expect(() => runFeatures(tmp.file('none.db'), 'ACME', { interval: '1d' })).toThrow(NoDatabaseError);
    expect(parseTimeFlag('--to', '2020-01-02T12:00:00Z')).toBe(Date.UTC(2020, 0, 2, 12));
  });

  it('runs from the command line: table to stdout, summary to stderr, usage errors as exit code 1', async () => {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    await buildDeskCli().parseAsync(['node', 'desk', '--db', file, 'features', 'ACME', '--csv', '--store']);
    expect(out.join('').split('\n')[0]).toBe(['time', ...FEATURE_NAMES].join(','));
    expect(err.join('')).toMatch(/stored 31 new or changed rows/);
    await buildDeskCli().parseAsync(['node', 'desk', '--db', file, 'features', 'ACME', '--interval', 'weekly']);
    expect(err.join('')).toMatch(/desk features: --interval weekly is not one of/);
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
  });
});
