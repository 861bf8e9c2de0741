import type { Bar } from '../../market/bar.js';

/**
 * Merges per-symbol series (each oldest first) into one time-ordered list. Bars at the same time keep
 * the order of the series they came from, so a replay is the same every run.
 *
 * Series in time order (the contract) are merged head by head, O(n log k) with nothing allocated per bar; a
 * series out of order falls back to one stable sort of everything, which gives the same list for ordered input.
 */
export function mergeByTime(series: readonly (readonly Bar[])[]): Bar[] {
  if (!series.every(isInTimeOrder)) return sortAll(series);
  let total = 0;
  for (const bars of series) total += bars.length;
  const out = new Array<Bar>(total);
  // A binary min-heap of the series that still have bars, keyed by (time of the next bar, series index): among
  // equal times the lower series goes first, and a series' own bars come out in their order.
  const heap = new Int32Array(series.length);
  const next = new Int32Array(series.length);
  const head = new Float64Array(series.length);
  let size = 0;
  for (let s = 0; s < series.length; s++) {
    const first = series[s]?.[0];
    if (first === undefined) continue;
    head[s] = first.time;
    heap[size++] = s;
  }
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(heap, head, size, i);
  let n = 0;
  while (size > 0) {
    const s = heap[0] ?? 0;
    const bars = series[s] ?? [];
    const at = next[s] ?? 0;
    const bar = bars[at];
    if (bar !== undefined) out[n++] = bar;
    next[s] = at + 1;
    const following = bars[at + 1];
    if (following === undefined) {
      size--;
      heap[0] = heap[size] ?? 0;
    } else {
      head[s] = following.time;
    }
    siftDown(heap, head, size, 0);
  }
  out.length = n;
  return out;
}

function siftDown(heap: Int32Array, head: Float64Array, size: number, from: number): void {
  let i = from;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < size && before(heap[l] ?? 0, heap[m] ?? 0, head)) m = l;
    if (r < size && before(heap[r] ?? 0, heap[m] ?? 0, head)) m = r;
    if (m === i) return;
    const t = heap[i] ?? 0;
    heap[i] = heap[m] ?? 0;
    heap[m] = t;
    i = m;
  }
}

function before(a: number, b: number, head: Float64Array): boolean {
  const ta = head[a] ?? 0;
  const tb = head[b] ?? 0;
  return ta < tb || (ta === tb && a < b);
}

/** Times never decreasing, every slot a bar (a hole or a NaN time counts as out of order: the sort handles those). */
function isInTimeOrder(bars: readonly Bar[]): boolean {
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < bars.length; i++) {
    const time = bars[i]?.time;
    if (time === undefined || !(time >= previous)) return false;
    previous = time;
  }
  return true;
}

function sortAll(series: readonly (readonly Bar[])[]): Bar[] {
  const tagged: { bar: Bar; source: number; index: number }[] = [];
  series.forEach((bars, source) => bars.forEach((bar, index) => tagged.push({ bar, source, index })));
  tagged.sort((a, b) => a.bar.time - b.bar.time || a.source - b.source || a.index - b.index);
  return tagged.map((t) => t.bar);
}
