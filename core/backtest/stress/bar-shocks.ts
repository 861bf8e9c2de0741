import type { Bar } from '../../market/bar.js';
import { price, quantity, type EpochMs } from '../../market/units.js';

/**
 * A synthetic shock applied to stored bars before a backtest replays them. Each is a pure transform of one
 * symbol's series (oldest first), so the shocked run goes through the same runner as the plain one and the
 * difference between the two is the shock alone.
 */
export type BarShock =
  /** Every price from the first bar at or after `at` on is multiplied by (1 + `fraction`): a gap that stays. */
  | { readonly kind: 'gap'; readonly at: EpochMs; readonly fraction: number }
  /**
   * Inside [from, to] each close-to-close log return, and each bar's open/high/low distance (in log) from its
   * close, is multiplied by `factor`; after `to` the series goes on from the level the shock left it at.
   */
  | { readonly kind: 'volatility'; readonly from: EpochMs; readonly to: EpochMs; readonly factor: number }
  /** Inside [from, to] every bar's volume is multiplied by `factor` (< 1): the paper broker's participation cap bites. */
  | { readonly kind: 'liquidity'; readonly from: EpochMs; readonly to: EpochMs; readonly factor: number }
  /** Bars inside [from, to] never arrive: a feed outage. The next bar comes straight after the gap. */
  | { readonly kind: 'feed-gap'; readonly from: EpochMs; readonly to: EpochMs };

/** Short, stable name of a shock for tables and file names. */
export function shockLabel(shock: BarShock): string {
  switch (shock.kind) {
    case 'gap':
      return `gap ${(shock.fraction * 100).toFixed(0)}%`;
    case 'volatility':
      return `volatility x${shock.factor}`;
    case 'liquidity':
      return `liquidity x${shock.factor}`;
    case 'feed-gap':
      return 'feed gap';
  }
}

/**
 * Checks a shock's numbers before any bar is touched.
 * @returns a reason naming the field, or undefined when the shock is usable.
 */
export function invalidShock(shock: BarShock): string | undefined {
  if (shock.kind === 'gap') {
    return Number.isFinite(shock.fraction) && shock.fraction > -1 ? undefined : `gap fraction ${shock.fraction} must be a finite number above -1 (prices stay positive)`;
  }
  if (!(shock.from <= shock.to)) return `${shock.kind} window from ${shock.from} is after to ${shock.to}`;
  if (shock.kind === 'volatility' && !(Number.isFinite(shock.factor) && shock.factor > 0)) return `volatility factor ${shock.factor} must be positive`;
  if (shock.kind === 'liquidity' && !(Number.isFinite(shock.factor) && shock.factor >= 0 && shock.factor <= 1)) return `liquidity factor ${shock.factor} must be in [0, 1]`;
  return undefined;
}

const scaled = (bar: Bar, k: number): Bar => ({ ...bar, open: price(bar.open * k), high: price(bar.high * k), low: price(bar.low * k), close: price(bar.close * k) });

/**
 * One symbol's bars with `shock` applied; the input is not changed.
 * @throws RangeError when the shock's numbers are unusable (see `invalidShock`).
 */
export function applyShock(bars: readonly Bar[], shock: BarShock): Bar[] {
  const invalid = invalidShock(shock);
  if (invalid !== undefined) throw new RangeError(invalid);
  switch (shock.kind) {
    case 'gap': {
      const k = 1 + shock.fraction;
      return bars.map((bar) => (bar.time >= shock.at ? scaled(bar, k) : bar));
    }
    case 'liquidity':
      return bars.map((bar) => (bar.time >= shock.from && bar.time <= shock.to ? { ...bar, volume: quantity(Math.floor(bar.volume * shock.factor)) } : bar));
    case 'feed-gap':
      return bars.filter((bar) => bar.time < shock.from || bar.time > shock.to);
    case 'volatility':
      return scaleVolatility(bars, shock.from, shock.to, shock.factor);
  }
}

function scaleVolatility(bars: readonly Bar[], from: EpochMs, to: EpochMs, factor: number): Bar[] {
  const out: Bar[] = [];
  // Ratio of shocked to original level, carried forward so the series stays continuous after the window.
  let level = 1;
  let prevClose: number | undefined;
  let prevShocked: number | undefined;
  for (const bar of bars) {
    if (bar.time < from || bar.time > to || prevClose === undefined || prevShocked === undefined) {
      // Before the window, on its first bar (no prior close to scale from) and after it: the original bar at the current level.
      const kept = level === 1 ? bar : scaled(bar, level);
      out.push(kept);
      prevClose = bar.close;
      prevShocked = kept.close;
      continue;
    }
    const close = prevShocked * Math.exp(factor * Math.log(bar.close / prevClose));
    // exp(factor·log(x/close)) keeps the order of open/high/low around the close, so the bar stays valid.
    const around = (x: number): number => close * Math.exp(factor * Math.log(x / bar.close));
    out.push({ ...bar, open: price(around(bar.open)), high: price(around(bar.high)), low: price(around(bar.low)), close: price(close) });
    level = close / bar.close;
    prevClose = bar.close;
    prevShocked = close;
  }
  return out;
}
