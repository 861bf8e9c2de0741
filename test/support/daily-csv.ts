import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BarColumns } from '../../core/features/batch-features.js';
import { sharedDataDir } from './shared-data.js';

/** One shared daily file as columns; rows that break a bar rule are dropped and counted. */
export interface DailySeries {
  readonly symbol: string;
  readonly columns: BarColumns;
  readonly dropped: number;
}

/** The shared daily symbols (every `daily/*.csv` except INDEX.csv), sorted. */
export function dailySymbols(): string[] {
  return readdirSync(join(sharedDataDir(), 'daily'))
    .filter((f) => f.endsWith('.csv') && f !== 'INDEX.csv')
    .map((f) => f.slice(0, -4))
    .sort();
}

/**
 * Reads `daily/SYMBOL.csv` (`date,open,high,low,close,volume`, ISO dates) with a plain split: the files
 * are machine-written and unquoted. Rows that the bar rules refuse (the vendor's decimal-shift rows in
 * USB, DE and PCG) are dropped, as the importer would.
 * @throws Error naming the file and line of a row that does not have six fields.
 */
export function readDaily(symbol: string): DailySeries {
  const file = join(sharedDataDir(), 'daily', `${symbol}.csv`);
  const lines = readFileSync(file, 'utf8').split('\n');
  const cols = { time: [] as number[], open: [] as number[], high: [] as number[], low: [] as number[], close: [] as number[], volume: [] as number[] };
  let dropped = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const f = line.split(',');
    if (f.length !== 6) throw new Error(`${file}:${i + 1}: expected 6 fields, got ${f.length}`);
    const [t, o, h, l, c, v] = [Date.parse(`${f[0]}T00:00:00Z`), Number(f[1]), Number(f[2]), Number(f[3]), Number(f[4]), Number(f[5])];
    const valid = o > 0 && c > 0 && l > 0 && h >= Math.max(o, c, l) && l <= Math.min(o, c) && v >= 0 && Number.isFinite(t) && Number.isFinite(h);
    const prev = cols.time[cols.time.length - 1];
    if (!valid || (prev !== undefined && t <= prev)) {
      dropped++;
      continue;
    }
    cols.time.push(t);
    cols.open.push(o);
    cols.high.push(h);
    cols.low.push(l);
    cols.close.push(c);
    cols.volume.push(v);
  }
  return {
    symbol,
    dropped,
    columns: {
      time: Float64Array.from(cols.time),
      open: Float64Array.from(cols.open),
      high: Float64Array.from(cols.high),
      low: Float64Array.from(cols.low),
      close: Float64Array.from(cols.close),
      volume: Float64Array.from(cols.volume),
    },
  };
}
