import type { Bar } from './bar.js';

/**
 * Why a bar was refused. One row can break several rules; every broken rule is reported so the user
 * fixes the source once rather than re-running the import per rule.
 */
export type BarIssueCode =
  | 'non-finite'
  | 'negative-price'
  | 'zero-price'
  | 'negative-volume'
  | 'high-below-open-close'
  | 'low-above-open-close'
  | 'high-below-low'
  | 'duplicate-time'
  | 'out-of-order-time'
  | 'price-jump';

/** One broken rule: a stable code for programs, a message a trader can act on. */
export interface BarIssue {
  readonly code: BarIssueCode;
  readonly message: string;
}

/**
 * Default factor for the jump rule. Measured on the 34 shared daily files (287,930 rows), the largest
 * move of any price field against the previous close is 2.11x for genuine events (AAPL -51.8% on
 * 2000-09-29, INTC +101% on 1972-01-27, WMT's +108% quantisation steps, C +57.8% on 2008-11-24), while
 * the vendor's decimal-shift errors in USB, DE and PCG sit at 9.8x-10.2x (the shifted value is 1/10 of
 * the right one, so the factor is just under 10 when the neighbour moved a little). 4x sits between the
 * two groups with about 2x margin on each side; it also catches one bad print, XLF's 52.667 high on
 * 2011-06-16 among prices near 10.7 (4.9x), which no real ETF move explains.
 */
export const DEFAULT_JUMP_FACTOR = 4;

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;
type PriceField = (typeof PRICE_FIELDS)[number];

const usable = (x: number): boolean => Number.isFinite(x) && x > 0;

/** How many times apart two positive prices are (always ≥ 1). */
export function priceRatio(a: number, b: number): number {
  return a >= b ? a / b : b / a;
}

/**
 * The rules that need only the bar itself. Zero volume and flat bars (open = high = low = close) are
 * valid on purpose: vendors record a day with no trades, or only a close in early decades, that way
 * (every guyr18 stock file has volume 0 on 2010-04-26; WMT has 2,100 flat rows), and those bars are real
 * observations of the price, not missing ones. A price of 0 is refused: no instrument trades at 0, a 0
 * there is a vendor's "no value", and it would make every return and log-price built on it infinite.
 */
export function rowIssues(bar: Bar, out: BarIssue[]): void {
  if (rowIsClean(bar)) return;
  const bad: string[] = [];
  for (const f of PRICE_FIELDS) if (!Number.isFinite(bar[f])) bad.push(`${f} ${String(bar[f])}`);
  if (!Number.isFinite(bar.volume)) bad.push(`volume ${String(bar.volume)}`);
  if (!Number.isFinite(bar.time)) bad.push(`time ${String(bar.time)}`);
  if (bad.length > 0) out.push({ code: 'non-finite', message: `not a finite number: ${bad.join(', ')}` });

  const negative = PRICE_FIELDS.filter((f) => bar[f] < 0);
  if (negative.length > 0) {
    out.push({ code: 'negative-price', message: `negative price: ${negative.map((f) => `${f} ${bar[f]}`).join(', ')}` });
  }
  const zero = PRICE_FIELDS.filter((f) => bar[f] === 0);
  if (zero.length > 0) {
    out.push({
      code: 'zero-price',
      message: `price of 0 in ${zero.join(', ')}: nothing trades at 0, so this is a missing value, and it would make returns infinite`,
    });
  }
  if (bar.volume < 0) out.push({ code: 'negative-volume', message: `negative volume ${bar.volume}` });

  const { open, high, low, close } = bar;
  if (high < Math.max(open, close)) {
    out.push({ code: 'high-below-open-close', message: `high ${high} is below max(open ${open}, close ${close})` });
  }
  if (low > Math.min(open, close)) {
    out.push({ code: 'low-above-open-close', message: `low ${low} is above min(open ${open}, close ${close})` });
  }
  if (high < low) out.push({ code: 'high-below-low', message: `high ${high} is below low ${low}` });
}

/**
 * True when no rule can fire for `bar` after `prev` (the last accepted bar): the allocation-free check
 * that lets validators skip collecting issues for the vast majority of rows.
 */
export function passesAllRules(bar: Bar, prev: Pick<Bar, 'time' | 'close'> | undefined, factor: number): boolean {
  return rowIsClean(bar) && (prev === undefined || (bar.time > prev.time && !mayJump(bar, prev.close, factor)));
}

function rowIsClean(bar: Bar): boolean {
  return valuesAreClean(bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume);
}

/**
 * The row rules' fast path on plain numbers, without allocating: true when no row rule can fire. Shared
 * by the Bar-object validator and the columnar one, so both accept exactly the same rows.
 */
export function valuesAreClean(time: number, open: number, high: number, low: number, close: number, volume: number): boolean {
  // Comparisons with NaN are false, so a NaN anywhere fails these; Infinity fails the isFinite checks.
  return (
    open > 0 && close > 0 && low > 0 && high >= low && high >= open && high >= close && low <= open && low <= close &&
    Number.isFinite(high) && volume >= 0 && Number.isFinite(volume) && Number.isFinite(time)
  );
}

/** The rules that compare a bar with the last accepted bar of the same series. */
export function sequenceIssues(bar: Bar, prev: Pick<Bar, 'time'>, out: BarIssue[]): void {
  if (bar.time === prev.time) {
    out.push({ code: 'duplicate-time', message: `time ${isoTime(bar.time)} repeats the previous accepted bar's time` });
  } else if (bar.time < prev.time) {
    out.push({
      code: 'out-of-order-time',
      message: `time ${isoTime(bar.time)} is before the previous accepted bar's ${isoTime(prev.time)}`,
    });
  }
}

/**
 * Price fields at least `factor` times away from `reference` (a neighbour's price). Fields the row rules
 * already refuse (non-finite, ≤ 0) are skipped so a bad value is not reported twice.
 */
export function jumpFields(bar: Bar, reference: number, factor: number): PriceField[] {
  if (!usable(reference) || !mayJump(bar, reference, factor)) return NO_FIELDS;
  return PRICE_FIELDS.filter((f) => usable(bar[f]) && priceRatio(bar[f], reference) >= factor);
}

const NO_FIELDS: PriceField[] = [];

/** Allocation-free pre-check: the bar's range is within `factor` of the reference on both sides. */
function mayJump(bar: Bar, reference: number, factor: number): boolean {
  // high ≥ the other fields and low ≤ them on a clean row; min/max also cover rows that break that order.
  const hi = Math.max(bar.open, bar.high, bar.low, bar.close);
  const lo = Math.min(bar.open, bar.high, bar.low, bar.close);
  return !(hi < reference * factor && lo * factor > reference);
}

/**
 * {@link mayJump} for a row that already passed {@link valuesAreClean}: then high is the largest price and
 * low the smallest, so the range check needs only those two.
 */
export function cleanRangeMayJump(high: number, low: number, reference: number, factor: number): boolean {
  return !(high < reference * factor && low * factor > reference);
}

/** The jump issue for the given fields, or nothing when the list is empty. */
export function jumpIssue(bar: Bar, fields: readonly PriceField[], reference: number, factor: number): BarIssue | undefined {
  if (fields.length === 0) return undefined;
  const detail = fields.map((f) => `${f} ${bar[f]} (${priceRatio(bar[f], reference).toFixed(2)}x)`).join(', ');
  return {
    code: 'price-jump',
    message: `${detail} vs the neighbouring close ${reference}: at least ${factor}x away, likely a decimal-shift or bad print`,
  };
}

function isoTime(time: number): string {
  // Date covers ±8.64e15 ms; outside it toISOString throws, and a message must never throw.
  return Math.abs(time) <= 8.64e15 ? new Date(time).toISOString() : String(time);
}
