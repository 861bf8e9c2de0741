import type { Bar } from '../../market/bar.js';
import type { HistoryQuery } from '../../feeds/feed.js';
import type { EpochMs } from '../../market/units.js';
import type { HoldingWeight } from './concentration.js';

/** The slice of BarStore the correlation figure reads (daily bars). */
export interface DailyBarSource {
  query(query: HistoryQuery): Bar[];
}

export interface CorrelationRisk {
  /** Σ_{i<j} wᵢwⱼρᵢⱼ / Σ_{i<j} wᵢwⱼ over pairs with enough common days; undefined when no pair has. */
  readonly weightedAverage?: number;
  readonly pairs: readonly { readonly a: string; readonly b: string; readonly correlation: number; readonly days: number }[];
  /** Pairs left out because they share fewer than `minDays` daily returns, so the figure never rests on noise. */
  readonly skippedPairs: number;
}

export interface CorrelationOptions {
  /** Daily bars read per symbol, ending at `asOf`. */
  readonly lookbackDays: number;
  readonly asOf: EpochMs;
  /** Fewer common returns than this and a pair is skipped. */
  readonly minDays?: number;
  /**
   * Keeps each symbol's returns and each pair's correlation between calls. Only for a source whose bars are
   * never rewritten (appended in time order), where the same first and last day and count mean the same bars.
   */
  readonly memo?: CorrelationMemo;
}

/**
 * One symbol's daily log returns over a window, keyed by the day each return ends on, in the order the source
 * gave them (a repeated day keeps its first place and its last value, as a Map would).
 */
interface Returns {
  readonly first: number;
  readonly last: number;
  readonly count: number;
  readonly days: Float64Array;
  readonly values: Float64Array;
  /** Days strictly increasing (every well-formed source): a pair is aligned by a merge instead of lookups. */
  readonly ascending: boolean;
  /** Day → return, built on first need, for aligning against a window whose days are not ascending. */
  byDay?: Map<number, number>;
  /** Deviations from the window's mean and their sum of squares, built on first need (see `sameDays`). */
  centred?: { readonly dev: Float64Array; readonly ss: number };
}

type Pearson = { readonly correlation: number; readonly days: number } | undefined;

/** A pair's correlation and the two windows it was computed from. */
interface PairEntry {
  x: Returns;
  y: Returns;
  r: Pearson;
}

/**
 * What `correlationRisk` computed last per symbol and per pair: a risk review asks for the same holdings'
 * correlations for every held symbol at every close, and they change only when a holding's window moves.
 */
export class CorrelationMemo {
  readonly returns = new Map<string, Returns>();
  /** Each symbol's row and column in `pairs`. */
  readonly ids = new Map<string, number>();
  /**
   * `pairs[id of a][id of b]`: the pair's last correlation, by index (a review looks up every pair of the
   * holdings, ~8M lookups in a 34-symbol backtest, and a string key per pair cost more than the lookups).
   */
  readonly pairs: (PairEntry | undefined)[][] = [];
  /**
   * The latest distinct lists of days, newest first: windows over the same trading days share one list, so a
   * pair of them is known to align day for day without comparing (most holdings trade the same calendar).
   */
  readonly calendars: Float64Array[] = [];
}

/** Enough lists for the windows before and after a day's bars, with room for symbols on other calendars. */
const CALENDARS_KEPT = 8;

/**
 * Correlation risk of the holdings: the weight-averaged pairwise Pearson correlation of their daily
 * log returns over the lookback, aligned on the dates both symbols traded. Near 1 the book behaves as one
 * position whatever the Herfindahl says; direction is not netted (a long and a short in correlated names
 * hedge, but the figure is about how much the holdings move together).
 */
export function correlationRisk(bars: DailyBarSource, weights: readonly HoldingWeight[], options: CorrelationOptions): CorrelationRisk {
  const pairs: { a: string; b: string; correlation: number; days: number }[] = [];
  const sums = accumulate(bars, weights, options, pairs);
  return sums.den > 0 ? { weightedAverage: sums.num / sums.den, pairs, skippedPairs: sums.skipped } : { pairs, skippedPairs: sums.skipped };
}

/**
 * `correlationRisk(...).weightedAverage` without the list of pairs: the risk state needs only the figure, and
 * asks for it for every held symbol at every close.
 */
export function weightedCorrelation(bars: DailyBarSource, weights: readonly HoldingWeight[], options: CorrelationOptions): number | undefined {
  const sums = accumulate(bars, weights, options, undefined);
  return sums.den > 0 ? sums.num / sums.den : undefined;
}

/** Σ wᵢwⱼρᵢⱼ and Σ wᵢwⱼ over the pairs in weight order (the one summation order both entry points share). */
function accumulate(
  bars: DailyBarSource,
  weights: readonly HoldingWeight[],
  options: CorrelationOptions,
  pairs: { a: string; b: string; correlation: number; days: number }[] | undefined,
): { num: number; den: number; skipped: number } {
  const minDays = options.minDays ?? 20;
  const memo = options.memo;
  const windows: (Returns | undefined)[] = [];
  const ids: number[] = [];
  for (const w of weights) {
    windows.push(returnsOf(bars, w.symbol, options, memo));
    if (memo !== undefined) ids.push(idOf(memo, w.symbol));
  }
  let skipped = 0;
  let num = 0;
  let den = 0;
  for (let i = 0; i < weights.length; i++) {
    const a = weights[i];
    const x = windows[i];
    if (a === undefined) continue;
    const kept = memo === undefined || x === undefined ? undefined : memo.pairs[ids[i] ?? -1];
    for (let j = i + 1; j < weights.length; j++) {
      const b = weights[j];
      const y = windows[j];
      if (b === undefined) continue;
      const r = kept === undefined || y === undefined || x === undefined ? pearson(x, y) : pairCorrelation(kept, ids[j] ?? -1, x, y);
      if (r === undefined || r.days < minDays) {
        skipped++;
        continue;
      }
      pairs?.push({ a: a.symbol, b: b.symbol, correlation: r.correlation, days: r.days });
      num += a.weight * b.weight * r.correlation;
      den += a.weight * b.weight;
    }
  }
  return { num, den, skipped };
}

function returnsOf(bars: DailyBarSource, symbol: string, options: CorrelationOptions, memo: CorrelationMemo | undefined): Returns {
  const series = bars.query({ symbol, interval: '1d', to: options.asOf, limit: options.lookbackDays + 1 });
  const first = series[0]?.time ?? Number.NaN;
  const last = series[series.length - 1]?.time ?? Number.NaN;
  const kept = memo?.returns.get(symbol);
  if (kept !== undefined && kept.first === first && kept.last === last && kept.count === series.length) return kept;
  const made = returnsFrom(series, first, last, memo, kept);
  memo?.returns.set(symbol, made);
  return made;
}

function returnsFrom(series: readonly Bar[], first: number, last: number, memo: CorrelationMemo | undefined, before: Returns | undefined): Returns {
  const n = Math.max(0, series.length - 1);
  // Most windows are over a calendar already kept: then no list of days is made (only compared), and the kept
  // one is never written (its days are the series' own).
  const known = memo === undefined ? undefined : knownCalendar(memo, series, n);
  const days = known ?? cut(n);
  const values = cut(n);
  // A window that moved on over bars that are only appended: a return of the same two bars is the same number,
  // so those are copied from the previous window and only the new days' logs are taken.
  let from = before?.ascending === true ? before.days.indexOf(first) + 1 : 0;
  let i = 1;
  if (before !== undefined && from > 0) {
    for (; i < series.length && from < before.days.length; i++, from++) {
      const day = series[i]?.time;
      if (day === undefined || day !== before.days[from]) break;
      if (known === undefined) days[i - 1] = day;
      values[i - 1] = before.values[from] ?? 0;
    }
  }
  let ascending = true;
  for (; i < series.length; i++) {
    const prev = series[i - 1];
    const cur = series[i];
    if (prev === undefined || cur === undefined) continue;
    if (i > 1 && !(cur.time > (days[i - 2] ?? Number.NaN))) ascending = false;
    if (known === undefined) days[i - 1] = cur.time;
    values[i - 1] = Math.log(cur.close / prev.close);
  }
  if (ascending) return { first, last, count: series.length, days: known ?? (memo === undefined ? days : sharedCalendar(memo, days)), values, ascending };
  // A source out of order or with a repeated day: keep a Map's semantics exactly (first place, last value).
  const byDay = new Map<number, number>();
  for (let i = 0; i < n; i++) byDay.set(days[i] ?? 0, values[i] ?? 0);
  return { first, last, count: series.length, days: Float64Array.from(byDay.keys()), values: Float64Array.from(byDay.values()), ascending, byDay };
}

/**
 * The memo's list equal to the days of `series`' `n` returns (moved to the front, as `sharedCalendar` does), or
 * undefined. Kept lists are ascending, so a window found here is too.
 */
function knownCalendar(memo: CorrelationMemo, series: readonly Bar[], n: number): Float64Array | undefined {
  if (n === 0) return undefined;
  const lists = memo.calendars;
  const firstDay = series[1]?.time;
  const lastDay = series[n]?.time;
  for (let k = 0; k < lists.length; k++) {
    const list = lists[k];
    if (list === undefined || list.length !== n || list[0] !== firstDay || list[n - 1] !== lastDay) continue;
    let same = true;
    for (let i = 1; i < n - 1 && same; i++) same = list[i] === series[i + 1]?.time;
    if (!same) continue;
    if (k > 0) {
      lists.splice(k, 1);
      lists.unshift(list);
    }
    return list;
  }
  return undefined;
}

// A window's arrays are cut from shared blocks: an array of its own costs a backing store each (~0.4 µs, ~120k of
// them in a 34-symbol run), a view of a block ~0.05 µs. Blocks are never reused: a view reads zeros until written,
// as a new array does, and a block is freed once no kept window still views it. Small blocks (about eight 60-day
// windows) because a kept window holds its whole block: the memo keeps each pair's last windows, so a pair no
// longer held can keep a block alive for a few windows' worth of bytes, not for thousands.
const BLOCK = 512;
let block = new Float64Array(BLOCK);
let used = 0;

/** `new Float64Array(n)`, as a view of the current block when it fits. */
function cut(n: number): Float64Array {
  if (n > BLOCK / 4) return new Float64Array(n);
  if (used + n > block.length) {
    block = new Float64Array(BLOCK);
    used = 0;
  }
  const view = block.subarray(used, used + n);
  used += n;
  return view;
}

/** The memo's list equal to `days` (moved to the front), or `days` itself kept as the newest. */
function sharedCalendar(memo: CorrelationMemo, days: Float64Array): Float64Array {
  const lists = memo.calendars;
  for (let k = 0; k < lists.length; k++) {
    const list = lists[k];
    if (list !== undefined && equalDays(list, days)) {
      if (k > 0) {
        lists.splice(k, 1);
        lists.unshift(list);
      }
      return list;
    }
  }
  lists.unshift(days);
  if (lists.length > CALENDARS_KEPT) lists.length = CALENDARS_KEPT;
  return days;
}

function equalDays(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length || a[0] !== b[0] || a[a.length - 1] !== b[b.length - 1]) return false;
  for (let k = 1; k < a.length - 1; k++) if (a[k] !== b[k]) return false;
  return true;
}

function idOf(memo: CorrelationMemo, symbol: string): number {
  let id = memo.ids.get(symbol);
  if (id === undefined) {
    id = memo.pairs.length;
    memo.ids.set(symbol, id);
    memo.pairs.push([]);
  }
  return id;
}

function pairCorrelation(kept: (PairEntry | undefined)[], b: number, x: Returns, y: Returns): Pearson {
  const entry = kept[b];
  if (entry !== undefined && entry.x === x && entry.y === y) return entry.r;
  const r = pearson(x, y);
  if (entry === undefined) kept[b] = { x, y, r };
  else {
    entry.x = x;
    entry.y = y;
    entry.r = r;
  }
  return r;
}

// Aligned returns of the pair being computed, reused across calls (grown when a longer window comes).
let alignedX = new Float64Array(256);
let alignedY = new Float64Array(256);

/**
 * Pearson correlation over the days both windows have, in x's order: the same sums in the same order as a
 * reduce over the aligned lists, so the figure does not depend on how the windows are stored.
 */
function pearson(x: Returns | undefined, y: Returns | undefined): Pearson {
  if (x === undefined || y === undefined) return undefined;
  if (x.days === y.days) return sameDays(x, y);
  const run = x.ascending && y.ascending ? commonRun(x.days, y.days) : undefined;
  if (run !== undefined) return pearsonOver(x.values, run.x, y.values, run.y, run.n);
  if (alignedX.length < x.days.length) {
    alignedX = new Float64Array(x.days.length);
    alignedY = new Float64Array(x.days.length);
  }
  const n = x.ascending && y.ascending ? alignSorted(x, y, alignedX, alignedY) : alignByLookup(x, y, alignedX, alignedY);
  return pearsonOver(alignedX, 0, alignedY, 0, n);
}

/**
 * Where two ascending windows share one unbroken run of days (the usual case: the same calendar, one window a
 * day ahead of the other): the run's start in each and its length. Undefined when the shared days are not one
 * run, and a merge must pick them. Every day before a run's start is before the other window's first day, and
 * once the shorter side ends the other's remaining days are later than all of it, so the run is all they share.
 */
function commonRun(xd: Float64Array, yd: Float64Array): { readonly x: number; readonly y: number; readonly n: number } | undefined {
  const x0 = xd[0];
  const y0 = yd[0];
  if (x0 === undefined || y0 === undefined) return { x: 0, y: 0, n: 0 };
  let i = 0;
  let j = 0;
  while (i < xd.length && (xd[i] ?? 0) < y0) i++;
  while (j < yd.length && (yd[j] ?? 0) < x0) j++;
  const n = Math.min(xd.length - i, yd.length - j);
  for (let k = 0; k < n; k++) if (xd[i + k] !== yd[j + k]) return undefined;
  return { x: i, y: j, n };
}

/** Pearson over `n` aligned returns starting at `i` in xs and `j` in ys: sums from 0, in order, as a reduce would. */
function pearsonOver(xs: Float64Array, i: number, ys: Float64Array, j: number, n: number): Pearson {
  if (n < 2) return undefined;
  let sx = 0;
  let sy = 0;
  for (let k = 0; k < n; k++) sx += xs[i + k] ?? 0;
  for (let k = 0; k < n; k++) sy += ys[j + k] ?? 0;
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = (xs[i + k] ?? 0) - mx;
    const dy = (ys[j + k] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // A series that never moved has no defined correlation: leave the pair out rather than call it 0.
  if (!(sxx > 0 && syy > 0)) return undefined;
  return { correlation: sxy / Math.sqrt(sxx * syy), days: n };
}

/**
 * Two windows over the same days: every day aligns, so each window's mean, deviations and sum of squares are
 * its own, computed once per window instead of once per pair, by the same operations in the same order.
 */
function sameDays(x: Returns, y: Returns): Pearson {
  const n = x.days.length;
  if (n < 2) return undefined;
  const cx = centredOf(x);
  const cy = centredOf(y);
  let sxy = 0;
  for (let k = 0; k < n; k++) sxy += (cx.dev[k] ?? 0) * (cy.dev[k] ?? 0);
  if (!(cx.ss > 0 && cy.ss > 0)) return undefined;
  return { correlation: sxy / Math.sqrt(cx.ss * cy.ss), days: n };
}

function centredOf(x: Returns): { readonly dev: Float64Array; readonly ss: number } {
  if (x.centred !== undefined) return x.centred;
  const n = x.values.length;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += x.values[k] ?? 0;
  const mean = sum / n;
  const dev = cut(n);
  let ss = 0;
  for (let k = 0; k < n; k++) {
    const d = (x.values[k] ?? 0) - mean;
    dev[k] = d;
    ss += d * d;
  }
  x.centred = { dev, ss };
  return x.centred;
}

/** Both windows' days ascending: one merge pass. */
function alignSorted(x: Returns, y: Returns, xs: Float64Array, ys: Float64Array): number {
  let n = 0;
  let j = 0;
  const yd = y.days;
  for (let i = 0; i < x.days.length; i++) {
    const day = x.days[i] ?? 0;
    while (j < yd.length && (yd[j] ?? 0) < day) j++;
    if (j < yd.length && yd[j] === day) {
      xs[n] = x.values[i] ?? 0;
      ys[n] = y.values[j] ?? 0;
      n++;
    }
  }
  return n;
}

function alignByLookup(x: Returns, y: Returns, xs: Float64Array, ys: Float64Array): number {
  const index = y.byDay ?? (y.byDay = new Map(Array.from(y.days, (d, k) => [d, y.values[k] ?? 0] as const)));
  let n = 0;
  for (let i = 0; i < x.days.length; i++) {
    const ry = index.get(x.days[i] ?? 0);
    if (ry !== undefined) {
      xs[n] = x.values[i] ?? 0;
      ys[n] = ry;
      n++;
    }
  }
  return n;
}
