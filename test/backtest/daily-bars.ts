import type { Bar } from '../../core/market/bar.js';
import { epochMs, price, quantity } from '../../core/market/units.js';
import { dailySymbols, readDaily } from '../support/daily-csv.js';

/** The shared daily files of `symbols` (default all) as Bars, per symbol oldest first. */
export function dailyBars(symbols: readonly string[] = dailySymbols()): Bar[] {
  const out: Bar[] = [];
  for (const symbol of symbols) {
    const { columns: c } = readDaily(symbol);
    for (let i = 0; i < c.time.length; i++) {
      out.push({
        symbol, interval: '1d', time: epochMs(c.time[i] as number), open: price(c.open[i] as number), high: price(c.high[i] as number),
        low: price(c.low[i] as number), close: price(c.close[i] as number), volume: quantity(c.volume[i] as number),
      });
    }
  }
  return out;
}
