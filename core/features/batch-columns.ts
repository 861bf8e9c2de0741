/**
 * Whole-array indicator columns, one pass per indicator (the way a pandas notebook computes them). They
 * are written apart from the streaming kernels on purpose, as an independent check, but follow the same
 * arithmetic (operation order, seeding, re-sum schedule) so that both agree bit for bit; definitions in
 * `feature-schema.ts`. NaN marks positions where a column is not yet defined.
 */

const nanColumn = (n: number): Float64Array => new Float64Array(n).fill(Number.NaN);

/** Mean and population variance of each trailing window of `period` values (current value included). */
export function rollingMeanVariance(x: Float64Array, period: number): { mean: Float64Array; variance: Float64Array } {
  const n = x.length;
  const mean = nanColumn(n);
  const variance = nanColumn(n);
  let k = n > 0 ? (x[0] as number) : 0;
  let s1 = 0;
  let s2 = 0;
  for (let j = 0; j < n; j++) {
    const dn = (x[j] as number) - k;
    if (j < period) {
      s1 += dn;
      s2 += dn * dn;
    } else {
      const dOld = (x[j - period] as number) - k;
      s1 += dn - dOld;
      s2 += dn * dn - dOld * dOld;
    }
    if ((j + 1) % period === 0) {
      // Exact re-sum of the window, shifted by its newest value.
      k = x[j] as number;
      s1 = 0;
      s2 = 0;
      for (let i = j - period + 1; i <= j; i++) {
        const d = (x[i] as number) - k;
        s1 += d;
        s2 += d * d;
      }
    }
    if (j >= period - 1) {
      mean[j] = k + s1 / period;
      const v = (s2 - (s1 * s1) / period) / period;
      variance[j] = v > 0 ? v : 0;
    }
  }
  return { mean, variance };
}

/** Column shifted down one row: row j holds row j - 1 (row 0 is NaN). */
export function previousRow(x: Float64Array): Float64Array {
  const out = nanColumn(x.length);
  if (x.length > 1) out.set(x.subarray(0, x.length - 1), 1);
  return out;
}

/** Extreme of the `period` values BEFORE each row (the row itself excluded), by direct scan. */
export function priorExtreme(x: Float64Array, period: number, pick: (a: number, b: number) => number): Float64Array {
  const out = nanColumn(x.length);
  for (let j = period; j < x.length; j++) {
    let m = x[j - period] as number;
    for (let i = j - period + 1; i < j; i++) m = pick(m, x[i] as number);
    out[j] = m;
  }
  return out;
}

/** EMA seeded with the mean of the first `period` values. */
export function emaColumn(x: Float64Array, period: number): Float64Array {
  const out = nanColumn(x.length);
  if (x.length < period) return out;
  const alpha = 2 / (period + 1);
  let sum = 0;
  for (let j = 0; j < period; j++) sum += x[j] as number;
  let e = sum / period;
  out[period - 1] = e;
  for (let j = period; j < x.length; j++) {
    e = ((x[j] as number) - e) * alpha + e;
    out[j] = e;
  }
  return out;
}

/** Wilder average of `values[1..]` (row 0 has no change): mean of the first `period`, then smoothed. */
function wilderAverage(values: Float64Array, period: number): Float64Array {
  const out = nanColumn(values.length);
  if (values.length <= period) return out;
  let a = 0;
  for (let j = 1; j <= period; j++) a += values[j] as number;
  a /= period;
  out[period] = a;
  for (let j = period + 1; j < values.length; j++) {
    a = (a * (period - 1) + (values[j] as number)) / period;
    out[j] = a;
  }
  return out;
}

/** Wilder RSI with SMA-seeded averages. */
export function rsiColumn(close: Float64Array, period: number): Float64Array {
  const n = close.length;
  const gains = new Float64Array(n);
  const losses = new Float64Array(n);
  for (let j = 1; j < n; j++) {
    const d = (close[j] as number) - (close[j - 1] as number);
    gains[j] = d > 0 ? d : 0;
    losses[j] = d < 0 ? -d : 0;
  }
  const g = wilderAverage(gains, period);
  const l = wilderAverage(losses, period);
  const out = nanColumn(n);
  for (let j = period; j < n; j++) {
    const ag = g[j] as number;
    const al = l[j] as number;
    out[j] = al === 0 ? (ag === 0 ? 50 : 100) : 100 - 100 / (1 + ag / al);
  }
  return out;
}

/** Wilder running sum of `values[1..]`: first = plain sum of `period` values, then s - s / period + x. */
function wilderSum(values: Float64Array, period: number): Float64Array {
  const out = nanColumn(values.length);
  if (values.length <= period) return out;
  let s = 0;
  for (let j = 1; j <= period; j++) s += values[j] as number;
  out[period] = s;
  for (let j = period + 1; j < values.length; j++) {
    s = s - s / period + (values[j] as number);
    out[j] = s;
  }
  return out;
}

/** Wilder ADX. */
export function adxColumn(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  const n = close.length;
  const tr = new Float64Array(n);
  const plusDm = new Float64Array(n);
  const minusDm = new Float64Array(n);
  for (let j = 1; j < n; j++) {
    const h = high[j] as number;
    const l = low[j] as number;
    const pc = close[j - 1] as number;
    tr[j] = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc));
    const up = h - (high[j - 1] as number);
    const down = (low[j - 1] as number) - l;
    plusDm[j] = up > down && up > 0 ? up : 0;
    minusDm[j] = down > up && down > 0 ? down : 0;
  }
  const trS = wilderSum(tr, period);
  const plusS = wilderSum(plusDm, period);
  const minusS = wilderSum(minusDm, period);
  const dx = nanColumn(n);
  for (let j = period; j < n; j++) {
    const t = trS[j] as number;
    const pdi = t > 0 ? (100 * (plusS[j] as number)) / t : 0;
    const mdi = t > 0 ? (100 * (minusS[j] as number)) / t : 0;
    const sum = pdi + mdi;
    dx[j] = sum > 0 ? (100 * Math.abs(pdi - mdi)) / sum : 0;
  }
  const out = nanColumn(n);
  const first = 2 * period - 1;
  if (n <= first) return out;
  let a = 0;
  for (let j = period; j <= first; j++) a += dx[j] as number;
  a /= period;
  out[first] = a;
  for (let j = first + 1; j < n; j++) {
    a = (a * (period - 1) + (dx[j] as number)) / period;
    out[j] = a;
  }
  return out;
}

/** Rate of change over `period` rows, in percent. */
export function rocColumn(close: Float64Array, period: number): Float64Array {
  const out = nanColumn(close.length);
  for (let j = period; j < close.length; j++) {
    const past = close[j - period] as number;
    out[j] = (100 * ((close[j] as number) - past)) / past;
  }
  return out;
}
