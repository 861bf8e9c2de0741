import type { Bar } from '../../market/bar.js';

/**
 * Merges per-symbol series (each oldest first) into one time-ordered list. Bars at the same time keep
 * the order of the series they came from, so a replay is the same every run.
 */
export function mergeByTime(series: readonly (readonly Bar[])[]): Bar[] {
  const tagged: { bar: Bar; source: number; index: number }[] = [];
  series.forEach((bars, source) => bars.forEach((bar, index) => tagged.push({ bar, source, index })));
  tagged.sort((a, b) => a.bar.time - b.bar.time || a.source - b.source || a.index - b.index);
  return tagged.map((t) => t.bar);
}
