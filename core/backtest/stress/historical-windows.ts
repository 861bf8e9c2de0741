import { epochMs, type EpochMs } from '../../market/units.js';

/** A stretch of market history worth replaying as a stress test. Dates are trading dates (daily bars' open time). */
export interface HistoricalWindow {
  readonly id: string;
  readonly name: string;
  readonly from: EpochMs;
  readonly to: EpochMs;
}

const day = (iso: string): EpochMs => epochMs(Date.parse(`${iso}T00:00:00Z`));

/**
 * The crises the ticket names. Each window starts a little before the fall so positions opened in calm
 * markets are caught by it, and ends once the worst is over.
 */
export const HISTORICAL_WINDOWS: readonly HistoricalWindow[] = [
  { id: 'crash-1987', name: '1987 crash (Black Monday, 19 Oct)', from: day('1987-09-01'), to: day('1987-12-31') },
  { id: 'dotcom-2000', name: '2000–2002 dot-com bust', from: day('2000-03-01'), to: day('2002-10-31') },
  { id: 'gfc-2008', name: '2008–09 financial crisis', from: day('2008-01-01'), to: day('2009-06-30') },
  { id: 'flash-2010', name: '2010 flash crash (6 May)', from: day('2010-04-19'), to: day('2010-06-30') },
  { id: 'covid-2020', name: '2020 Covid crash', from: day('2020-02-03'), to: day('2020-04-30') },
];

/** One stored series' extent: what a `BarStore.summary()` row gives. */
export interface SeriesExtent {
  readonly symbol: string;
  readonly first: number;
  readonly last: number;
}

/** Which symbols can replay a window: all of it, with `warmUpMs` of history before it for the features. */
export interface WindowCoverage {
  readonly window: HistoricalWindow;
  readonly covered: readonly string[];
  /** Symbols asked for that have no bars over (part of) the window, with what they do have. */
  readonly absent: readonly { readonly symbol: string; readonly reason: string }[];
}

const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);

/**
 * Splits `symbols` into those whose stored series span each window (from `warmUpMs` before it to its end)
 * and those that do not, saying why, so a report can name what a stress test could not see.
 */
export function windowCoverage(extents: readonly SeriesExtent[], symbols: readonly string[], windows: readonly HistoricalWindow[], warmUpMs: number): WindowCoverage[] {
  const bySymbol = new Map(extents.map((e) => [e.symbol, e]));
  return windows.map((window) => {
    const covered: string[] = [];
    const absent: { symbol: string; reason: string }[] = [];
    for (const symbol of symbols) {
      const e = bySymbol.get(symbol);
      if (e === undefined) absent.push({ symbol, reason: 'no stored bars' });
      else if (e.first > window.from - warmUpMs) absent.push({ symbol, reason: `starts ${iso(e.first)}, after the window's warm-up (${iso(window.from - warmUpMs)})` });
      else if (e.last < window.to) absent.push({ symbol, reason: `ends ${iso(e.last)}, before the window ends (${iso(window.to)})` });
      else covered.push(symbol);
    }
    return { window, covered, absent };
  });
}
