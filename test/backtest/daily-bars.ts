import { columnsToBars } from '../../core/features/testing/feature-fixtures.js';
import type { Bar } from '../../core/market/bar.js';
import { dailySymbols, readDaily } from '../support/daily-csv.js';

/** The shared daily files of `symbols` (default all) as Bars, per symbol oldest first. */
export function dailyBars(symbols: readonly string[] = dailySymbols()): Bar[] {
  return symbols.flatMap((symbol) => columnsToBars(readDaily(symbol).columns, symbol, '1d'));
}
