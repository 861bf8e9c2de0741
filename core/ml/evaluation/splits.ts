/** What a split needs to know of a sample. */
export interface SplitSample {
  readonly symbol: string;
  /** Event bar open time (ms). */
  readonly time: number;
  /** When the outcome was decided (ms): the last bar its label read. */
  readonly exitTime: number;
}

/** One train/test split, as indices into the sample list (ascending). */
export interface Fold {
  readonly name: string;
  readonly train: Uint32Array;
  readonly test: Uint32Array;
  /** Training samples dropped because their outcome reached into the test period. */
  readonly purged: number;
  /** Test period [from, to) in ms; the whole range for a symbols-only split. */
  readonly testFrom: number;
  readonly testTo: number;
}

/** 1 January of `year`, 00:00 UTC, in ms. */
export const yearStart = (year: number): number => Date.UTC(year, 0, 1);

const indices = (n: number, keep: (i: number) => boolean): Uint32Array => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) out.push(i);
  return Uint32Array.from(out);
};

const assertYears = (from: number, to: number): void => {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from <= to)) throw new RangeError(`test years must be integers with from <= to, got ${from}..${to}`);
};

/**
 * Purged train/test split at a time cut: test = events in [testFrom, testTo); train = events before
 * testFrom whose outcome was decided before testFrom. An event just before the cut whose barrier walk runs
 * into the test period shares bars with test events, so it is purged rather than trained on.
 * `trainable` / `testable` restrict either side (e.g. to exclude held-out symbols).
 */
export function timeCutFold(
  samples: readonly SplitSample[], name: string, testFrom: number, testTo: number,
  trainable: (s: SplitSample) => boolean = () => true, testable: (s: SplitSample) => boolean = () => true,
): Fold {
  let purged = 0;
  const train = indices(samples.length, (i) => {
    const s = samples[i] as SplitSample;
    if (!(s.time < testFrom) || !trainable(s)) return false;
    if (s.exitTime >= testFrom) {
      purged++;
      return false;
    }
    return true;
  });
  const test = indices(samples.length, (i) => {
    const s = samples[i] as SplitSample;
    return s.time >= testFrom && s.time < testTo && testable(s);
  });
  return { name, train, test, purged, testFrom, testTo };
}

/**
 * Expanding walk-forward by calendar year (UTC): for each year Y in [firstTestYear, lastTestYear], train on
 * every earlier event (purged at 1 Jan Y) and test on the events of Y.
 * @throws RangeError for a reversed or non-integer year range.
 */
export function walkForwardByYear(samples: readonly SplitSample[], firstTestYear: number, lastTestYear: number): Fold[] {
  assertYears(firstTestYear, lastTestYear);
  const folds: Fold[] = [];
  for (let y = firstTestYear; y <= lastTestYear; y++) folds.push(timeCutFold(samples, `walk-forward ${y}`, yearStart(y), yearStart(y + 1)));
  return folds;
}

/**
 * Symbols never seen in training, tested out of time too: train on the other symbols' events before
 * `firstTestYear` (purged), test on the held-out symbols' events in [firstTestYear, lastTestYear]. Testing
 * the held-out symbols over the SAME years as training would let market-wide moves leak across symbols.
 * @throws RangeError when a held-out symbol has no sample, or the year range is bad.
 */
export function heldOutSymbolsFold(samples: readonly SplitSample[], heldOut: readonly string[], firstTestYear: number, lastTestYear: number): Fold {
  assertYears(firstTestYear, lastTestYear);
  const out = new Set(heldOut);
  const seen = new Set(samples.map((s) => s.symbol));
  const unknown = heldOut.filter((s) => !seen.has(s));
  if (unknown.length > 0) throw new RangeError(`held-out symbols without samples: ${unknown.join(', ')}`);
  return timeCutFold(samples, `held-out symbols ${heldOut.join(',')} ${firstTestYear}-${lastTestYear}`, yearStart(firstTestYear), yearStart(lastTestYear + 1),
    (s) => !out.has(s.symbol), (s) => out.has(s.symbol));
}

/**
 * Picks `count` symbols to hold out, deterministically from `seed` (a seeded Fisher-Yates over the sorted
 * names), so a rerun holds out the same symbols.
 */
export function pickHeldOutSymbols(symbols: readonly string[], count: number, rnd: () => number): string[] {
  const pool = [...new Set(symbols)].sort();
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = pool[i] as string;
    pool[i] = pool[j] as string;
    pool[j] = t;
  }
  return pool.slice(0, Math.max(0, Math.min(count, pool.length))).sort();
}
