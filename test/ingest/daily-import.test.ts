import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseBarCsv } from '../../core/ingest/bar-csv.js';
import { ingestPath } from '../../core/ingest/ingest-path.js';
import type { FileImported, IngestReport } from '../../core/ingest/ingest-report.js';
import { epochMs, type EpochMs } from '../../core/market/units.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { describeWithSharedData, sharedDataDir } from '../support/shared-data.js';

const H = 'high-below-open-close';
const L = 'low-above-open-close';
const HL = 'high-below-low';
const J = 'price-jump';

/**
 * Every row of the shared daily files the import must refuse, by file and line. The 18 high/low
 * violations of PROVENANCE (9 high < max(o,c), 9 low > min(o,c)) sit on 16 rows: PCG 2012-09-27 and
 * USB 1995-12-18 break both. The jump rule adds 5 decimal-shift rows whose high/low order happens to be
 * intact, and XLF's 52.667 high among prices near 10.7.
 */
const EXPECTED_REJECTIONS: Record<string, [number, string[]][]> = {
  'DE.csv': [
    [3053, [J]],
    [3054, [H, HL, J]],
    [3062, [H, HL, J]],
    [3066, [L, J]],
    [3068, [H, HL, J]],
  ],
  'PCG.csv': [
    [5004, [J]],
    [5005, [J]],
    [5132, [L, J]],
    [5599, [H, HL, J]],
    [5632, [J]],
    [7728, [L, J]],
    [7732, [L, J]],
    [8262, [H, L, HL, J]],
    [8264, [L, J]],
    [8269, [J]],
  ],
  'USB.csv': [
    [2017, [H, HL, J]],
    [2020, [H, HL, J]],
    [2026, [H, HL, J]],
    [2054, [H, L, HL, J]],
    [2061, [L, J]],
    [2078, [L, J]],
  ],
  'XLF.csv': [[1589, [J]]],
};

const dailyDir = (): string => path.join(sharedDataDir(), 'daily');
const day = (iso: string): EpochMs => epochMs(Date.parse(`${iso}T00:00:00Z`));

describeWithSharedData('importing the shared daily files', () => {
  let dir: string;
  let db: Db;
  let store: BarStore;
  let report: IngestReport;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'desk-ingest-it-'));
    db = openDatabase(path.join(dir, 'desk.db'));
    store = new BarStore(db);
    const result = ingestPath(dailyDir(), store);
    if (!result.ok) throw new Error(result.error);
    report = result.value;
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const imported = (): FileImported[] => report.files.filter((f): f is FileImported => f.ok);

  it('reads the 34 price files and refuses INDEX.csv as an index, not a price file', () => {
    expect(imported()).toHaveLength(34);
    const failed = report.files.filter((f) => !f.ok);
    expect(failed.map((f) => [path.basename(f.file), !f.ok && f.unreadable])).toEqual([['INDEX.csv', false]]);
    expect(!failed[0]?.ok && failed[0]?.message).toMatch(/^this is an index of the daily price files \(columns symbol,kind,file,first,last,rows,/);
  });

  it('refuses exactly the bad rows, by file and line, with every reason', () => {
    const seen: Record<string, [number, string[]][]> = {};
    for (const f of imported()) {
      if (f.rejected.length > 0) seen[path.basename(f.file)] = f.rejected.map((r) => [r.line, r.reasons.map((x) => x.code)]);
    }
    expect(seen).toEqual(EXPECTED_REJECTIONS);
    const violations = (code: string): number => Object.values(seen).flat().filter(([, codes]) => codes.includes(code)).length;
    expect([violations(H), violations(L)]).toEqual([9, 9]);
  });

  it('stores every other row, matching INDEX.csv row counts', () => {
    const index = readFileSync(path.join(dailyDir(), 'INDEX.csv'), 'utf8').trim().split('\n').slice(1);
    for (const line of index) {
      const [symbol, , , , , rows] = line.split(',');
      const bad = EXPECTED_REJECTIONS[`${symbol}.csv`]?.length ?? 0;
      expect([symbol, store.count(symbol, '1d')]).toEqual([symbol, Number(rows) - bad]);
    }
    expect(report.totals).toMatchObject({ rows: 287_930, stored: 287_930 - 22, rejected: 22 });
  });

  it('keeps genuine large moves, zero-volume days and quantised prices', () => {
    const at = (symbol: string, iso: string) => store.query({ symbol, interval: '1d', from: day(iso), to: day(iso) })[0];
    expect(at('AAPL', '2000-09-29')?.close).toBe(1.6496);
    expect(at('C', '2008-11-24')?.close).toBe(57.724);
    expect(at('INTC', '1972-01-27')?.close).toBe(0.01592);
    expect(at('WMT', '1973-06-19')?.close).toBe(0.02538);
    expect(at('AAPL', '2010-04-26')?.volume).toBe(0);
  });

  it('changes no row when the import runs again', () => {
    const before = store.count();
    const again = ingestPath(dailyDir(), store);
    expect(again.ok && again.value.totals).toMatchObject({ written: 0, stored: report.totals.stored, rejected: 22 });
    expect(store.count()).toBe(before);
  });

  it('adjusts the original Yahoo NVDA file to the prices of daily/NVDA.csv within rounding', () => {
    const original = parseBarCsv(readFileSync(path.join(dailyDir(), 'original', 'NVDA-nvda-1999-2014.txt'), 'utf8'), { file: 'NVDA-nvda-1999-2014.txt' });
    const shared = store.query({ symbol: 'NVDA', interval: '1d' });
    if (!original.ok) throw new Error(original.error.message);
    expect(original.value.symbol).toBe('NVDA');
    expect(original.value.bars.map((b) => b.time)).toEqual(shared.map((b) => b.time));
    // daily/NVDA.csv was rounded to 6 decimals, so each value may differ by half a unit in the 6th place.
    let worst = 0;
    original.value.bars.forEach((b, i) => {
      const s = shared[i];
      if (s === undefined) throw new Error(`no stored bar ${i}`);
      worst = Math.max(worst, ...(['open', 'high', 'low', 'close'] as const).map((k) => Math.abs(b[k] - s[k])));
      expect(b.volume).toBe(s.volume);
    });
    expect(worst).toBeLessThanOrEqual(5e-7 + 1e-12);
  });
});

describeWithSharedData('importing the shared intraday files', () => {
  it('infers each file interval from its spacing and stores every row', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'desk-ingest-it-'));
    const db = openDatabase(path.join(dir, 'desk.db'));
    try {
      const result = ingestPath(path.join(sharedDataDir(), 'intraday'), new BarStore(db));
      if (!result.ok) throw new Error(result.error);
      const summary = result.value.files.map((f) => (f.ok ? [f.symbol, f.interval, f.rows, f.stored] : [f.file, f.message]));
      expect(summary).toEqual([
        ['EURUSD', '1h', 5000, 5000],
        ['FESX', '1m', 30889, 30889],
        ['FXY', '1m', 78974, 78974],
        ['INDA', '1m', 66269, 66269],
      ]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
