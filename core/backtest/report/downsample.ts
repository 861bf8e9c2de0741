/**
 * At most about `max` points of a time series for a chart: the series is cut into max/2 buckets and each keeps
 * its lowest and highest point by `value`, in time order, so peaks and troughs (the drawdown) survive.
 */
export function downsampleExtremes<T>(points: readonly T[], max: number, value: (p: T) => number): T[] {
  if (points.length <= max) return [...points];
  const buckets = Math.max(1, Math.floor(max / 2));
  const size = points.length / buckets;
  const out: T[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(points.length, Math.floor((b + 1) * size));
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (value(points[i] as T) < value(points[lo] as T)) lo = i;
      if (value(points[i] as T) > value(points[hi] as T)) hi = i;
    }
    const first = Math.min(lo, hi);
    const second = Math.max(lo, hi);
    out.push(points[first] as T);
    if (second !== first) out.push(points[second] as T);
  }
  // The last point is the run's end figure: always shown.
  const last = points[points.length - 1] as T;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}
