/** A point of an equity curve as the metrics read it. */
export interface CurvePoint {
  readonly time: number;
  readonly equity: number;
}

/** Julian year: the span annualised figures are quoted over. */
export const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/** Simple returns between consecutive points (n − 1 of them); a non-positive base gives a return of 0. */
export function periodReturns(curve: readonly CurvePoint[]): Float64Array {
  const r = new Float64Array(Math.max(0, curve.length - 1));
  for (let i = 1; i < curve.length; i++) {
    const a = (curve[i - 1] as CurvePoint).equity;
    r[i - 1] = a > 0 ? (curve[i] as CurvePoint).equity / a - 1 : 0;
  }
  return r;
}

/**
 * Periods per year, from the curve itself: (points − 1) over its span in years. A multi-symbol portfolio has
 * one point per distinct close, so this is the real sampling rate (≈ 252 for daily bars) whatever the calendar.
 */
export function periodsPerYear(curve: readonly CurvePoint[]): number | null {
  if (curve.length < 2) return null;
  const span = (curve[curve.length - 1] as CurvePoint).time - (curve[0] as CurvePoint).time;
  return span > 0 ? ((curve.length - 1) * YEAR_MS) / span : null;
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return x.length === 0 ? Number.NaN : s / x.length;
}

/** Sample standard deviation (n − 1). */
export function stdev(x: ArrayLike<number>): number {
  if (x.length < 2) return Number.NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += ((x[i] as number) - m) ** 2;
  return Math.sqrt(s / (x.length - 1));
}

/** Root mean square of the returns below zero, over all periods (the usual Sortino denominator). */
export function downsideDeviation(x: ArrayLike<number>): number {
  if (x.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v < 0) s += v * v;
  }
  return Math.sqrt(s / x.length);
}

/** The ratio, or null when it is undefined (no periods, zero denominator). */
export function ratio(num: number, den: number): number | null {
  return Number.isFinite(num) && Number.isFinite(den) && den > 0 ? num / den : null;
}

/** Annualised Sharpe of per-period returns, risk-free rate 0. */
export function sharpe(returns: ArrayLike<number>, perYear: number | null): number | null {
  const r = ratio(mean(returns), stdev(returns));
  return r === null || perYear === null ? null : r * Math.sqrt(perYear);
}

/** Annualised Sortino of per-period returns, target 0. */
export function sortino(returns: ArrayLike<number>, perYear: number | null): number | null {
  const r = ratio(mean(returns), downsideDeviation(returns));
  return r === null || perYear === null ? null : r * Math.sqrt(perYear);
}

export interface DrawdownStats {
  /** Largest fall from a running peak as a fraction of the peak (0..1). */
  readonly maxDrawdown: number;
  /** Longest peak-to-recovery stretch (to the end if never recovered). */
  readonly durationMs: number;
  readonly durationPeriods: number;
}

/** Max drawdown and the longest time spent below a previous peak. */
export function drawdownStats(curve: readonly CurvePoint[]): DrawdownStats {
  let peak = Number.NEGATIVE_INFINITY;
  let peakTime = 0;
  let peakIndex = 0;
  let maxDd = 0;
  let durationMs = 0;
  let durationPeriods = 0;
  for (let i = 0; i < curve.length; i++) {
    const p = curve[i] as CurvePoint;
    if (p.equity >= peak) {
      peak = p.equity;
      peakTime = p.time;
      peakIndex = i;
    } else {
      if (peak > 0) maxDd = Math.max(maxDd, (peak - p.equity) / peak);
      durationMs = Math.max(durationMs, p.time - peakTime);
      durationPeriods = Math.max(durationPeriods, i - peakIndex);
    }
  }
  return { maxDrawdown: maxDd, durationMs, durationPeriods };
}

/** Drawdown at every point, as a fraction of the running peak (0 at a new high), for drawdown plots. */
export function drawdownCurve(curve: readonly CurvePoint[]): Float64Array {
  const out = new Float64Array(curve.length);
  let peak = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < curve.length; i++) {
    const e = (curve[i] as CurvePoint).equity;
    peak = Math.max(peak, e);
    out[i] = peak > 0 ? (peak - e) / peak : 0;
  }
  return out;
}
